"""Public application numbers: DX-YYYY-BBB-NNNNNN-C.

YYYY the year, BBB the issuing centre's number block, NNNNNN its sequence for the year, C a Damm
check digit over the 13 digits. Damm catches every single-digit typo and every swap of two
adjacent digits, which are the mistakes people make reading a number over the phone. Numbers are
allocated per centre so that an offline centre node can number applications without a round trip.
"""

from __future__ import annotations

import re

# The quasigroup of order 10 from H. Michael Damm's 2004 thesis (a mathematical table).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_PATTERN = re.compile(r"^DX(\d{4})(\d{3})(\d{6})(\d)$")


def damm_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def format_number(*, year: int, block: int, sequence: int) -> str:
    body = f"{year:04d}{block:03d}{sequence:06d}"
    return f"DX-{year:04d}-{block:03d}-{sequence:06d}-{damm_digit(body)}"


def normalize(raw: str) -> str | None:
    """Canonical form of a typed number, or None if it is not a valid number (bad check digit included)."""
    compact = re.sub(r"[\s\-–—_.]", "", (raw or "").upper())
    match = _PATTERN.match(compact)
    if not match:
        return None
    year, block, seq, check = match.groups()
    if damm_digit(year + block + seq) != int(check):
        return None
    return f"DX-{year}-{block}-{seq}-{check}"
