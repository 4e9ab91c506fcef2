"""Process helpers: PID files, process trees, graceful stop, readiness probes.

We stop servers by PID (never by name) so that parallel instances, and
anything else on the machine, are left alone.
"""

import os
import signal
import socket
import ssl
import time
from pathlib import Path


def read_pid(pid_file: Path):
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return None


def is_alive(pid, expected_comm=None):
    """True if PID exists (and is not a zombie) and, if given, runs `expected_comm`.

    The name check protects against a stale PID file whose number was reused.
    """
    if not pid:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[1].split()[0] == "Z":
        return False
    return expected_comm is None or comm(pid) == expected_comm


def descendants(pid):
    """All PIDs below `pid` in the process tree (children first found first)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def stop_trees(pids, timeout=5.0):
    """SIGTERM each master, wait for it and all its descendants to exit,
    SIGKILL whatever is left after `timeout` seconds."""
    victims = set()
    for pid in pids:
        # Snapshot the tree first: once the master dies its children are
        # reparented and can no longer be found from it.
        victims.update([pid, *descendants(pid)])
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        victims = {p for p in victims if is_alive(p)}
        if not victims:
            return
        time.sleep(0.05)
    for pid in victims:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 2
    while victims and time.monotonic() < deadline:
        victims = {p for p in victims if is_alive(p)}
        time.sleep(0.05)


def _connect(port, host, timeout):
    return socket.create_connection((host, port), timeout=timeout)


def probe(port, kind, host="127.0.0.1", ca_file=None, timeout=1.0):
    """One readiness check. kind: 'imap' / 'smtp' / 'sieve' read the banner;
    'tls' completes a TLS handshake trusting `ca_file` (None: no verification)."""
    with _connect(port, host, timeout) as sock:
        sock.settimeout(timeout)
        if kind == "tls":
            ctx = ssl.create_default_context(cafile=ca_file) if ca_file else ssl._create_unverified_context()
            with ctx.wrap_socket(sock, server_hostname=host) as tls:
                tls.do_handshake()
            return
        banner = sock.recv(4096)
        ok = {"imap": b"* OK", "smtp": b"220", "sieve": b'"IMPLEMENTATION"'}[kind]
        if ok not in banner:
            raise ConnectionError(f"unexpected banner on port {port}: {banner[:80]!r}")
        if kind == "smtp":
            sock.sendall(b"QUIT\r\n")
        elif kind == "imap":
            sock.sendall(b"a LOGOUT\r\n")
        elif kind == "sieve":
            sock.sendall(b"LOGOUT\r\n")


def wait_ready(checks, deadline, alive):
    """Poll `checks` ([(label, callable)]) until all pass or `deadline`.

    `alive()` returns an error string when a server died (no point waiting).
    Returns None on success, or a message naming what is not ready.
    """
    pending = list(checks)
    last_error = {}
    while pending:
        dead = alive()
        if dead:
            return dead
        still = []
        for label, check in pending:
            try:
                check()
            except (OSError, ConnectionError) as e:
                last_error[label] = e
                still.append((label, check))
        pending = still
        if not pending:
            return None
        if time.monotonic() > deadline:
            return "not ready: " + ", ".join(f"{label} ({last_error[label]})" for label, _ in pending)
        time.sleep(0.05)
    return None
