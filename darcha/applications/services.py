"""Writes on applications: intake, transitions, overdue detection.

Every change goes through here: one transaction, the row locked, role and scope checked,
an append-only event written, the deadline kept, an SMS put in the outbox (delivered after commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.models import Role
from darcha.accounts.scoping import restrict_applications, scope_of
from darcha.applications.messages import notify_status
from darcha.applications.models import (
    Application,
    ApplicationEvent,
    IdempotencyKey,
    NumberSequence,
    PaymentStatus,
    RepresentativeBasis,
)
from darcha.applications.numbers import format_number
from darcha.applications.workflow import ACTIONS, CLOCK_RUNNING_STATES, Action, Clock, RejectionReason, Status
from darcha.catalog.choices import Channel
from darcha.catalog.fees import exemption_categories, quote_for
from darcha.catalog.models import Service, ServiceVersion
from darcha.catalog.selectors import bhm_on, version_in_force
from darcha.centers.calendar import add_working_days, working_days_between
from darcha.centers.models import Center
from darcha.core.errors import Conflict, InvalidTransition, NotAllowed, NotFound, StaleVersion, ValidationFailed
from darcha.people.models import Citizen

INTAKE_ROLES = {Role.OPERATOR, Role.MANAGER, Role.ADMIN}


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class Checklist:
    presented: list[str]
    missing_mandatory: list[str]
    unknown: list[str]


def check_documents(version: ServiceVersion, presented: list[str]) -> Checklist:
    lines = version.document_requirements()
    known = {line.document.code for line in lines}
    given = list(dict.fromkeys(presented))  # keep order, drop repeats
    return Checklist(
        presented=[c for c in given if c in known],
        missing_mandatory=[line.document.code for line in lines if line.mandatory and line.document.code not in given],
        unknown=[c for c in given if c not in known],
    )


def _allocate_number(center: Center, year: int) -> str:
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(center=center, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return format_number(year=year, block=center.number_block, sequence=sequence.last_value)


def _record(
    application: Application,
    *,
    action: str,
    from_status: str,
    actor: Any,
    at: dt.datetime,
    comment: str = "",
    reason_code: str = "",
    due_before: dt.date | None = None,
    deadline_rule: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    last = application.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    return ApplicationEvent.objects.create(
        application=application,
        sequence=last + 1,
        action=action,
        from_status=from_status,
        to_status=application.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "") or "",
        at=at,
        comment=comment,
        reason_code=reason_code,
        due_date_before=due_before,
        due_date_after=application.due_date,
        deadline_rule=deadline_rule,
        data=data or {},
    )


def request_fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def submit_application(
    *,
    actor: Any,
    service: Service,
    center: Center,
    applicant: Citizen,
    channel: str = Channel.FRONT_DESK,
    documents_presented: list[str] | None = None,
    representative: Citizen | None = None,
    representative_basis: str = "",
    representative_document: str = "",
    accept_now: bool = False,
    idempotency_key: str = "",
    fingerprint: str = "",
    at: dt.datetime | None = None,
) -> tuple[Application, bool]:
    """Take an application at a centre. Returns (application, created).

    With an idempotency key, the same key and fingerprint return the first application
    (created=False); the same key with another fingerprint is refused.
    """
    scope = scope_of(actor)
    if scope is None or scope.role not in INTAKE_ROLES:
        raise NotAllowed(_("Only front-office staff take applications."))
    if scope.role in {Role.OPERATOR, Role.MANAGER} and center.pk != scope.center_id:
        raise NotAllowed(_("You can take applications only at your own centre."))
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), field="channel", code="invalid_channel")
    if service.channels and channel not in service.channels:
        raise ValidationFailed(
            _("This service is not offered through this channel."), field="channel", code="channel_not_offered"
        )
    if not service.is_active:
        raise ValidationFailed(
            _("This service is not offered at the moment."), field="service_code", code="service_inactive"
        )
    if representative is not None:
        if representative.pk == applicant.pk:
            raise ValidationFailed(_("A representative cannot be the applicant."), field="representative")
        if representative_basis not in RepresentativeBasis.values:
            raise ValidationFailed(_("Give the basis on which the representative acts."), field="representative_basis")

    try:
        with transaction.atomic():
            if idempotency_key:
                existing = _replay(actor, idempotency_key, fingerprint)
                if existing is not None:
                    return existing, False
            application = _create(
                actor=actor,
                service=service,
                center=center,
                applicant=applicant,
                channel=channel,
                documents_presented=documents_presented or [],
                representative=representative,
                representative_basis=representative_basis if representative else "",
                representative_document=representative_document if representative else "",
                accept_now=accept_now,
                at=at or timezone.now(),
            )
            if idempotency_key:
                IdempotencyKey.objects.create(
                    user=actor, key=idempotency_key, fingerprint=fingerprint, application=application
                )
            return application, True
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its application.
        if idempotency_key:
            existing = _replay(actor, idempotency_key, fingerprint)
            if existing is not None:
                return existing, False
        raise


def find_replay(*, actor: Any, idempotency_key: str, fingerprint: str) -> Application | None:
    """The application an earlier request with this key made, if any (Conflict if its body differed).

    Callers that do other writes before submitting (citizen registration at intake) look here first,
    so a replay answers with the first application without writing anything.
    """
    return _replay(actor, idempotency_key, fingerprint)


def _replay(actor: Any, key: str, fingerprint: str) -> Application | None:
    row = IdempotencyKey.objects.select_related("application").filter(user=actor, key=key).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was already used with a different request body."), code="idempotency_key_reused"
        )
    return row.application


def _create(
    *,
    actor: Any,
    service: Service,
    center: Center,
    applicant: Citizen,
    channel: str,
    documents_presented: list[str],
    representative: Citizen | None,
    representative_basis: str,
    representative_document: str,
    accept_now: bool,
    at: dt.datetime,
) -> Application:
    version = version_in_force(service, at)
    checklist = check_documents(version, documents_presented)
    if checklist.unknown:
        raise ValidationFailed(
            _("Unknown document codes for this service: %(codes)s") % {"codes": ", ".join(checklist.unknown)},
            field="documents_presented",
            code="unknown_documents",
        )
    day = local_date(at)
    quote = quote_for(
        version,
        bhm_uzs=bhm_on(day),
        channel=channel,
        applicant_groups=exemption_categories(
            disability_group=applicant.disability_group,
            in_social_registry=applicant.in_social_registry,
            age=applicant.age_on(day),
        ),
    )
    application = Application.objects.create(
        number=_allocate_number(center, day.year),
        service=service,
        service_version=version,
        agency_id=service.agency_id,
        applicant=applicant,
        representative=representative,
        representative_basis=representative_basis,
        representative_document=representative_document,
        center=center,
        channel=channel,
        documents_presented=checklist.presented,
        documents_missing=checklist.missing_mandatory,
        fee_uzs=quote.total_uzs,
        fee_details=quote.as_dict(),
        payment_status=PaymentStatus.UNPAID if quote.total_uzs else PaymentStatus.NOT_REQUIRED,
        status=Status.SUBMITTED,
        submitted_at=at,
        due_date=add_working_days(day, version.term_working_days, version.calendar_regime),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(
        application,
        action="submit",
        from_status="",
        actor=actor,
        at=at,
        deadline_rule="legal_term",
        data={"term_working_days": version.term_working_days, "version": version.number},
    )
    notify_status(application)
    if accept_now:
        _apply(application, action_name="accept", actor=actor, at=at, comment="", reason_code="")
    return application


def _locked(actor: Any, number: str) -> Application:
    application = Application.objects.select_for_update().filter(number=number).first()
    if application is None:
        raise NotFound(_("No application with this number."))
    if not restrict_applications(Application.objects.filter(pk=application.pk), actor).exists():
        raise NotAllowed(_("This application is outside your area of work."))
    return application


def perform_transition(
    *,
    actor: Any,
    number: str,
    action: str,
    comment: str = "",
    reason_code: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """Apply one workflow action (see workflow.ACTIONS) to an application."""
    if action not in ACTIONS:
        raise ValidationFailed(_("Unknown action."), field="action", code="unknown_action")
    scope = scope_of(actor)
    if scope is None:
        raise NotAllowed(_("Sign in first."))
    with transaction.atomic():
        application = _locked(actor, number)
        return _apply(
            application,
            action_name=action,
            actor=actor,
            at=at or timezone.now(),
            comment=comment,
            reason_code=reason_code,
            expected_version=expected_version,
        )


class ClockedCase(Protocol):
    """What `advance` changes: an Application, or the demo simulator's lighter row."""

    status: str
    version: int
    due_date: dt.date
    clock_paused_on: dt.date | None
    paused_working_days: int
    overdue_since: dt.date | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    reason_code: str


