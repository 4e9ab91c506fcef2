#!/usr/bin/env python3
"""Fill a scripts/mailserver instance with mail. Python 3.11 stdlib only.

  scripts/seed-demo.py INSTANCE                     # the demo account
  scripts/seed-demo.py INSTANCE --bulk N --user U --folder F [--password P]

INSTANCE is DIR/instance.json written by `scripts/mailserver start` (or DIR).

Demo mode seeds demo@example.test with the fixed corpus of
scripts/mailserver.d/demo_corpus.py (62 INBOX + 6 Sent messages over the last
14 days, dated relative to now), then makes Postfix produce ONE real DSN
bounce: a message from demo@ to the unknown nobody@example.test, sent with
RET=HDRS/ENVID/NOTIFY=SUCCESS,FAILURE, comes back as a multipart/report in
the demo INBOX. It returns once the bounce is there. Running it again on a
seeded account does nothing.

Bulk mode appends N small synthetic messages to folder F of user U (created
if missing), pipelined as MULTIAPPEND commands with LITERAL+ so 10,000
messages take a few seconds. Meant for benchmarks.

Messages are appended over plain IMAP on loopback with INTERNALDATE equal to
their Date header, so "received" dates group by day realistically.
"""

import argparse
import imaplib
import json
import smtplib
import socket
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent / "mailserver.d"))

import demo_corpus  # noqa: E402

BOUNCE_TIMEOUT = 20.0


def load_instance(path):
    p = Path(path)
    if p.is_dir():
        p = p / "instance.json"
    return json.loads(p.read_text())


def imap_login(inst, user, password):
    imap = imaplib.IMAP4(inst["host"], inst["imap_port"], timeout=30)
    imap.login(user, password)
    return imap


def ok(result, what):
    typ, data = result
    if typ != "OK":
        raise RuntimeError(f"{what} failed: {typ} {data}")
    return data


# --- demo mode ---------------------------------------------------------------------
def already_seeded(imap):
    ok(imap.select("INBOX", readonly=True), "SELECT INBOX")
    data = ok(imap.search(None, "HEADER", "Message-ID", demo_corpus.FIRST_MESSAGE_ID), "SEARCH")
    imap.close()
    return bool(data[0].split())


def send_bounce_trigger(inst):
    """Hand Postfix the message that will bounce. Done first: Postfix works on
    it while we append the rest."""
    b = demo_corpus.BOUNCE_TRIGGER
    raw = demo_corpus.bounce_trigger_message()
    with smtplib.SMTP(inst["host"], inst["smtp_port"], timeout=30) as smtp:
        smtp.ehlo("seed.example.test")
        if not smtp.has_extn("dsn"):
            raise RuntimeError("Postfix does not advertise DSN")
        smtp.sendmail(
            b["from"][1],
            [b["to"][1]],
            raw,
            mail_options=["RET=HDRS", f"ENVID={b['envid']}"],
            rcpt_options=["NOTIFY=SUCCESS,FAILURE"],
        )
    return raw


def append(imap, folder, flags, when, raw):
    flag_list = "(" + " ".join(flags) + ")" if flags else None
    ok(imap.append(folder, flag_list, imaplib.Time2Internaldate(when), raw), f"APPEND to {folder}")


def wait_for_bounce(imap):
    ok(imap.select("INBOX"), "SELECT INBOX")
    deadline = time.monotonic() + BOUNCE_TIMEOUT
    while True:
        imap.noop()  # lets Dovecot report newly delivered mail
        data = ok(imap.search(None, "HEADER", "Content-Type", "report-type=delivery-status"), "SEARCH")
        if data[0].split():
            return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"no bounce in INBOX after {BOUNCE_TIMEOUT:.0f} s; see the postfix_log of the instance"
            )
        time.sleep(0.1)


def seed_demo(inst):
    t0 = time.monotonic()
    imap = imap_login(inst, inst["demo_user"], inst["demo_password"])
    try:
        if already_seeded(imap):
            print(f"{inst['demo_user']} is already seeded; nothing to do")
            return
        trigger = send_bounce_trigger(inst)
        seeds = demo_corpus.build()
        for s in seeds:
            append(imap, s.folder, s.flags, s.internaldate, s.raw)
        # What the client would have saved when sending the bouncing message.
        append(imap, "Sent", ("\\Seen",), datetime.now().astimezone(), trigger)
        wait_for_bounce(imap)
        counts = {}
        for s in seeds:
            counts[s.folder] = counts.get(s.folder, 0) + 1
        print(
            f"seeded {inst['demo_user']}: INBOX {counts['INBOX']} + 1 bounce, Sent {counts['Sent']} + 1 "
            f"in {time.monotonic() - t0:.2f} s"
        )
    finally:
        imap.logout()


