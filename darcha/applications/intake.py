"""Intake at the front desk or through the API: register the citizen(s) and submit, as one write.

The desk form and `POST /api/v1/applications` send the same thing: who applies (and who for),
for which service, at which centre, with which documents. Registration of the applicant and the
representative and the submission happen in ONE transaction, so a refused submission leaves no
half-registered citizen behind.

With an Idempotency-Key, a repeated request (a client retrying after a lost answer) returns the
first application without writing anything; the same key with another body is a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from darcha.accounts.models import Role
from darcha.accounts.scoping import scope_of
from darcha.applications.models import Application
from darcha.applications.services import INTAKE_ROLES, find_replay, submit_application
from darcha.catalog.choices import Channel
from darcha.catalog.selectors import service_by_code
from darcha.centers.selectors import center_by_code
from darcha.core.errors import NotAllowed, NotFound, ValidationFailed
from darcha.people.models import Citizen
from darcha.people.pinfl import check_pinfl
from darcha.people.selectors import citizen_for_intake
from darcha.people.services import register_citizen

T = TypeVar("T")


@dataclass(frozen=True)
class PersonData:
    """A citizen as typed at intake; for a known PINFL only contact details update the record."""

    pinfl: str
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    phone: str = ""
    mahalla_code: str = ""
    disability_group: str = ""


@dataclass(frozen=True)
class RepresentativeData(PersonData):
    basis: str = ""
    document: str = ""


@dataclass(frozen=True)
class IntakeWarning:
    subject: str  # "applicant" or "representative"
    detail: str


@dataclass(frozen=True)
class IntakeResult:
    application: Application
    created: bool
    warnings: list[IntakeWarning] = field(default_factory=list)


def pinfl_warnings(*, applicant: PersonData, representative: PersonData | None = None) -> list[IntakeWarning]:
    """Disagreements between a PINFL and the sex or birth date typed with it: worth a look, not fatal."""
    warnings: list[IntakeWarning] = []
    for subject, person in (("applicant", applicant), ("representative", representative)):
        if person is None:
            continue
        check = check_pinfl(person.pinfl, sex=person.sex or None, birth_date=person.birth_date)
        warnings += [IntakeWarning(subject=subject, detail=str(w)) for w in check.warnings]
    return warnings


def intake_application(
    *,
    actor: Any,
    service_code: str,
    center_code: str,
    applicant: PersonData,
    channel: str = Channel.FRONT_DESK,
    representative: RepresentativeData | None = None,
    documents_presented: list[str] | None = None,
    accept_now: bool = False,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> IntakeResult:
    """Register the applicant (and representative) and submit the application, all or nothing."""
    # Refuse early, before any lookup, so someone who may not take applications learns that
    # first (and not, say, that a PINFL is mistyped). submit_application checks it again.
    scope = scope_of(actor)
    if scope is None or scope.role not in INTAKE_ROLES:
        raise NotAllowed(_("Only front-office staff take applications."))

    if idempotency_key:
        earlier = find_replay(actor=actor, idempotency_key=idempotency_key, fingerprint=fingerprint)
        if earlier is not None:
            return IntakeResult(
                application=earlier,
                created=False,
                warnings=pinfl_warnings(applicant=applicant, representative=representative),
            )

    service = _resolve(lambda: service_by_code(service_code), field="service_code")
    center = _resolve(lambda: center_by_code(center_code), field="center_code")
    if scope.role in {Role.OPERATOR, Role.MANAGER} and center.pk != scope.center_id:
        raise NotAllowed(_("You can take applications only at your own centre."))

    with transaction.atomic():
        applicant_row = _register(actor, applicant)
        representative_row = _register(actor, representative) if representative is not None else None
        # Rules missing for the day (no version or BHM in force) make the request unprocessable,
        # not the URL unknown: report them as 422 on this request.
        application, created = _resolve(
            lambda: submit_application(
                actor=actor,
                service=service,
                center=center,
                applicant=applicant_row,
                channel=channel,
                documents_presented=list(documents_presented or []),
                representative=representative_row,
                representative_basis=representative.basis if representative else "",
                representative_document=representative.document if representative else "",
                accept_now=accept_now,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            ),
            field="service_code",
        )
    warnings = [IntakeWarning(subject="applicant", detail=w) for w in applicant_row.data_warnings]
    if representative_row is not None:
        warnings += [IntakeWarning(subject="representative", detail=w) for w in representative_row.data_warnings]
    return IntakeResult(application=application, created=created, warnings=warnings)


def _register(actor: Any, person: PersonData) -> Citizen:
    # A known PINFL answers with the stored record (names are not overwritten at intake), so this
    # is the same audited look-up as the desk's search by PINFL.
    citizen_for_intake(actor, check_pinfl(person.pinfl).pinfl)
    return register_citizen(
        actor=actor,
        pinfl=person.pinfl,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        birth_date=person.birth_date,
        sex=person.sex,
        phone=person.phone,
        mahalla_code=person.mahalla_code,
        disability_group=person.disability_group,
    )


def _resolve(lookup: Callable[[], T], *, field: str) -> T:
    try:
        return lookup()
    except NotFound as exc:
        raise ValidationFailed(exc.message, field=field, code=exc.code) from exc
