"""Writes on applications: intake, transitions, overdue detection.

Every change goes through here: one transaction, the row locked, role and scope checked,
an append-only event written, the deadline kept, an SMS put in the outbox (delivered after commit),
and the management figures' rollups moved (`rollups.apply_change`, last, once per transaction: what
the rollups count is status, centre, service, submission day, deadline and decision day; payments
and the overdue flag change none of these).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.models import Role, User
from darcha.accounts.roles import Capability, Dimension, can, role_of
from darcha.accounts.scoping import Scope, restrict, scope_of
from darcha.applications import rollups
from darcha.applications.choices import PaymentStatus
from darcha.applications.messages import notify_citizen
from darcha.applications.models import (
    Application,
    ApplicationEvent,
    NumberSequence,
    RepresentativeBasis,
)
from darcha.applications.numbers import format_number
from darcha.applications.workflow import (
    ACTIONS,
    INITIAL_STATE,
    DeadlineRule,
    EventKind,
    becomes_overdue,
    perform,
    should_accept_at_intake,
    state,
    waits_for_acceptance,
)
from darcha.catalog.choices import Channel
from darcha.catalog.fees import exemption_categories, fee_is_known, quote_for
from darcha.catalog.models import Service, ServiceVersion
from darcha.catalog.selectors import bhm_on, version_in_force
from darcha.centers.calendar import add_working_days, working_days_between
from darcha.centers.models import Center
from darcha.core.errors import InvalidTransition, NotAllowed, NotFound, StaleVersion, ValidationFailed
from darcha.people.models import Citizen

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


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
    actor: User | None,
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
        actor=actor if actor is not None and actor.pk else None,
        actor_role=role_of(actor),
        at=at,
        comment=comment,
        reason_code=reason_code,
        due_date_before=due_before,
        due_date_after=application.due_date,
        deadline_rule=deadline_rule,
        data=data or {},
    )


def require_front_office(actor: Viewer, center: Center | None = None) -> Scope:
    """Refuse anyone who may not take applications (at this centre)."""
    scope = scope_of(actor)
    if scope is None or not can(actor, Capability.FRONT_OFFICE):
        raise NotAllowed(_("Only front-office staff take applications."))
    if center is not None and scope.dimension == Dimension.CENTER and center.pk != scope.center_id:
        raise NotAllowed(_("You can take applications only at your own centre."))
    return scope


def initial_payment_status(*, fee_known: bool, total_uzs: int) -> str:
    """A fee the catalog does not know is to be confirmed (never "no fee"); a known one is due or not."""
    if not fee_known:
        return PaymentStatus.UNCONFIRMED
    return PaymentStatus.UNPAID if total_uzs else PaymentStatus.NOT_REQUIRED


def submit_application(
    *,
    actor: User,
    service: Service,
    center: Center,
    applicant: Citizen,
    channel: str = "",
    documents_presented: list[str] | None = None,
    representative: Citizen | None = None,
    representative_basis: str = "",
    representative_document: str = "",
    at: dt.datetime | None = None,
) -> Application:
    """Take an application at a centre for citizens already on record, in one transaction.

    The accept policy is the workflow's (`should_accept_at_intake`): a complete checklist is
    accepted at once by the same actor. Intake from the desk and the API goes through
    `darcha.applications.intake.intake_application`, which resolves the citizens and wraps this in
    the idempotency check.
    """
    require_front_office(actor, center)
    channel = channel or service.default_channel
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), field="channel", code="invalid_channel")
    if not service.offers(channel):
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
    at = at or timezone.now()
    with transaction.atomic():
        version = version_in_force(service, at)
        checklist = check_documents(version, documents_presented or [])
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
            agency=service.agency,  # the object, not only its id: the answer names the agency
            applicant=applicant,
            representative=representative,
            representative_basis=representative_basis if representative else "",
            representative_document=representative_document if representative else "",
            center=center,
            channel=channel,
            documents_presented=checklist.presented,
            documents_missing=checklist.missing_mandatory,
            fee_uzs=quote.total_uzs,
            fee_details=quote.as_dict(),
            payment_status=initial_payment_status(fee_known=fee_is_known(version), total_uzs=quote.total_uzs),
            status=INITIAL_STATE,
            submitted_at=at,
            due_date=add_working_days(day, version.term_working_days, version.calendar_regime),
            created_by=actor if actor.pk else None,
        )
        submitted = _record(
            application,
            action=EventKind.SUBMIT,
            from_status="",
            actor=actor,
            at=at,
            deadline_rule=DeadlineRule.LEGAL_TERM,
            data={"term_working_days": version.term_working_days, "version": version.number},
        )
        if should_accept_at_intake(documents_missing=application.documents_missing):
            # One SMS for the two steps of the same moment: the acceptance's.
            _perform(application, EventKind.ACCEPT, actor=actor, at=at)
        else:
            notify_citizen(application, submitted)
        rollups.apply_change(None, rollups.facts_of(application))
        return application


def _locked(actor: Viewer, number: str) -> Application:
    """The application, locked for this transaction; out of scope reads as unknown (404, not 403)."""
    application = (
        restrict(Application.objects.select_for_update(of=("self",)), actor)
        .select_related("service_version")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise NotFound(_("No application with this number."))
    return application


def application_for_update(actor: Viewer, number: str) -> Application:
    """The application locked for the caller's transaction, found through the actor's scope: for
    services of other apps that change it (payments), under the same rules as a transition."""
    return _locked(actor, number)


def record_note(
    application: Application, *, kind: str, actor: User, at: dt.datetime, data: dict[str, Any]
) -> ApplicationEvent:
    """A history entry beside the state machine (documents, a payment): the state stays as it is."""
    return _record(application, action=kind, from_status=application.status, actor=actor, at=at, data=data)


def perform_transition(
    *,
    actor: User,
    number: str,
    action: str,
    comment: str = "",
    reason_code: str = "",
    expected_version: int | None = None,
    documents: list[str] | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """Apply one workflow action (see workflow.ACTIONS) to an application.

    `documents`: checklist codes the citizen brought with an answer to an information request
    ("Information provided", `takes_answer`); they are added to the case's checklist with the step.
    """
    if action not in ACTIONS:
        raise ValidationFailed(_("Unknown action."), field="action", code="unknown_action")
    if scope_of(actor) is None:
        raise NotAllowed(_("Sign in first."))
    with transaction.atomic():
        application = _locked(actor, number)
        before = rollups.facts_of(application)
        _perform(
            application,
            action,
            actor=actor,
            at=at or timezone.now(),
            comment=comment,
            reason_code=reason_code,
            expected_version=expected_version,
            documents=documents or [],
        )
        rollups.apply_change(before, rollups.facts_of(application))
        return application


def _add_to_checklist(application: Application, documents: list[str]) -> list[str]:
    """Add documents the citizen brought to the case's checklist; returns the codes newly presented."""
    checklist = check_documents(application.service_version, [*application.documents_presented, *documents])
    if checklist.unknown:
        raise ValidationFailed(
            _("Unknown document codes for this service: %(codes)s") % {"codes": ", ".join(checklist.unknown)},
            field="documents_presented",
            code="unknown_documents",
        )
    added = [c for c in checklist.presented if c not in application.documents_presented]
    application.documents_presented = checklist.presented
    application.documents_missing = checklist.missing_mandatory
    return added


