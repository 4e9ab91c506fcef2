"""start / stop / status of one instance, i.e. one state dir.

The state dir holds everything (config, sockets, queue, mail, logs) and is
marked with a `.facteur-mailserver` file; `start` wipes a marked dir and
refuses to touch an unmarked non-empty one.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dovecot
import packages
import postfix
import procs
from ports import pick_ports, port_is_free
from tls import make_pki

HOST = "127.0.0.1"
UNTRUSTED_HOST = "127.0.0.2"
DOMAIN = "example.test"
MARKER = ".facteur-mailserver"
# Dovecot puts sockets like run/login/imap-urlauth under the state dir and
# sun_path holds ~107 bytes.
MAX_DIR_LEN = 70
READY_TIMEOUT = 15.0
SEED_SCRIPT = Path(__file__).resolve().parent.parent / "seed-demo.py"

DEMO_USER, DEMO_PASSWORD = f"demo@{DOMAIN}", "demo"
USERS = {DEMO_USER: DEMO_PASSWORD}
for _name in ["alice", "bob", "carol", "test1", "test2", "test3", "test4", "test5", "test6", "test7", "test8"]:
    USERS[f"{_name}@{DOMAIN}"] = "secret"
# A password no log line could hold by chance ("secret" is a word TLS libraries use), for
# the test that searches the bridge's logs for it (tests/tests/hardening_logs.rs).
USERS[f"logcheck@{DOMAIN}"] = "Pw-logcheck-7Qx9-never-in-logs"


def log(msg):
    print(f"mailserver: {msg}", file=sys.stderr, flush=True)


def fail(msg, state_dir=None):
    log(msg)
    if state_dir is not None:
        for name in ["dovecot.stdio.log", "dovecot.log", "postfix.stdio.log", "postfix.log", "seed.log"]:
            f = state_dir / name
            if f.exists() and f.stat().st_size:
                tail = f.read_text(errors="replace").splitlines()[-15:]
                print(f"--- tail of {f} ---", file=sys.stderr)
                print("\n".join(tail), file=sys.stderr)
    sys.exit(1)


def _pids(state_dir: Path):
    """(dovecot_pid, postfix_pid) of the masters that are really running."""
    d = procs.read_pid(dovecot.paths(state_dir)["pid_file"])
    p = procs.read_pid(postfix.paths(state_dir)["pid_file"])
    return (
        d if procs.is_alive(d, "dovecot") else None,
        p if procs.is_alive(p, "master") else None,
    )


def _prepare_dir(state_dir: Path):
    if len(str(state_dir)) > MAX_DIR_LEN:
        fail(f"--dir {state_dir} is too long (max {MAX_DIR_LEN} chars): unix socket paths would not fit")
    if any(_pids(state_dir)):
        fail(f"an instance is already running in {state_dir}; run `mailserver stop --dir {state_dir}` first")
    if state_dir.exists():
        entries = list(state_dir.iterdir())
        if entries and not (state_dir / MARKER).exists():
            fail(f"{state_dir} is not empty and was not made by mailserver; refusing to wipe it")
        for e in entries:
            if e.is_dir() and not e.is_symlink():
                shutil.rmtree(e)
            else:
                e.unlink()
    state_dir.mkdir(parents=True, exist_ok=True)
    # Dovecot's and Postfix's unprivileged processes must traverse every
    # directory down to their sockets (mktemp -d makes 0700 dirs).
    state_dir.chmod(0o755)
    for parent in state_dir.parents:
        if parent.stat().st_mode & 0o001 == 0:
            fail(f"{parent} is not world-traversable (o+x); unprivileged server processes could not reach {state_dir}")
    (state_dir / MARKER).write_text("state dir of a throwaway Dovecot+Postfix (facteur scripts/mailserver)\n")


def _bind_failed(state_dir: Path):
    text = ""
    for name in ["dovecot.stdio.log", "dovecot.log", "postfix.stdio.log", "postfix.log"]:
        f = state_dir / name
        if f.exists():
            text += f.read_text(errors="replace")
    return "Address already in use" in text


def _launch(state_dir: Path, ports: dict, pki: dict, no_move: bool, max_user_connections: int = 1000):
    """Write configs, start both masters, wait for all listeners. Returns an
    error string or None."""
    dp = dovecot.write_config(state_dir, USERS, DOMAIN, ports, pki, no_move, max_user_connections)
    ok, msg = dovecot.start(state_dir)
    if not ok:
        return msg
    postfix.write_config(state_dir, DOMAIN, ports, pki, dp["lmtp_socket"], dp["sasl_socket"])
    ok, msg = postfix.start(state_dir)
    if not ok:
        return msg

    ca = str(pki["ca_pem"])
    checks = [
        ("imap", lambda: procs.probe(ports["imap_port"], "imap")),
        ("imaps", lambda: procs.probe(ports["imaps_port"], "tls", ca_file=ca)),
        ("imaps-untrusted", lambda: procs.probe(ports["imaps_untrusted_port"], "tls", host=UNTRUSTED_HOST)),
        ("smtp", lambda: procs.probe(ports["smtp_port"], "smtp")),
        ("submission", lambda: procs.probe(ports["submission_port"], "smtp")),
        ("smtps", lambda: procs.probe(ports["smtps_port"], "tls", ca_file=ca)),
        ("managesieve", lambda: procs.probe(ports["managesieve_port"], "sieve")),
        ("lmtp-socket", lambda: _check_socket(dp["lmtp_socket"])),
    ]

    def dead():
        d, p = _pids(state_dir)
        if not d:
            return "dovecot is not running"
        if not p:
            return "postfix is not running"
        return None

    return procs.wait_ready(checks, time.monotonic() + READY_TIMEOUT, dead)


def _check_socket(path: Path):
    if not path.is_socket():
        raise ConnectionError(f"{path} does not exist yet")


def _describe(state_dir: Path, ports: dict, pki: dict, no_move: bool, max_user_connections: int = 1000):
    d, p = _pids(state_dir)
    return {
        "dir": str(state_dir),
        "host": HOST,
        "domain": DOMAIN,
        "imap_port": ports["imap_port"],
        "imaps_port": ports["imaps_port"],
        "imaps_untrusted_host": UNTRUSTED_HOST,
        "imaps_untrusted_port": ports["imaps_untrusted_port"],
        "smtp_port": ports["smtp_port"],
        "submission_port": ports["submission_port"],
        "smtps_port": ports["smtps_port"],
        "managesieve_port": ports["managesieve_port"],
        "lmtp_socket": str(dovecot.paths(state_dir)["lmtp_socket"]),
        "ca_pem": str(pki["ca_pem"]),
        "untrusted_ca_pem": str(pki["untrusted_ca_pem"]),
        "demo_user": DEMO_USER,
        "demo_password": DEMO_PASSWORD,
        "users": USERS,
        "no_move": no_move,
        "dovecot_pid": d,
        "postfix_pid": p,
        "dovecot_log": str(dovecot.paths(state_dir)["log"]),
        "postfix_log": str(postfix.paths(state_dir)["log"]),
    }


def _env_lines(info: dict):
    """KEY=VALUE for every JSON key (upper-cased); users as USERS='u:pw u:pw'."""
    lines = []
    for key, value in info.items():
        if isinstance(value, dict):
            value = " ".join(f"{u}:{pw}" for u, pw in value.items())
        elif isinstance(value, bool):
            value = "1" if value else "0"
        lines.append(f"{key.upper()}={shlex.quote(str(value))}\n")
    return "".join(lines)


def start(dir_arg: str, seed_demo: bool, base_port, no_move: bool, max_user_connections: int = 1000):
    t0 = time.monotonic()
    state_dir = Path(dir_arg).absolute()
    if os.geteuid() != 0:
        fail("start must run as root: the server masters start as root and the state dir is chowned to uid 5000 and postfix")
    packages.ensure_packages()
    _prepare_dir(state_dir)
    try:
        info = _start_servers(state_dir, base_port, no_move, max_user_connections)
    except BaseException:
        # A bug or Ctrl-C must not leave half an instance running.
        _stop(state_dir)
        raise
    (state_dir / "instance.json").write_text(json.dumps(info, indent=2) + "\n")
    (state_dir / "env").write_text(_env_lines(info))
    log(f"servers up in {time.monotonic() - t0:.2f} s")

    if seed_demo:
        t1 = time.monotonic()
        with open(state_dir / "seed.log", "wb") as out:
            r = subprocess.run(
                [sys.executable, str(SEED_SCRIPT), str(state_dir / "instance.json")],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if r.returncode != 0:
            _stop(state_dir)
            fail("seeding the demo account failed; servers stopped", state_dir)
        log(f"demo account seeded in {time.monotonic() - t1:.2f} s")

    print(json.dumps(info), flush=True)


def _start_servers(state_dir: Path, base_port, no_move: bool, max_user_connections: int = 1000):
    pki = make_pki(state_dir)
    attempts = 1 if base_port is not None else 4
    for attempt in range(attempts):
        ports = pick_ports(base_port)
        if base_port is not None:
            busy = [n for n, port in ports.items() if not port_is_free(port)]
            if busy:
                fail(f"ports already in use with --base-port {base_port}: {busy}")
        err = _launch(state_dir, ports, pki, no_move, max_user_connections)
        if not err:
            break
        retry = attempt + 1 < attempts and _bind_failed(state_dir)
        if not retry:
            _stop(state_dir)
            fail(f"start failed: {err}", state_dir)
        log(f"a port was taken meanwhile ({err}); retrying with other ports")
        _stop(state_dir)
        for name in ["dovecot.stdio.log", "dovecot.log", "postfix.stdio.log", "postfix.log"]:
            (state_dir / name).unlink(missing_ok=True)
    return _describe(state_dir, ports, pki, no_move, max_user_connections)


def _stop(state_dir: Path):
    d, p = _pids(state_dir)
    procs.stop_trees([pid for pid in (d, p) if pid])


def stop(dir_arg: str):
    state_dir = Path(dir_arg).absolute()
    t0 = time.monotonic()
    d, p = _pids(state_dir)
    if not (d or p):
        log(f"nothing running in {state_dir}")
        return
    _stop(state_dir)
    log(f"stopped in {time.monotonic() - t0:.2f} s")


def status(dir_arg: str):
    state_dir = Path(dir_arg).absolute()
    d, p = _pids(state_dir)
    print(json.dumps({"dir": str(state_dir), "dovecot_pid": d, "postfix_pid": p, "running": bool(d and p)}))
    return 0 if (d and p) else 3
