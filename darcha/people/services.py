"""Writes about citizens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from darcha.core.errors import ValidationFailed
from darcha.geo.models import Mahalla
from darcha.people.models import Citizen, DisabilityGroup, Sex
from darcha.people.pinfl import check_pinfl

PHONE_RE = re.compile(r"^\+998\d{9}$")


def normalize_phone(raw: str) -> str:
    """+998 and nine digits; accepts spaces, dashes and a missing '+' or country code."""
    digits = re.sub(r"\D", "", raw or "")
    if not digits:
        return ""
    if len(digits) == 9:
        digits = "998" + digits
    phone = "+" + digits
    if not PHONE_RE.match(phone):
        raise ValidationFailed(
            _("A phone number is +998 followed by nine digits."), field="phone", code="invalid_phone"
        )
    return phone


@transaction.atomic
def register_citizen(
    *,
    actor: Any,
    pinfl: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    sex: str = "",
    phone: str = "",
    mahalla_code: str = "",
    disability_group: str = "",
    in_social_registry: bool | None = None,
    preferred_language: str = "",
) -> Citizen:
    """Find the citizen by PINFL and update what was given, or register a new one.

    Names and birth date of an existing record are not overwritten from a desk form: a change of
    name is a civil-registry matter, not a typo fix at intake.
    """
    check = check_pinfl(pinfl, sex=sex or None, birth_date=birth_date)
    if not check.valid:
        raise ValidationFailed(" ".join(check.errors), field="pinfl", code="invalid_pinfl")
    if sex and sex not in Sex.values:
        raise ValidationFailed(_("Sex must be M or F."), field="sex")
    if disability_group not in DisabilityGroup.values:
        raise ValidationFailed(_("Disability group must be 1, 2, 3 or empty."), field="disability_group")
    mahalla = None
    if mahalla_code:
        mahalla = Mahalla.objects.filter(code=mahalla_code).first()
        if mahalla is None:
            raise ValidationFailed(_("Unknown mahalla code."), field="mahalla_code", code="unknown_mahalla")
    phone = normalize_phone(phone)

    citizen = Citizen.objects.select_for_update().filter(pinfl=check.pinfl).first()
    if citizen is None:
        if not last_name.strip() or not first_name.strip():
            raise ValidationFailed(_("Last name and first name are required."), field="last_name")
        born = birth_date or check.birth_date
        if born is None:
            raise ValidationFailed(_("Birth date is required."), field="birth_date")
        citizen = Citizen(
            pinfl=check.pinfl,
            last_name=last_name.strip(),
            first_name=first_name.strip(),
            patronymic=patronymic.strip(),
            birth_date=born,
            sex=sex or check.sex or "",
            registered_at=getattr(actor, "center", None),
        )
    if phone:
        citizen.phone = phone
    if mahalla is not None:
        citizen.mahalla = mahalla
    if disability_group or citizen._state.adding:
        citizen.disability_group = disability_group
    if in_social_registry is not None:
        citizen.in_social_registry = in_social_registry
    if preferred_language:
        citizen.preferred_language = preferred_language
    citizen.data_warnings = [str(w) for w in check.warnings]
    citizen.save()
    return citizen
