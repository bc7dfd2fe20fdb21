"""Writes about citizens: registration (never overwrites a record) and audited corrections.

A citizen's record is shared by every centre, and its phone, disability group, social-registry
status and SMS language decide where status SMS go and which fee discounts apply. So registration
creates a record only for a PINFL not yet on file; a known PINFL is answered with the stored record,
untouched. Changing stored details is a separate, deliberate act (`update_citizen_details`) by
front-office staff: each changed field is kept with its old value (`CitizenChange`) and the change
is written to the audit chain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.models import User
from darcha.accounts.roles import Capability, can
from darcha.audit.services import record
from darcha.core.errors import NotAllowed, NotFound, ValidationFailed
from darcha.geo.models import Mahalla
from darcha.people.models import Citizen, CitizenChange, DisabilityGroup, Sex
from darcha.people.pinfl import check_pinfl

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

PHONE_RE = re.compile(r"\+998[0-9]{9}", re.ASCII)
# What people type around a phone number; anything else (letters, other scripts' digits) is refused.
PHONE_SEPARATORS = re.compile(r"[\s\-().]", re.ASCII)


def normalize_phone(raw: str | None) -> str:
    """+998 and nine ASCII digits; accepts spaces, dashes, brackets and a missing '+' or country code."""
    text = PHONE_SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    digits = text[1:] if text.startswith("+") else text
    if not digits.isascii() or not digits.isdigit():
        raise ValidationFailed(
            _("A phone number is +998 followed by nine digits."), field="phone", code="invalid_phone"
        )
    if len(digits) == 9:
        digits = "998" + digits
    phone = "+" + digits
    if not PHONE_RE.fullmatch(phone):
        raise ValidationFailed(
            _("A phone number is +998 followed by nine digits."), field="phone", code="invalid_phone"
        )
    return phone


def _valid_pinfl(pinfl: str, *, sex: str = "", birth_date: dt.date | None = None) -> Any:
    check = check_pinfl(pinfl, sex=sex or None, birth_date=birth_date)
    if not check.valid:
        raise ValidationFailed(" ".join(check.errors), field="pinfl", code="invalid_pinfl")
    return check


def _mahalla(code: str) -> Mahalla | None:
    if not code:
        return None
    mahalla = Mahalla.objects.filter(code=code).first()
    if mahalla is None:
        raise ValidationFailed(_("Unknown mahalla code."), field="mahalla_code", code="unknown_mahalla")
    return mahalla


def _disability_group(value: str) -> str:
    if value not in DisabilityGroup.values:
        raise ValidationFailed(_("Disability group must be 1, 2, 3 or empty."), field="disability_group")
    return value


def _language(value: str) -> str:
    if value and value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationFailed(_("Unknown language."), field="preferred_language", code="invalid_language")
    return value


def register_citizen(
    *,
    actor: Viewer,
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
    """Register a citizen not yet on file; a known PINFL returns the stored record unchanged.

    Safe under concurrency: two simultaneous registrations of one new PINFL make one record (the
    loser of the unique index reads the winner's row), and nothing about the PINFL reaches a log.
    """
    check = _valid_pinfl(pinfl, sex=sex, birth_date=birth_date)
    existing = Citizen.objects.filter(pinfl=check.pinfl).first()
    if existing is not None:
        return existing
    if sex and sex not in Sex.values:
        raise ValidationFailed(_("Sex must be M or F."), field="sex")
    disability_group = _disability_group(disability_group or "")
    mahalla = _mahalla(mahalla_code)
    phone = normalize_phone(phone)
    preferred_language = _language(preferred_language)
    if not (last_name or "").strip() or not (first_name or "").strip():
        raise ValidationFailed(_("Last name and first name are required."), field="last_name")
    born = birth_date or check.birth_date
    if born is None:
        raise ValidationFailed(_("Birth date is required."), field="birth_date")
    citizen = Citizen(
        pinfl=check.pinfl,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        patronymic=(patronymic or "").strip(),
        birth_date=born,
        sex=sex or check.sex or "",
        phone=phone,
        mahalla=mahalla,
        disability_group=disability_group,
        in_social_registry=bool(in_social_registry),
        preferred_language=preferred_language or settings.LANGUAGE_CODE,
        registered_at=getattr(actor, "center", None),
        data_warnings=[str(w) for w in check.warnings],
    )
    try:
        with transaction.atomic():
            citizen.save(force_insert=True)
    except IntegrityError:
        # Registered a moment ago by a concurrent request: that record is the citizen.
        winner = Citizen.objects.filter(pinfl=check.pinfl).first()
        if winner is None:
            raise
        return winner
    return citizen


# Details that identify the person (name, birth date, sex) follow the civil registry and are not
# corrected here; these may change in a person's life and are kept current at the front desk.
UPDATABLE = ("phone", "mahalla", "disability_group", "in_social_registry", "preferred_language")


@dataclass(frozen=True)
class DetailsGiven:
    """Contact and status details as typed; None: not given (leave as stored)."""

    phone: str | None = None
    mahalla_code: str | None = None
    disability_group: str | None = None
    in_social_registry: bool | None = None
    preferred_language: str | None = None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mahalla):
        return value.code
    return str(value)


def _wanted(details: DetailsGiven) -> dict[str, Any]:
    """The fields to set, validated and normalised, keyed by the model's field names."""
    wanted: dict[str, Any] = {}
    if details.phone is not None:
        wanted["phone"] = normalize_phone(details.phone)
    if details.mahalla_code is not None:
        wanted["mahalla"] = _mahalla(details.mahalla_code)
    if details.disability_group is not None:
        wanted["disability_group"] = _disability_group(details.disability_group)
    if details.in_social_registry is not None:
        wanted["in_social_registry"] = bool(details.in_social_registry)
    if details.preferred_language:
        wanted["preferred_language"] = _language(details.preferred_language)
    return wanted


def differing_details(citizen: Citizen, details: DetailsGiven) -> list[str]:
    """Names of the stored fields that differ from the details given (for "kept as stored" warnings).

    Invalid details are refused (ValidationFailed) even though they would not be stored: a client
    learns about a mistyped phone whether or not the citizen is new.
    """
    wanted = _wanted(details)
    return [name for name, value in wanted.items() if _as_text(getattr(citizen, name)) != _as_text(value)]


def update_citizen_details(
    *,
    actor: User,
    pinfl: str,
    details: DetailsGiven,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Citizen:
    """Change a stored citizen's contact and status details; each change is kept and audited.

    Front-office staff only, for the citizen at the window: like the desk's look-up, the citizen is
    found by the full PINFL from their ID document (citizens may use any centre).
    """
    if not can(actor, Capability.FRONT_OFFICE):
        raise NotAllowed(_("Only front-office staff change a citizen's details."), code="role_not_allowed")
    check = _valid_pinfl(pinfl)
    wanted = _wanted(details)
    at = at or timezone.now()
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().filter(pinfl=check.pinfl).first()
        if citizen is None:
            raise NotFound(_("No citizen with this PINFL is registered."), code="unknown_citizen")
        changes = []
        for name, value in wanted.items():
            old, new = _as_text(getattr(citizen, name)), _as_text(value)
            if old == new:
                continue
            setattr(citizen, name, value)
            changes.append(
                CitizenChange(
                    citizen=citizen,
                    field=name,
                    old_value=old,
                    new_value=new,
                    actor=actor if actor.pk else None,
                    at=at,
                    reason=(reason or "").strip()[:200],
                )
            )
        if not changes:
            raise ValidationFailed(_("Nothing to change: the details are the same as stored."), code="no_change")
        citizen.save()
        CitizenChange.objects.bulk_create(changes)
        record(
            actor=actor,
            action="update_citizen",
            object_type="citizen",
            object_id=citizen.pk,
            purpose=("changed: " + ", ".join(c.field for c in changes))[:200],
        )
        return citizen
