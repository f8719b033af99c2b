"""A real test PKI: a CA, server and client certificates, and STS signing keys.

`konform pki` writes one into a folder; simulators and clients load it from there.
An "untrusted" CA signs a second client certificate and STS key, so that a test
can present something well-formed that the simulator must refuse.
"""

from __future__ import annotations

import ipaddress
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: Every certificate of a test PKI is valid from BACKDATE before it was made until VALIDITY after:
#: a suite that takes hours, a simulator clock moved back for a scenario, or a PKI folder kept
#: for years by `konform serve` all stay inside the window. Nothing here is ever a real key.
BACKDATE = timedelta(days=5 * 365)
VALIDITY = timedelta(days=20 * 365)


def validity_window(made: datetime | None = None) -> tuple[datetime, datetime]:
    """(not before, not after) of the certificates of a test PKI made at `made` (default: now)."""
    moment = (made or datetime.now(UTC)).replace(microsecond=0)
    return moment - BACKDATE, moment + VALIDITY


@dataclass(frozen=True)
class Pki:
    """Paths of the PEM files in a konform test PKI folder."""

    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name

    @property
    def ca(self) -> Path:
        return self.path("ca.pem")

    @property
    def server_cert(self) -> Path:
        return self.path("server.pem")

    @property
    def server_key(self) -> Path:
        return self.path("server.key")

    @property
    def client_cert(self) -> Path:
        return self.path("client.pem")

    @property
    def client_key(self) -> Path:
        return self.path("client.key")

    @property
    def untrusted_client_cert(self) -> Path:
        return self.path("untrusted-client.pem")

    @property
    def untrusted_client_key(self) -> Path:
        return self.path("untrusted-client.key")

    @property
    def untrusted_ca(self) -> Path:
        return self.path("untrusted-ca.pem")

    @property
    def sts_cert(self) -> Path:
        return self.path("sts.pem")

    @property
    def sts_key(self) -> Path:
        return self.path("sts.key")

    @property
    def untrusted_sts_cert(self) -> Path:
        return self.path("untrusted-sts.pem")

    @property
    def untrusted_sts_key(self) -> Path:
        return self.path("untrusted-sts.key")


def ensure(folder: Path) -> Pki:
    """The PKI in `folder`, created first if it is not complete.

    A new PKI is made beside `folder` and renamed into place, so two commands starting
    at once (two simulators, a simulator and `konform idcard`) end up with one PKI whose
    keys and certificates belong together.
    """
    pki = Pki(folder)
    if all(pki.path(name).exists() for name in _FILES):
        return pki
    if folder.is_dir() and any(folder.iterdir()):
        create(folder)  # an incomplete PKI is replaced in place
        return pki
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-partial-", dir=folder.parent))
    create(partial)
    try:
        partial.rename(folder)  # replaces an empty folder; fails if another command got there first
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
    return pki


_FILES = (
    "ca.pem",
    "server.pem",
    "server.key",
    "client.pem",
    "client.key",
    "untrusted-ca.pem",
    "untrusted-client.pem",
    "untrusted-client.key",
    "sts.pem",
    "sts.key",
    "untrusted-sts.pem",
    "untrusted-sts.key",
)


def create(folder: Path) -> Pki:
    """Write a fresh test PKI into `folder` (overwriting one that is there)."""
    folder.mkdir(parents=True, exist_ok=True)
    window = validity_window()
    ca_key, ca_cert = _authority("konform test CA", window)
    bad_key, bad_cert = _authority("konform untrusted CA", window)
    _write_cert(folder / "ca.pem", ca_cert)
    _write_key(folder / "ca.key", ca_key)
    _write_cert(folder / "untrusted-ca.pem", bad_cert)
    leaves = {
        "server": (ca_key, ca_cert, "localhost", True),
        "client": (ca_key, ca_cert, "SE2321000131-konform-client", False),
        "untrusted-client": (bad_key, bad_cert, "SE2321000131-konform-client", False),
        "sts": (ca_key, ca_cert, "konform test STS", False),
        "untrusted-sts": (bad_key, bad_cert, "konform test STS", False),
    }
    for name, (issuer_key, issuer_cert, common_name, server) in leaves.items():
        key, cert = _leaf(issuer_key, issuer_cert, common_name, window, server=server)
        _write_cert(folder / f"{name}.pem", cert)
        _write_key(folder / f"{name}.key", key)
    return Pki(folder)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "konform test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


Window = tuple[datetime, datetime]


def _authority(common_name: str, window: Window) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    not_before, not_after = window
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _leaf(
    issuer_key: rsa.RSAPrivateKey, issuer: x509.Certificate, common_name: str, window: Window, *, server: bool
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    not_before, not_after = window
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return key, builder.sign(issuer_key, hashes.SHA256())


def fingerprint(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint as colon-separated hex, as `konform serve` prints it."""
    return cert.fingerprint(hashes.SHA256()).hex(":")


def named(cert: x509.Certificate) -> str:
    """`<subject> (SHA-256 <fingerprint>)`: how a certificate is named in faults and logs."""
    return f"{cert.subject.rfc4514_string()} (SHA-256 {fingerprint(cert)})"


def describe(path: Path) -> str:
    """Subject, SHA-256 fingerprint and validity of the PEM certificate at `path`."""
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    return (
        f"{cert.subject.rfc4514_string()}; SHA-256 {fingerprint(cert)}; "
        f"valid {start:%Y-%m-%dT%H:%M:%SZ} to {end:%Y-%m-%dT%H:%M:%SZ}"
    )


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
