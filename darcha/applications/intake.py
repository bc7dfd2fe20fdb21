"""Intake: the one path by which an application enters Darcha, from the front desk and the API.

Both send the same thing: who applies (and who for), for which service, at which centre, with which
documents. In ONE transaction the citizens are resolved (a known PINFL is the stored record, never
overwritten; a new one is registered) and the application is submitted under the workflow's accept
policy, so a refused submission leaves no half-registered citizen behind.

Idempotency wraps intake once, here: a request carrying a key that was already used with the same
body returns the first application without writing anything (a client retrying after a lost answer,
an operator pressing Back and Submit again); the same key with another body is a conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from darcha.accounts.models import User
from darcha.applications.models import Application, IdempotencyKey
from darcha.applications.services import require_front_office, submit_application
from darcha.catalog.selectors import service_by_code
from darcha.centers.selectors import center_by_code
from darcha.core.errors import Conflict, NotFound, ValidationFailed
from darcha.people.models import Citizen
from darcha.people.pinfl import check_pinfl
from darcha.people.selectors import citizen_for_intake
from darcha.people.services import DetailsGiven, differing_details, register_citizen

T = TypeVar("T")

IDEMPOTENCY_KEY_MAX = 100  # the column's length (IdempotencyKey.key)


@dataclass(frozen=True)
class PersonData:
    """A citizen as typed at intake: used to register a new PINFL; a known one keeps its record."""

    pinfl: str
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    phone: str = ""
    mahalla_code: str = ""
    disability_group: str = ""

    def details(self) -> DetailsGiven:
        """The contact and status details given (empty means not given)."""
        return DetailsGiven(
            phone=self.phone or None,
            mahalla_code=self.mahalla_code or None,
            disability_group=self.disability_group or None,
        )


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


def request_fingerprint(payload: dict[str, Any]) -> str:
    """What makes two requests "the same" for an idempotency key: their canonical JSON."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def intake_application(
    *,
    actor: User,
    service_code: str,
    center_code: str,
    applicant: PersonData,
    channel: str = "",
    representative: RepresentativeData | None = None,
    documents_presented: list[str] | None = None,
    idempotency_key: str = "",
    fingerprint: str = "",
    at: dt.datetime | None = None,
) -> IntakeResult:
    """Resolve or register the applicant (and representative) and submit, all or nothing."""
    # Refuse early, before any look-up, so someone who may not take applications learns that
    # first (and not, say, that a PINFL is mistyped).
    require_front_office(actor)
    if idempotency_key:
        earlier = _replay(actor, idempotency_key, fingerprint)
        if earlier is not None:
            return IntakeResult(application=earlier, created=False, warnings=_pinfl_warnings(applicant, representative))
    service = _as_field_error(lambda: service_by_code(service_code), field="service_code")
    center = _as_field_error(lambda: center_by_code(center_code), field="center_code")
    require_front_office(actor, center)
    try:
        with transaction.atomic():
            warnings: list[IntakeWarning] = []
            applicant_row = _resolve(actor, applicant, "applicant", warnings)
            representative_row = (
                _resolve(actor, representative, "representative", warnings) if representative is not None else None
            )
            # Rules missing for the day (no version or BHM in force) make the request unprocessable,
            # not the URL unknown: report them as 422 on this request.
            application = _as_field_error(
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
                    at=at,
                ),
                field="service_code",
            )
            if idempotency_key:
                IdempotencyKey.objects.create(
                    user=actor, key=idempotency_key, fingerprint=fingerprint, application=application
                )
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its application.
        earlier = _replay(actor, idempotency_key, fingerprint) if idempotency_key else None
        if earlier is None:
            raise
        return IntakeResult(application=earlier, created=False, warnings=_pinfl_warnings(applicant, representative))
    return IntakeResult(application=application, created=True, warnings=warnings)


def key_was_used(actor: User, key: str) -> bool:
    """Whether a submission with this idempotency key already made an application (it will replay)."""
    return IdempotencyKey.objects.filter(user=actor, key=key).exists()


def _replay(actor: User, key: str, fingerprint: str) -> Application | None:
    row = IdempotencyKey.objects.select_related("application").filter(user=actor, key=key).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was already used with a different request body."), code="idempotency_key_reused"
        )
    return row.application


def _resolve(actor: User, person: PersonData, subject: str, warnings: list[IntakeWarning]) -> Citizen:
    """The stored citizen for a known PINFL (details kept; differences become warnings), or a new one."""
    check = check_pinfl(person.pinfl)
    if not check.valid:
        raise ValidationFailed(" ".join(check.errors), field="pinfl", code="invalid_pinfl")
    # The same audited look-up as the desk's search by PINFL.
    stored = citizen_for_intake(actor, check.pinfl)
    if stored is not None:
        kept = differing_details(stored, person.details())
        if kept:
            warnings.append(
                IntakeWarning(
                    subject=subject,
                    detail=_(
                        "The citizen is already registered; their stored details (%(fields)s) were kept. "
                        "Change them with “Update details” at the desk."
                    )
                    % {"fields": ", ".join(kept)},
                )
            )
        typed = check_pinfl(person.pinfl, sex=person.sex or None, birth_date=person.birth_date)
        warnings += [IntakeWarning(subject=subject, detail=str(w)) for w in typed.warnings]
        return stored
    citizen = register_citizen(
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
    warnings += [IntakeWarning(subject=subject, detail=str(w)) for w in citizen.data_warnings]
    return citizen


def _pinfl_warnings(applicant: PersonData, representative: PersonData | None) -> list[IntakeWarning]:
    """Disagreements between a PINFL and the sex or birth date typed with it: worth a look, not fatal."""
    warnings: list[IntakeWarning] = []
    for subject, person in (("applicant", applicant), ("representative", representative)):
        if person is None:
            continue
        check = check_pinfl(person.pinfl, sex=person.sex or None, birth_date=person.birth_date)
        warnings += [IntakeWarning(subject=subject, detail=str(w)) for w in check.warnings]
    return warnings


def _as_field_error(lookup: Callable[[], T], *, field: str) -> T:
    try:
        return lookup()
    except NotFound as exc:
        raise ValidationFailed(exc.message, field=field, code=exc.code) from exc
