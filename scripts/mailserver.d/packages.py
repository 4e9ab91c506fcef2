"""Install the Debian packages the throwaway mail servers need, without
starting any system daemon.

Skipped entirely when everything is already installed (the common case), so
`mailserver start` stays fast.
"""

import os
import subprocess
import sys

PACKAGES = [
    "dovecot-imapd",
    "dovecot-lmtpd",
    "dovecot-managesieved",
    "dovecot-sieve",
    "postfix",
    "openssl",
]

POLICY_RC_D = "/usr/sbin/policy-rc.d"


def missing_packages():
    missing = []
    for pkg in PACKAGES:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0 or "install ok installed" not in out.stdout:
            missing.append(pkg)
    return missing


def ensure_packages():
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"mailserver: missing packages {missing} and not root; install them first")
    print(f"mailserver: installing {' '.join(missing)} (one-time, ~20 s)", file=sys.stderr)

    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # "No configuration": the postfix postinst must not write a live
    # /etc/postfix/main.cf; our instances bring their own config.
    subprocess.run(
        ["debconf-set-selections"],
        input="postfix postfix/main_mailer_type select No configuration\n",
        text=True,
        check=True,
    )
    # Package postinst scripts try to start the system services (which would
    # bind :25/:143/:993). A policy-rc.d that exits 101 forbids that. Only
    # install our own when none exists, and remove only what we installed.
    own_policy = not os.path.exists(POLICY_RC_D)
    if own_policy:
        with open(POLICY_RC_D, "w") as f:
            f.write("#!/bin/sh\n# temporary, installed by facteur scripts/mailserver\nexit 101\n")
        os.chmod(POLICY_RC_D, 0o755)
    try:
        # Output goes to stderr: our stdout is reserved for the final JSON.
        subprocess.run(["apt-get", "update"], env=env, check=True, stdout=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", *missing],
            env=env,
            check=True,
            stdout=sys.stderr,
        )
    finally:
        if own_policy:
            os.unlink(POLICY_RC_D)
