"""Choose the TCP ports of one instance.

Auto mode asks the kernel for free ports (bind to port 0) and holds all the
sockets open until every port is chosen, so the ports of one instance are
distinct. Another process can still grab one before the servers bind it;
instance.py retries with fresh ports when a bind fails.
"""

import socket

# The order of the --base-port layout: base, base+1, ...
PORT_NAMES = [
    "imap_port",
    "imaps_port",
    "imaps_untrusted_port",
    "smtp_port",
    "submission_port",
    "smtps_port",
    "managesieve_port",
]


def pick_ports(base_port=None):
    if base_port is not None:
        return {name: base_port + i for i, name in enumerate(PORT_NAMES)}
    socks = []
    try:
        ports = {}
        for name in PORT_NAMES:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            # The untrusted listener binds 127.0.0.2; 127.0.0.1 is probed for
            # every port, which is good enough on a loopback that covers /8.
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports[name] = s.getsockname()[1]
        return ports
    finally:
        for s in socks:
            s.close()


def port_is_free(port, host="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        s.close()
