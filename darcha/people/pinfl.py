"""PINFL (JShShIR), the 14-digit personal identification number.

Layout as commonly documented (DOMAIN.md marks it unverified, so the check digit can be switched
off with PINFL_CHECK_DIGIT=false):
    digit 1      century and sex: odd = male, even = female; 1-2 born 1800s, 3-4 1900s, 5-6 2000s
    digits 2-7   birth date DDMMYY
    digits 8-10  area code, digits 11-13 serial
    digit 14     (Σ digit_i × w_i over the first 13 digits, weights 7, 3, 1 repeating) mod 10
A PINFL whose sex or birth date disagrees with the record is a warning, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_WEIGHTS = (7, 3, 1)


@dataclass
class PinflCheck:
    pinfl: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def check_digit(first13: str) -> int:
    return sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(first13)) % 10


def check_pinfl(
    raw: str, *, sex: str | None = None, birth_date: dt.date | None = None, verify_check_digit: bool | None = None
) -> PinflCheck:
    pinfl = (raw or "").strip().replace(" ", "")
    result = PinflCheck(pinfl=pinfl)
    # ASCII digits only: str.isdigit() also accepts superscripts, fullwidth and Arabic-Indic
    # digits, which int() reads as numbers — a second record for the same person.
    if len(pinfl) != 14 or not (pinfl.isascii() and pinfl.isdigit()):
        result.errors.append(_("A PINFL has exactly 14 digits."))
        return result
    century = _CENTURY.get(pinfl[0])
    if century is None:
        result.errors.append(_("The first digit of a PINFL must be 1 to 6."))
        return result
    try:
        result.birth_date = dt.date(century + int(pinfl[5:7]), int(pinfl[3:5]), int(pinfl[1:3]))
    except ValueError:
        result.errors.append(_("Digits 2 to 7 of the PINFL are not a valid birth date."))
    result.sex = "M" if int(pinfl[0]) % 2 else "F"
    if verify_check_digit is None:
        verify_check_digit = settings.PINFL_CHECK_DIGIT
    if verify_check_digit and check_digit(pinfl[:13]) != int(pinfl[13]):
        result.errors.append(_("The PINFL check digit does not match: please re-read the number."))
    if sex and result.sex and sex != result.sex:
        result.warnings.append(_("The sex given differs from the one encoded in the PINFL."))
    if birth_date and result.birth_date and birth_date != result.birth_date:
        result.warnings.append(_("The birth date given differs from the one encoded in the PINFL."))
    return result


def make_pinfl(*, birth_date: dt.date, sex: str, area: int, serial: int) -> str:
    """Build a PINFL that passes `check_pinfl` (demo data and tests)."""
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    first = base + (0 if sex == "M" else 1)
    body = f"{first}{birth_date:%d%m}{birth_date.year % 100:02d}{area % 1000:03d}{serial % 1000:03d}"
    return body + str(check_digit(body))
