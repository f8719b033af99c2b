"""Weighted modulus 11 sums, as used by fødselsnummer, CPR and CVR.

>>> weighted_sum('2552004', (2, 7, 6, 5, 4, 3, 2))
87
>>> remainder('25520041', (2, 7, 6, 5, 4, 3, 2, 1))
0
"""

from __future__ import annotations

from collections.abc import Sequence


def weighted_sum(digits: str, weights: Sequence[int]) -> int:
    """Return the sum of each digit times its weight (digits beyond the weights ignored)."""
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=False))


def remainder(digits: str, weights: Sequence[int]) -> int:
    """Return the weighted sum modulo 11."""
    return weighted_sum(digits, weights) % 11
