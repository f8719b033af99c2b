"""A test STS: mints signed SOSI ID cards of any level, type, CVR and validity with konform's PKI key."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from lxml import etree

from konform.clock import Clock
from konform.dgws import idcard
from konform.dgws.idcard import User
from konform.dgws.namespaces import DGWS_VERSION
from konform.pki import Pki

ISSUER = "konform test STS"
#: A synthetic user for user cards when the caller names none.
TEST_USER = User(cpr="0101701234", given_name="Karen", surname="Konform", role="Læge")


class TestSts:
    """Signs ID cards with one RSA key and certificate (STACK gotcha 6: RSA for signxml's RSA-SHA256)."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, key: rsa.RSAPrivateKey, cert: x509.Certificate, *, clock: Clock | None = None) -> None:
        self.key = key
        self.cert = cert
        self.clock = clock or Clock()

    @classmethod
    def from_files(cls, key: Path, cert: Path, *, clock: Clock | None = None) -> TestSts:
        """An STS from PEM files."""
        private = load_pem_private_key(key.read_bytes(), password=None)
        if not isinstance(private, rsa.RSAPrivateKey):
            raise ValueError(f"{key} is not an RSA key; the STS signs with RSA-SHA256")
        return cls(private, x509.load_pem_x509_certificate(cert.read_bytes()), clock=clock)

    @classmethod
    def from_pki(cls, pki: Pki, *, untrusted: bool = False, clock: Clock | None = None) -> TestSts:
        """The PKI's STS, or with `untrusted` the one signed by the untrusted CA."""
        if untrusted:
            return cls.from_files(pki.untrusted_sts_key, pki.untrusted_sts_cert, clock=clock)
        return cls.from_files(pki.sts_key, pki.sts_cert, clock=clock)

    def mint(
        self,
        *,
        level: int = 4,
        cvr: str = "25520041",
        ttl: timedelta = timedelta(hours=1),
        card_type: str | None = None,
        user: User | None = None,
        care_provider_name: str | None = None,
        it_system: str = "konform",
        not_before: datetime | None = None,
        version: str = DGWS_VERSION,
    ) -> etree._Element:
        """A signed card; type defaults to user at level 4 (MOCES) and system below."""
        kind = card_type or ("user" if level == 4 else "system")
        start = (not_before or self.clock.now()).replace(microsecond=0)
        return idcard.mint(
            self.key,
            self.cert,
            level=level,
            cvr=cvr,
            not_before=start,
            not_on_or_after=start + ttl,
            card_type=kind,
            user=(user or TEST_USER) if kind == "user" else None,
            care_provider_name=care_provider_name or f"konform test care provider // CVR:{cvr}",
            it_system=it_system,
            issuer=ISSUER,
            version=version,
        )
