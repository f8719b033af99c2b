"""Junk never crashes a validator: is_valid says False, validate raises a ValidationError."""

import pytest

from konform.identifiers import FAMILIES
from konform.identifiers.exceptions import ValidationError

JUNK = {
    "None": None,
    "empty": "",
    "space": " ",
    "nul": "\x00",
    "lone-surrogate": "\ud800",
    "swedish-letters": "ÅÄÖ-åäö",
    "arabic-indic-digits": "١٢٣٤٥٦٧٨٩٠١٢",  # str.isdigit() is True, yet they are not 0-9
    "fullwidth-digits": "１２３４５６７８９０１２",
    "math-digits": "𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡𝟘",
    "twenty-digits": "12345678901234567890",
    "10000-letters": "x" * 10_000,
    "10000-digits": "1" * 10_000,
    "bytes": b"189001019802",
    "int": 189001019802,
    "float": 3.5,
    "list": ["189001019802"],
    "object": object(),
}


@pytest.mark.parametrize("module", FAMILIES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("junk", JUNK.values(), ids=list(JUNK))
def test_junk_is_invalid_and_validate_raises_a_validation_error(module: object, junk: object) -> None:
    assert module.is_valid(junk) is False  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        module.validate(junk)  # type: ignore[attr-defined]
