"""Fill @NAME@ placeholders of the config templates next to this file.

@NAME@ rather than $NAME or {NAME}: Dovecot and Postfix configs use both
$ and braces themselves.
"""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(template_name: str, values: dict) -> str:
    text = (HERE / template_name).read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"{template_name}: unfilled placeholders {sorted(set(left))}")
    return text
