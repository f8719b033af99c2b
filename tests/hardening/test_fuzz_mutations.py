"""The mutation strategies keep what they are told to keep: bytes before a span, elements outside a scope."""

from __future__ import annotations

from fuzz_checks import SOAP_BODY, SOAP_HEADER, fuzzing, soap_body_span
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generators.mutations import CHANGES, byte_mutations, element_mutations
from konform import soap, xml

SIGNED = etree.fromstring(
    '<card xmlns="urn:konform:test" id="IDCard"><level>4</level><cvr>25520041</cvr></card>'
)
PAYLOAD = etree.fromstring(
    '<request xmlns="urn:konform:test"><patient v="1">0101004000</patient><note/></request>'
)
MESSAGE = soap.build(PAYLOAD, [SIGNED])
START, END = soap_body_span(MESSAGE)


def header_of(message: bytes) -> bytes:
    header = xml.parse(message).find(SOAP_HEADER)
    assert header is not None
    return etree.tostring(header, method="c14n")


@given(mutant=byte_mutations(MESSAGE, (START, END)))
@fuzzing()
def test_byte_mutations_change_nothing_before_the_span(mutant: bytes) -> None:
    assert mutant[:START] == MESSAGE[:START]
    assert mutant != MESSAGE


@given(mutant=element_mutations(MESSAGE, SOAP_BODY))
@fuzzing()
def test_element_mutations_below_the_body_leave_the_header_whole(mutant: bytes) -> None:
    assert header_of(mutant) == header_of(MESSAGE)
    assert xml.parse(mutant).find(SOAP_BODY) is not None


@given(change=st.sampled_from(sorted(CHANGES)), data=st.data())
@fuzzing()
def test_every_element_change_keeps_the_message_well_formed(change: str, data: st.DataObject) -> None:
    mutant = data.draw(element_mutations(MESSAGE, SOAP_BODY, changes=(change,)))
    xml.parse(mutant)  # raises UnsafeXml if a change wrote something lxml cannot read back
