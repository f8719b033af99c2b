"""Every named mutation breaks one property and draws exactly the exception it announces."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generators.identifiers import MUTATIONS


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@given(data=st.data())
def test_every_mutated_value_is_refused_with_the_announced_exception(name: str, data: st.DataObject) -> None:
    mutation = MUTATIONS[name]
    value = data.draw(mutation.strategy, label=name)
    with pytest.raises(mutation.expected) as refusal:
        mutation.validate(value)
    assert type(refusal.value) is mutation.expected
    assert value[:12] in str(refusal.value)


def test_the_registry_covers_every_identifier_family() -> None:
    families = "personnummers samordningsnummers fodselsnummers h_nummers synthetic_fodselsnummers cprs cvrs"
    families += " sor_codes hsa_ids kva_codes atc_codes uuids"
    assert [f for f in families.split() if not any(name.startswith(f) for name in MUTATIONS)] == []