def _perform(
    application: Application,
    action: str,
    *,
    actor: User,
    at: dt.datetime,
    comment: str = "",
    reason_code: str = "",
    expected_version: int | None = None,
    documents: list[str] | None = None,
) -> Application:
    documents = list(dict.fromkeys(documents or []))
    if documents:
        # Validated before the step, so that unknown codes refuse the whole action.
        check_documents_known(application.service_version, documents)
    step = perform(
        application,
        action,
        role=role_of(actor),
        at=at,
        today=local_date(at),
        regime=application.service_version.calendar_regime,
        add_days=add_working_days,
        days_between=working_days_between,
        comment=comment,
        reason_code=reason_code,
        expected_version=expected_version,
        documents=documents,
    )
    if documents:
        _add_to_checklist(application, documents)
    application.save()
    event = _record(application, actor=actor, at=at, **step.event())
    if step.action.tells_citizen:
        notify_citizen(application, event)
    return application


def check_documents_known(version: ServiceVersion, documents: list[str]) -> None:
    unknown = check_documents(version, documents).unknown
    if unknown:
        raise ValidationFailed(
            _("Unknown document codes for this service: %(codes)s") % {"codes": ", ".join(unknown)},
            field="documents_presented",
            code="unknown_documents",
        )


def record_documents(
    *,
    actor: User,
    number: str,
    documents: list[str],
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """The citizen brings documents that were missing at intake (or asked for): add them to the case.

    Front-office only, while the state takes documents (workflow.State.takes_documents). Presented
    documents are never removed. Recorded as a `documents` event. When they complete the checklist of
    a case still waiting to be accepted, the accept policy applies at once (`should_accept_at_intake`),
    in the same transaction and by the same actor: a case never waits as "submitted" for someone to
    remember to press Accept.
    """
    at = at or timezone.now()
    if not can(actor, Capability.FRONT_OFFICE):
        raise NotAllowed(_("Only front-office staff record documents."), code="role_not_allowed")
    with transaction.atomic():
        application = _locked(actor, number)
        before = rollups.facts_of(application)
        if expected_version is not None and expected_version != application.version:
            raise StaleVersion(_("The application was changed by someone else. Reload and try again."))
        if not state(application.status).takes_documents:
            raise InvalidTransition(
                _("Documents can be added only while the application is submitted or waiting for information.")
            )
        added = _add_to_checklist(application, documents)
        if not added:
            raise ValidationFailed(_("Tick at least one document the citizen brought."), field="documents_presented")
        application.version += 1
        application.save(update_fields=["documents_presented", "documents_missing", "version"])
        _record(
            application,
            action=EventKind.DOCUMENTS,
            from_status=application.status,
            actor=actor,
            at=at,
            data={"added": added},
        )
        if waits_for_acceptance(application.status) and should_accept_at_intake(
            documents_missing=application.documents_missing
        ):
            _perform(application, EventKind.ACCEPT, actor=actor, at=at)
        rollups.apply_change(before, rollups.facts_of(application))
        return application


def mark_overdue(*, today: dt.date | None = None) -> int:
    """Flag applications whose clock runs past the deadline; one 'overdue' event each. Idempotent."""
    today = today or local_date(timezone.now())
    now = timezone.now()
    count = 0
    candidates = Application.objects.overdue(today).filter(overdue_since__isnull=True).values_list("pk", flat=True)
    for pk in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            if not becomes_overdue(application, today):
                continue
            application.overdue_since = today
            application.save(update_fields=["overdue_since"])
            _record(application, action=EventKind.OVERDUE, from_status=application.status, actor=None, at=now)
            count += 1
    return count


# --- Assignment: who works on a case --------------------------------------------------------------


def assignable_officers(application: Application) -> list[User]:
    """The officers a case may be given to: active officers of its agency whose scope holds it (an
    officer posted to one region of the agency only takes cases of that region)."""
    officers = User.objects.filter(role=Role.OFFICER, agency_id=application.agency_id, is_active=True).order_by(
        "username"
    )
    return [
        officer for officer in officers if restrict(Application.objects.filter(pk=application.pk), officer).exists()
    ]


def assign_application(*, actor: User, number: str, assignee_id: int | None) -> Application:
    """Give an open case to an officer, or to nobody (`assignee_id=None`); an ASSIGN event records it.

    Officers (back office) take a case themselves or give up their own; roles with the assign
    capability (supervisors, administrators) give a case in their scope to any officer of its agency
    whose scope holds it. The case is found through the actor's scope: outside it, NotFound.
    """
    if not (can(actor, Capability.BACK_OFFICE) or can(actor, Capability.ASSIGN_CASES)):
        raise NotAllowed(_("Your role does not assign applications."))
    with transaction.atomic():
        application = _locked(actor, number)
        if not state(application.status).open:
            raise InvalidTransition(_("Only open applications are assigned."), code="not_open")
        others = can(actor, Capability.ASSIGN_CASES)
        if assignee_id is None:
            if not others and application.assigned_to_id != actor.pk:
                raise NotAllowed(_("You can give up only applications assigned to you."))
            assignee = None
        else:
            if not others and assignee_id != actor.pk:
                raise NotAllowed(_("You can assign applications only to yourself."))
            assignee = next((o for o in assignable_officers(application) if o.pk == assignee_id), None)
            if assignee is None:
                raise ValidationFailed(
                    _("Choose an officer of the agency that decides this application."),
                    field="assignee",
                    code="assignee_invalid",
                )
        if application.assigned_to_id == (assignee.pk if assignee else None):
            return application
        previous = application.assigned_to_id
        application.assigned_to = assignee
        application.save(update_fields=["assigned_to"])
        record_note(
            application,
            kind=EventKind.ASSIGN,
            actor=actor,
            at=timezone.now(),
            data={
                "assignee_id": assignee.pk if assignee else None,
                "assignee": assignee.username if assignee else "",
                "previous_id": previous,
            },
        )
        return application