# --- bulk mode ---------------------------------------------------------------------
SENDERS = [
    ("Camille Martin", "camille.martin@acme-industrie.test"),
    ("Marc Dubois", "marc.dubois@acme-industrie.test"),
    ("Alice Moreau", "alice@example.test"),
    ("Bob Carter", "bob@example.test"),
    ("Emily Watson", "emily.watson@northwind.test"),
    ("Forge", "notifications@forge.test"),
    ("TechWeekly", "digest@techweekly.test"),
]
TOPICS = ["Rapport hebdomadaire", "Weekly report", "Relance facture", "Build failed", "Invitation", "Compte rendu", "Question"]


def bulk_message(i, user, when):
    name, sender = SENDERS[i % len(SENDERS)]
    topic = TOPICS[(i // 3) % len(TOPICS)]
    return (
        f"Date: {when.strftime('%a, %d %b %Y %H:%M:%S +0000')}\r\n"
        f"From: {name} <{sender}>\r\n"
        f"To: <{user}>\r\n"
        f"Subject: {topic} #{i:05d}\r\n"
        f"Message-ID: <bulk-{i:06d}@seed.example.test>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"Message synthétique numéro {i} pour les tests de charge.\r\n"
        f"Synthetic message number {i} for load tests.\r\n"
    ).encode("utf-8")


class RawImap:
    """Just enough IMAP over a socket to pipeline big MULTIAPPENDs, which
    imaplib cannot do (one literal per command, a round trip per literal)."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=120)
        self.buf = b""
        self.tag = 0
        self._line()  # greeting

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("IMAP connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def command(self, payload: bytes):
        self.tag += 1
        tag = b"b%d" % self.tag
        self.sock.sendall(tag + b" " + payload + b"\r\n")
        while True:
            line = self._line()
            if line.startswith(tag + b" "):
                if not line[len(tag) + 1 :].startswith(b"OK"):
                    raise RuntimeError(line.decode(errors="replace"))
                return line


def quote(s):
    return b'"' + s.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def seed_bulk(inst, user, password, folder, count, batch=500):
    t0 = time.monotonic()
    imap = RawImap(inst["host"], inst["imap_port"])
    imap.command(b"LOGIN " + quote(user) + b" " + quote(password))
    try:
        imap.command(b"CREATE " + quote(folder))
    except RuntimeError as e:
        if "ALREADYEXISTS" not in str(e):
            raise
    # Newest message "now", then one every 7 minutes back in time.
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for start in range(0, count, batch):
        parts = [b"APPEND " + quote(folder)]
        for i in range(start, min(start + batch, count)):
            when = now - timedelta(minutes=7 * (count - 1 - i))
            raw = bulk_message(i, user, when)
            flags = b"()" if i % 10 == 0 else b"(\\Seen)"
            date = imaplib.Time2Internaldate(when).encode()
            # LITERAL+ ({n+}): no waiting for a continuation per message.
            parts.append(b" %s %s {%d+}\r\n%s" % (flags, date, len(raw), raw))
        imap.command(b"".join(parts))
    imap.command(b"LOGOUT")
    print(f"appended {count} messages to {user} {folder} in {time.monotonic() - t0:.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instance", help="DIR/instance.json of a running scripts/mailserver (or DIR)")
    parser.add_argument("--bulk", type=int, metavar="N", help="append N synthetic messages instead of the demo corpus")
    parser.add_argument("--user", help="bulk: account (default: the demo user)")
    parser.add_argument("--password", help="bulk: password (default: from instance.json)")
    parser.add_argument("--folder", default="INBOX", help="bulk: folder, created if missing (default INBOX)")
    args = parser.parse_args()

    inst = load_instance(args.instance)
    try:
        if args.bulk is None:
            seed_demo(inst)
        else:
            user = args.user or inst["demo_user"]
            password = args.password or inst["users"].get(user)
            if password is None:
                sys.exit(f"seed-demo: unknown user {user}; pass --password")
            seed_bulk(inst, user, password, args.folder, args.bulk)
    except (OSError, RuntimeError, imaplib.IMAP4.error, smtplib.SMTPException) as e:
        sys.exit(f"seed-demo: {e}")


if __name__ == "__main__":
    main()
