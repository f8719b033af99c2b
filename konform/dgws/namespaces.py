"""DGWS 1.0.1 namespaces and qualified names (FINDINGS §3, from SEAL's NameSpaces)."""

from __future__ import annotations

MEDCOM = "http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd"
SOSI = "http://www.sosi.dk/sosi/2006/04/sosi-1.0.xsd"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"

#: Prefixes as SEAL writes them; DGWS readers must not depend on prefixes, only on URIs.
NSMAP = {"medcom": MEDCOM, "sosi": SOSI, "wsse": WSSE, "wsu": WSU, "saml": SAML, "ds": DS, "soap": SOAP}


def q(namespace: str, local: str) -> str:
    """Clark notation `{namespace}local` for lxml."""
    return f"{{{namespace}}}{local}"


ASSERTION = q(SAML, "Assertion")
SECURITY = q(WSSE, "Security")
MEDCOM_HEADER = q(MEDCOM, "Header")
SIGNATURE = q(DS, "Signature")
SOAP_HEADER = q(SOAP, "Header")

#: DGWS versions as ID cards and SEAL name them.
DGWS_VERSION = "1.0.1"
