"""Public application numbers: DX-YYYY-BBB-NNNNNN-C.

YYYY the year, BBB the issuing centre's number block, NNNNNN its sequence for the year, C a Damm
check digit over the 13 digits. Damm catches every single-digit typo and every swap of two
adjacent digits, which are the mistakes people make reading a number over the phone. Numbers are
allocated per centre so that an offline centre node can number applications without a round trip.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from darcha.core.errors import ValidationFailed

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


def damm_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def format_number(*, year: int, block: int, sequence: int) -> str:
    body = f"{year:04d}{block:03d}{sequence:06d}"
    return f"DX-{year:04d}-{block:03d}-{sequence:06d}-{damm_digit(body)}"


# What people type for the prefix: the Latin letters as printed, or the Cyrillic letters a Cyrillic
# keyboard gives for them (Д, Х), or the Cyrillic page's own transliteration of DX (ДХ).
_LOOK_ALIKES = str.maketrans({"Д": "D", "д": "D", "Х": "X", "х": "X", "×": "X"})
# Spaces, every dash and the separators people put between groups of digits.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_./]+")
DIGITS = 14  # YYYY BBB NNNNNN C
EXAMPLE = "DX-2026-101-000123-4"


class InvalidNumber(ValidationFailed):
    """A typed application number that cannot be one, saying precisely what is wrong with it."""


def parse(raw: str) -> str:
    """The canonical form of a typed number, or InvalidNumber saying what is wrong.

    Accepted however it is typed: lower case, Cyrillic look-alike letters (дх-2026-…), spaces or no
    dashes, or the 14 digits alone. A check-digit mismatch is a mistyped digit (Damm catches every
    single-digit typo and every swap of neighbours), not a wrong format.
    """
    text = unicodedata.normalize("NFKC", raw or "").translate(_LOOK_ALIKES).upper()
    compact = _SEPARATORS.sub("", text)
    body = compact[2:] if compact.startswith("DX") else compact
    if not body or not body.isascii() or not body.isdigit():
        raise InvalidNumber(
            _("An application number is DX and 14 digits, for example %(example)s.") % {"example": EXAMPLE},
            field="number",
            code="number_malformed",
        )
    if len(body) != DIGITS:
        raise InvalidNumber(
            ngettext(
                "An application number has 14 digits after DX; this one has %(count)d digit. "
                "Check it against your receipt.",
                "An application number has 14 digits after DX; this one has %(count)d digits. "
                "Check it against your receipt.",
                len(body),
            )
            % {"count": len(body)},
            field="number",
            code="number_length",
        )
    if damm_digit(body[:-1]) != int(body[-1]):
        raise InvalidNumber(
            _("A digit of this number is mistyped. Check each digit against your receipt."),
            field="number",
            code="number_mistyped",
        )
    return f"DX-{body[:4]}-{body[4:7]}-{body[7:13]}-{body[13]}"


def normalize(raw: str) -> str | None:
    """Canonical form of a typed number, or None if it is not a valid number (bad check digit included)."""
    try:
        return parse(raw)
    except InvalidNumber:
        return None


def number_prefix(raw: str) -> str | None:
    """The canonical beginning of a number typed in part ("dx 2026 101", "2026-101-0001"), or None
    when the text is not the beginning of a number. Typed however `parse` accepts it; a full number
    is returned whole (its check digit is not checked here: a search finds nothing for a typo).

    The result is a prefix of the canonical form (`DX-2026-101-0001`), so a search is an index range
    on the unique number column.
    """
    text = unicodedata.normalize("NFKC", raw or "").translate(_LOOK_ALIKES).upper()
    compact = _SEPARATORS.sub("", text)
    body = compact[2:] if compact.startswith("DX") else compact
    if not body or not body.isascii() or not body.isdigit() or len(body) > DIGITS:
        return None
    groups = [body[:4], body[4:7], body[7:13], body[13:]]
    return "DX-" + "-".join(g for g in groups if g)
