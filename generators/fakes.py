"""Seeded Faker data for messages: names, postal addresses and XML-safe free text.

One seed gives one sequence of values, so a Hypothesis run (which draws the seed)
replays exactly. Locales: ``sv_SE``, ``nb_NO`` (Faker calls it ``no_NO``), ``da_DK``.
Every string is XML-safe: lxml rejects controls, surrogates and U+FFFE/U+FFFF
(STACK.md gotcha 3).
"""

from __future__ import annotations

import unicodedata
from typing import Final, Literal

import faker
from hypothesis import strategies as st

FAKER_LOCALES = {"sv_SE": "sv_SE", "nb_NO": "no_NO", "no_NO": "no_NO", "da_DK": "da_DK"}
XML_UNSAFE_CATEGORIES: Final[tuple[Literal["Cc", "Cs", "Cn"], ...]] = (
    "Cc",
    "Cs",
    "Cn",
)  # controls, surrogates, unassigned (incl. U+FFFE/FFFF)


def fake(locale: str, *, seed: int = 0) -> faker.Faker:
    """A Faker for sv_SE, nb_NO or da_DK, seeded: one seed, one sequence of values."""
    if locale not in FAKER_LOCALES:
        raise ValueError(f"no Faker locale for {locale!r}; use one of {sorted(FAKER_LOCALES)}")
    instance = faker.Faker(FAKER_LOCALES[locale])
    instance.seed_instance(seed)
    return instance


def xml_safe(text: str) -> str:
    """The text with line breaks and tabs turned into spaces, other unsafe characters dropped."""
    spaced = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return "".join(c for c in spaced if unicodedata.category(c) not in XML_UNSAFE_CATEGORIES)


def fakers(*, locale: str) -> st.SearchStrategy[faker.Faker]:
    """Faker instances seeded from the draw, so a failing example replays exactly."""
    return st.integers(0, 2**32 - 1).map(lambda seed: fake(locale, seed=seed))


def faker_texts(*, locale: str, max_chars: int = 200) -> st.SearchStrategy[str]:
    """XML-safe free text in the locale's language, at most `max_chars` (at least 5) characters."""
    return fakers(locale=locale).map(lambda f: xml_safe(f.text(max_nb_chars=max(5, max_chars))))


def person_names(*, locale: str) -> st.SearchStrategy[str]:
    """Full names typical of the locale."""
    return fakers(locale=locale).map(lambda f: xml_safe(f.name()))


def postal_addresses(*, locale: str) -> st.SearchStrategy[str]:
    """One-line postal addresses, e.g. "Asptorget 48, 83788 Lidköping"."""
    return fakers(locale=locale).map(lambda f: xml_safe(f.address().replace("\n", ", ")))


def xml_safe_texts(*, min_size: int = 0, max_size: int = 200) -> st.SearchStrategy[str]:
    """Any Unicode text lxml accepts: no controls, surrogates or non-characters."""
    alphabet = st.characters(exclude_categories=XML_UNSAFE_CATEGORIES)
    return st.text(alphabet, min_size=min_size, max_size=max_size)
