"""Test PKI: two unrelated CAs, each with one leaf certificate.

* The "trusted" CA (DIR/ca.pem) signs the certificate every TLS listener
  serves by default. Clients trust DIR/ca.pem.
* The "untrusted" CA signs the certificate of one extra IMAPS listener, so
  tests can check that a client given DIR/ca.pem still rejects a server whose
  certificate chains to some other CA.

Why a CA plus a leaf and not one self-signed cert: a plain `openssl req -x509`
cert has CA:TRUE and rustls rejects it as an end-entity (CaUsedAsEndEntity).
EC P-256 keys: generated instantly, accepted by rustls and OpenSSL.
"""

import subprocess
from pathlib import Path


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_ca_and_leaf(tls_dir: Path, prefix: str, ca_cn: str, sans: str):
    ca_key, ca_pem = f"{prefix}ca.key", f"{prefix}ca.pem"
    leaf_key, leaf_csr, leaf_pem = f"{prefix}leaf.key", f"{prefix}leaf.csr", f"{prefix}leaf.pem"
    ext = tls_dir / f"{prefix}leaf.ext"
    ext.write_text(
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature\n"
        "extendedKeyUsage = serverAuth\n"
        f"subjectAltName = {sans}\n"
    )
    _openssl(
        "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", ca_key, "-out", ca_pem, "-days", "3650",
        "-subj", f"/O=Facteur tests/CN={ca_cn}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=tls_dir,
    )
    _openssl(
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", leaf_key, "-out", leaf_csr, "-subj", "/O=Facteur tests/CN=localhost",
        cwd=tls_dir,
    )
    _openssl(
        "x509", "-req", "-in", leaf_csr, "-CA", ca_pem, "-CAkey", ca_key,
        "-CAcreateserial", "-days", "825", "-extfile", ext.name, "-out", leaf_pem,
        cwd=tls_dir,
    )


def make_pki(state_dir: Path):
    """Create DIR/tls/* and DIR/ca.pem; return a dict of the paths."""
    tls_dir = state_dir / "tls"
    tls_dir.mkdir(mode=0o755)
    _make_ca_and_leaf(tls_dir, "", "Facteur test CA", "DNS:localhost, IP:127.0.0.1")
    # The untrusted listener lives on 127.0.0.2 (see dovecot.conf.in); its
    # SANs match every loopback name so that the only thing wrong with it is
    # the issuing CA. A distinct CA name too, so verifiers report an unknown
    # issuer rather than a bad signature from a same-named trusted CA.
    _make_ca_and_leaf(
        tls_dir, "untrusted-", "Facteur UNTRUSTED test CA",
        "DNS:localhost, IP:127.0.0.1, IP:127.0.0.2",
    )
    # Keys must be readable by the Dovecot/Postfix masters only (root).
    for key in tls_dir.glob("*.key"):
        key.chmod(0o600)
    ca_pem = state_dir / "ca.pem"
    ca_pem.write_bytes((tls_dir / "ca.pem").read_bytes())
    ca_pem.chmod(0o644)
    return {
        "ca_pem": ca_pem,
        "cert": tls_dir / "leaf.pem",
        "key": tls_dir / "leaf.key",
        "untrusted_ca_pem": tls_dir / "untrusted-ca.pem",
        "untrusted_cert": tls_dir / "untrusted-leaf.pem",
        "untrusted_key": tls_dir / "untrusted-leaf.key",
    }