def advance(
    application: ClockedCase,
    action: Action,
    *,
    at: dt.datetime,
    reason_code: str,
    regime: str,
    add_days: Callable[[dt.date, int, str], dt.date] = add_working_days,
    days_between: Callable[[dt.date, dt.date, str], int] = working_days_between,
) -> tuple[str, dict[str, Any]]:
    """What an allowed action does to an application in memory: state, clock, deadline, version.

    No checks and no saving: `_apply` checks first and saves after; the demo simulator
    (darcha/seed/cases.py) uses the same rules with its cached calendar. Returns the deadline rule
    it applied (if any) and the event's data.
    """
    rule = ""
    data: dict[str, Any] = {}
    today = local_date(at)
    if action.clock == Clock.PAUSE:
        application.clock_paused_on = today
        rule = "clock_paused"
    elif action.clock == Clock.RESUME and application.clock_paused_on is not None:
        lost = days_between(application.clock_paused_on, today, regime)
        application.paused_working_days += lost
        application.due_date = add_days(application.due_date, lost, regime) if lost else application.due_date
        application.clock_paused_on = None
        rule = "clock_resumed"
        data["paused_working_days"] = lost
        if application.due_date >= today:
            application.overdue_since = None  # back within the term: may become overdue again later
    elif action.clock == Clock.STOP:
        application.clock_paused_on = None
        if action.target in {Status.APPROVED, Status.REJECTED}:
            application.decided_at = at
            data["on_time"] = today <= application.due_date
    application.status = action.target
    if action.target in {Status.REJECTED, Status.DELIVERED, Status.WITHDRAWN}:
        application.closed_at = at
    if action.needs_reason:
        application.reason_code = reason_code
    application.version += 1
    return rule, data


