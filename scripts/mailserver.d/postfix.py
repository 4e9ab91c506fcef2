"""Postfix side of an instance: main.cf, master.cf, queue, start, PID file.

Layout under the state dir:
  postfix/main.cf postfix/master.cf   config_directory (postfix -c ...)
  postfix-queue/                      queue_directory (pid/master.pid inside)
  postfix-data/                       data_directory, owned by user postfix
  postfix.log                         maillog_file (no syslog)
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

from render import render


def paths(state_dir: Path):
    queue = state_dir / "postfix-queue"
    return {
        "config": state_dir / "postfix",
        "queue": queue,
        "data": state_dir / "postfix-data",
        "log": state_dir / "postfix.log",
        "stdio": state_dir / "postfix.stdio.log",
        "pid_file": queue / "pid" / "master.pid",
    }


def write_config(state_dir: Path, domain: str, ports: dict, pki: dict, lmtp_socket: Path, sasl_socket: Path):
    p = paths(state_dir)
    for d in (p["config"], p["queue"], p["data"]):
        d.mkdir(exist_ok=True)
        d.chmod(0o755)
    shutil.chown(p["data"], "postfix", "postfix")

    values = {
        "CONFIG_DIR": p["config"],
        "QUEUE_DIR": p["queue"],
        "DATA_DIR": p["data"],
        "STATE_DIR": state_dir,
        "LOG": p["log"],
        "DOMAIN": domain,
        "LMTP_SOCKET": lmtp_socket,
        "SASL_SOCKET": sasl_socket,
        "CERT": pki["cert"],
        "KEY": pki["key"],
        "SMTP_PORT": ports["smtp_port"],
        "SUBMISSION_PORT": ports["submission_port"],
        "SMTPS_PORT": ports["smtps_port"],
    }
    main_cf = p["config"] / "main.cf"
    main_cf.write_text(render("postfix-main.cf.in", values))
    (p["config"] / "master.cf").write_text(render("postfix-master.cf.in", values))
    # Postfix daemons re-read a main.cf modified in the last ~2 s (they think
    # it is still being edited), which delays startup: back-date it.
    past = time.time() - 60
    os.utime(main_cf, (past, past))
    os.utime(p["config"] / "master.cf", (past, past))

    # Create the queue tree with the right owners now; otherwise `postfix
    # start` runs a ~2 s integrity check / repair on the fresh queue.
    _postfix(p, "post-install", "create-missing")
    return p


def _postfix(p, *args):
    with open(p["stdio"], "ab") as out:
        return subprocess.run(
            ["postfix", "-c", str(p["config"]), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            env=dict(os.environ, MAIL_CONFIG=str(p["config"])),
        ).returncode


def start(state_dir: Path):
    """Start the Postfix master (`postfix start` waits until it is up)."""
    rc = _postfix(paths(state_dir), "start")
    if rc != 0:
        return False, f"postfix start exited with {rc}"
    return True, ""
