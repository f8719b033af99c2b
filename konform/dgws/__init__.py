"""DGWS 1.0.1 ("Den Gode WebService"): SOSI ID cards, wsse/medcom headers and their verifier (FINDINGS §3).

Shared by the LAR and BRS simulators (verify) and by clients (headers, zeep plugin, test STS).
"""

from konform.dgws.header import (
    DgwsFault,
    MedcomHeader,
    add_request_headers,
    fault_envelope,
    medcom_header,
    response_headers,
    wrap,
)
from konform.dgws.idcard import IdCard, User
from konform.dgws.sts import TestSts
from konform.dgws.verify import InMemoryMessageIds, MessageIdMemory, VerifiedCard, Verifier

__all__ = [
    "DgwsFault",
    "IdCard",
    "InMemoryMessageIds",
    "MedcomHeader",
    "MessageIdMemory",
    "TestSts",
    "User",
    "VerifiedCard",
    "Verifier",
    "add_request_headers",
    "fault_envelope",
    "medcom_header",
    "response_headers",
    "wrap",
]
