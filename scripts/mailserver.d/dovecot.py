"""Dovecot side of an instance: users file, dovecot.conf, start, PID file.

Layout under the state dir:
  dovecot/dovecot.conf  dovecot/users  dovecot/state/
  run/       Dovecot base_dir: master.pid and the unix sockets (lmtp,
             auth-postfix); kept short because of the ~100-byte socket limit
  mail/      homes and maildirs, owned by the numeric mail uid/gid
  dovecot.log
"""

import os
import shutil
import subprocess
from pathlib import Path

from render import render

MAIL_UID = MAIL_GID = 5000

# Post-login CAPABILITY of Dovecot 2.3.19 with our settings, minus MOVE.
# Used only by --no-move, so clients can be tested on their COPY+EXPUNGE
# fallback. (Dovecot still accepts MOVE; it just stops advertising it.)
CAPABILITY_WITHOUT_MOVE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY "
    "THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND "
    "URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED "
    "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH "
    "LIST-STATUS BINARY SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE "
    "LITERAL+ NOTIFY SPECIAL-USE METADATA"
)


def paths(state_dir: Path):
    run = state_dir / "run"
    return {
        "conf": state_dir / "dovecot" / "dovecot.conf",
        "users": state_dir / "dovecot" / "users",
        "state": state_dir / "dovecot" / "state",
        "run": run,
        "mail": state_dir / "mail",
        "log": state_dir / "dovecot.log",
        "stdio": state_dir / "dovecot.stdio.log",
        "pid_file": run / "master.pid",
        "lmtp_socket": run / "lmtp",
        "sasl_socket": run / "auth-postfix",
    }


def write_config(state_dir: Path, users: dict, domain: str, ports: dict, pki: dict, no_move: bool,
                 max_user_connections: int = 1000):
    p = paths(state_dir)
    for d in (p["conf"].parent, p["state"], p["run"]):
        d.mkdir(parents=True, exist_ok=True)
        d.chmod(0o755)  # Dovecot's unprivileged processes traverse these
    p["mail"].mkdir(exist_ok=True)
    os.chown(p["mail"], MAIL_UID, MAIL_GID)
    p["mail"].chmod(0o700)

    # passwd-file: user:password:uid:gid:gecos:home:shell
    lines = []
    for user, password in users.items():
        local, dom = user.split("@")
        home = p["mail"] / dom / local
        lines.append(f"{user}:{{PLAIN}}{password}:{MAIL_UID}:{MAIL_GID}::{home}::\n")
    p["users"].write_text("".join(lines))
    # Readable by the auth processes (group dovecot), not by everyone.
    shutil.chown(p["users"], "root", "dovecot")
    p["users"].chmod(0o640)

    dh = Path("/usr/share/dovecot/dh.pem")
    conf = render(
        "dovecot.conf.in",
        {
            "RUN_DIR": p["run"],
            "STATE_DIR": p["state"],
            "INSTANCE": state_dir.name or "root",
            "LOG": p["log"],
            "USERS": p["users"],
            "CERT": pki["cert"],
            "KEY": pki["key"],
            "UNTRUSTED_CERT": pki["untrusted_cert"],
            "UNTRUSTED_KEY": pki["untrusted_key"],
            "SSL_DH": f"ssl_dh = <{dh}" if dh.exists() else "# no ssl_dh: ECDHE only",
            "IMAP_PORT": ports["imap_port"],
            "IMAPS_PORT": ports["imaps_port"],
            "IMAPS_UNTRUSTED_PORT": ports["imaps_untrusted_port"],
            "MANAGESIEVE_PORT": ports["managesieve_port"],
            "DOMAIN": domain,
            "MAX_USER_CONNECTIONS": str(max_user_connections),
            "IMAP_CAPABILITY": f"  imap_capability = {CAPABILITY_WITHOUT_MOVE}" if no_move else "",
        },
    )
    p["conf"].write_text(conf)
    return p


def start(state_dir: Path):
    """Start the Dovecot master (it daemonizes). Returns (ok, message)."""
    p = paths(state_dir)
    # stdio to a file: the master keeps the caller's stderr open otherwise,
    # and a caller piping our output would wait forever.
    with open(p["stdio"], "ab") as out:
        r = subprocess.run(
            ["dovecot", "-c", str(p["conf"])],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
        )
    if r.returncode != 0:
        return False, f"dovecot exited with {r.returncode}"
    return True, ""