def _apply(
    application: Application,
    *,
    action_name: str,
    actor: Any,
    at: dt.datetime,
    comment: str,
    reason_code: str,
    expected_version: int | None = None,
) -> Application:
    action = ACTIONS[action_name]
    scope = scope_of(actor)
    role = scope.role if scope else ""
    if role not in action.roles:
        raise NotAllowed(_("Your role may not perform this action."), code="role_not_allowed")
    if expected_version is not None and expected_version != application.version:
        raise StaleVersion(
            _(
                "The application was changed by someone else (version %(current)s, you saw %(seen)s). Reload and try again."
            )
            % {"current": application.version, "seen": expected_version}
        )
    if application.status not in action.sources:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the application is %(status)s.")
            % {"action": action.label, "status": Status(application.status).label}
        )
    comment = (comment or "").strip()
    if action.needs_comment and not comment:
        raise ValidationFailed(_("Write a message saying what is needed."), field="comment", code="comment_required")
    if action.needs_reason:
        if reason_code not in RejectionReason.values:
            raise ValidationFailed(_("Choose a reason for the rejection."), field="reason_code", code="reason_required")
        if reason_code == RejectionReason.OTHER and not comment:
            raise ValidationFailed(
                _("Explain the legal ground in the comment."), field="comment", code="comment_required"
            )
    elif reason_code:
        raise ValidationFailed(_("A reason code is given only when rejecting."), field="reason_code")
    if action_name == "accept" and application.documents_missing:
        raise ValidationFailed(
            _("Mandatory documents are missing; the application cannot be accepted yet."), code="documents_missing"
        )

    from_status = application.status
    due_before = application.due_date
    rule, data = advance(
        application, action, at=at, reason_code=reason_code, regime=application.service_version.calendar_regime
    )
    application.save()
    _record(
        application,
        action=action_name,
        from_status=from_status,
        actor=actor,
        at=at,
        comment=comment,
        reason_code=reason_code,
        due_before=due_before,
        deadline_rule=rule,
        data=data,
    )
    notify_status(application)
    return application


def record_documents(
    *,
    actor: Any,
    number: str,
    documents: list[str],
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """The citizen brings documents that were missing at intake (or asked for): add them to the case.

    Front-office only, while the application waits at the centre (submitted) or for the citizen
    (information requested). Presented documents are never removed. Recorded as a `documents` event.
    """
    at = at or timezone.now()
    scope = scope_of(actor)
    if scope is None or scope.role not in INTAKE_ROLES:
        raise NotAllowed(_("Only front-office staff record documents."), code="role_not_allowed")
    with transaction.atomic():
        application = _locked(actor, number)
        if expected_version is not None and expected_version != application.version:
            raise StaleVersion(_("The application was changed by someone else. Reload and try again."))
        if application.status not in {Status.SUBMITTED, Status.INFO_REQUESTED}:
            raise InvalidTransition(
                _("Documents can be added only while the application is submitted or waiting for information.")
            )
        checklist = check_documents(application.service_version, [*application.documents_presented, *documents])
        if checklist.unknown:
            raise ValidationFailed(
                _("Unknown document codes for this service: %(codes)s") % {"codes": ", ".join(checklist.unknown)},
                field="documents_presented",
                code="unknown_documents",
            )
        added = [c for c in checklist.presented if c not in application.documents_presented]
        if not added:
            raise ValidationFailed(_("Tick at least one document the citizen brought."), field="documents_presented")
        application.documents_presented = checklist.presented
        application.documents_missing = checklist.missing_mandatory
        application.version += 1
        application.save(update_fields=["documents_presented", "documents_missing", "version"])
        _record(
            application,
            action="documents",
            from_status=application.status,
            actor=actor,
            at=at,
            data={"added": added},
        )
        return application


def mark_overdue(*, today: dt.date | None = None) -> int:
    """Flag applications whose clock runs past the deadline; one 'overdue' event each. Idempotent."""
    today = today or local_date(timezone.now())
    now = timezone.now()
    count = 0
    candidates = Application.objects.filter(
        status__in=CLOCK_RUNNING_STATES, due_date__lt=today, overdue_since__isnull=True
    ).values_list("pk", flat=True)
    for pk in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            if application.overdue_since is not None or application.status not in CLOCK_RUNNING_STATES:
                continue
            application.overdue_since = today
            application.save(update_fields=["overdue_since"])
            _record(application, action="overdue", from_status=application.status, actor=None, at=now)
            count += 1
    return count
