"""Consistency of stored applications with the workflow, the calendar, the fee rules and the numbers.

Used by the tests of the demo seed and by `seed_demo --check`; it reads like an auditor would:
replay every event through the workflow's `perform` and recompute what the services compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from darcha.applications.choices import PAYABLE, PaymentStatus
from darcha.applications.models import Application, ApplicationEvent, RepresentativeBasis
from darcha.applications.numbers import normalize
from darcha.applications.services import initial_payment_status
from darcha.applications.workflow import INITIAL_STATE, STATES, EventKind, becomes_overdue, perform
from darcha.catalog.fees import exemption_categories, fee_is_known, quote_for
from darcha.core.errors import DomainError
from darcha.payments.models import Payment
from darcha.seed.cases import BhmTable, WorkingDays, local_date


@dataclass
class Replay:
    """A case rebuilt from its events alone (workflow.Case)."""

    due_date: dt.date
    documents_missing: list[str] = field(default_factory=list)
    status: str = INITIAL_STATE
    version: int = 1
    clock_paused_on: dt.date | None = None
    paused_working_days: int = 0
    overdue_since: dt.date | None = None
    decided_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    reason_code: str = ""
    # The final payment status: hand-over needs a settled fee (payments recorded before it).
    payment_status: str = ""


def application_problems(
    app: Application,
    events: list[ApplicationEvent],
    *,
    days: WorkingDays,
    bhm: BhmTable | None = None,
    payments: int | None = None,
) -> list[str]:
    """What is wrong with one application and its events (ordered by sequence); empty when consistent."""
    problems: list[str] = []
    say = problems.append
    if normalize(app.number) != app.number:
        say(f"number {app.number} is not valid")
    elif app.number.split("-")[2] != f"{app.center.number_block:03d}":
        say("number block differs from the centre's")
    elif int(app.number.split("-")[1]) != local_date(app.submitted_at).year:
        say("number year differs from the submission year")
    if [e.sequence for e in events] != list(range(1, len(events) + 1)):
        return [*problems, "event sequences are not 1..n"]
    if not events or events[0].action != EventKind.SUBMIT or events[0].from_status != "":
        return [*problems, "the first event is not the submission"]
    if events[0].to_status != INITIAL_STATE:
        return [*problems, "the first event is not the submission"]
    version = app.service_version
    regime = version.calendar_regime
    submitted_on = local_date(app.submitted_at)
    due = days.add(submitted_on, version.term_working_days, regime)
    if events[0].at != app.submitted_at or events[0].due_date_after != due:
        say("submission event disagrees with the application")
    # Replay the history through the workflow's own `perform`, from a fresh case.
    # The fee as it stood at the intake (the services' `initial_payment_status`), then as the desk settled it.
    initial = app.payment_status
    if bhm is not None:
        applicant = app.applicant
        quote = quote_for(
            version,
            bhm_uzs=bhm.on(submitted_on),
            channel=app.channel,
            applicant_groups=exemption_categories(
                disability_group=applicant.disability_group,
                in_social_registry=applicant.in_social_registry,
                age=applicant.age_on(submitted_on),
            ),
        )
        initial = initial_payment_status(fee_known=fee_is_known(version), total_uzs=quote.total_uzs)
    replay = Replay(due_date=due, documents_missing=list(app.documents_missing), payment_status=initial)
    recorded = 0
    previous_at = events[0].at
    for event in events[1:]:
        if event.at < previous_at:
            say(f"event {event.sequence} goes back in time")
        previous_at = event.at
        if event.from_status != replay.status:
            say(f"event {event.sequence} starts from {event.from_status}, the case was {replay.status}")
        if event.action == EventKind.OVERDUE:
            if not becomes_overdue(replay, local_date(event.at)) or event.actor_id is not None:
                say(f"overdue event {event.sequence} is not a flag on a running clock past its deadline")
            replay.overdue_since = local_date(event.at)
            if event.to_status != replay.status:
                say(f"overdue event {event.sequence} changes the state")
            continue
        if event.action == EventKind.DOCUMENTS:
            replay.version += 1
            continue
        if event.action == EventKind.ASSIGN:
            continue
        if event.action in {EventKind.PAYMENT, EventKind.FEE_CONFIRMED}:
            wanted = PAYABLE if event.action == EventKind.PAYMENT else {PaymentStatus.UNCONFIRMED}
            if replay.payment_status not in wanted or STATES[replay.status].final:
                say(f"event {event.sequence}: {event.action} on a fee {replay.payment_status}, case {replay.status}")
            if event.to_status != replay.status:
                say(f"event {event.sequence}: {event.action} changes the state")
            paid = event.action == EventKind.PAYMENT
            replay.payment_status = PaymentStatus.PAID if paid else PaymentStatus.NOT_REQUIRED
            recorded += paid
            continue
        try:
            perform(
                replay,
                event.action,
                role=event.actor_role,
                at=event.at,
                today=local_date(event.at),
                regime=regime,
                add_days=days.add,
                days_between=days.between,
                comment=event.comment,
                reason_code=event.reason_code,
            )
        except DomainError as error:
            say(f"event {event.sequence}: {event.action} by {event.actor_role} from {event.from_status}: {error}")
            continue
        if event.to_status != replay.status:
            say(f"event {event.sequence}: {event.action} leads to {replay.status}, recorded {event.to_status}")
        if event.due_date_after != replay.due_date:
            say(f"event {event.sequence}: deadline {event.due_date_after}, expected {replay.due_date}")
    if replay.status != app.status:
        say(f"last event leaves {replay.status}, the application is {app.status}")
    if replay.payment_status != app.payment_status:
        say(f"the events leave the fee {replay.payment_status}, the application says {app.payment_status}")
    if payments is not None and payments != recorded:
        say(f"{payments} payments recorded, {recorded} payment events")
    if (app.due_date, app.paused_working_days, app.clock_paused_on) != (
        replay.due_date,
        replay.paused_working_days,
        replay.clock_paused_on,
    ):
        say("deadline, paused days or paused date differ from the replay")
    if app.due_date < submitted_on:
        say("deadline before the submission")
    if app.version != replay.version:
        say("version differs from the replay of the events")
    if app.decided_at != replay.decided_at:
        say("decided_at differs from the decision event")
    if app.closed_at != replay.closed_at:
        say("closed_at differs from the closing event")
    applicant = app.applicant
    age = applicant.age_on(submitted_on)
    if age < 16 and (app.representative_id is None or app.representative_basis != RepresentativeBasis.PARENT):
        say("a child under 16 without a parent representing them")
    if bhm is not None:
        quote = quote_for(
            version,
            bhm_uzs=bhm.on(submitted_on),
            channel=app.channel,
            applicant_groups=exemption_categories(
                disability_group=applicant.disability_group, in_social_registry=applicant.in_social_registry, age=age
            ),
        )
        if quote.total_uzs != app.fee_uzs:
            say(f"fee {app.fee_uzs}, expected {quote.total_uzs}")
    return problems


def problems_in(applications: Iterable[Application], *, days: WorkingDays | None = None) -> dict[str, list[str]]:
    """Check many applications; returns {number: problems} for the inconsistent ones only."""
    from darcha.catalog.models import BhmRate

    days = days or WorkingDays()
    bhm = BhmTable(list(BhmRate.objects.values_list("effective_from", "value_uzs")))
    apps = list(applications)
    events: dict[int, list[ApplicationEvent]] = {}
    payments: dict[int, int] = {}
    for start in range(0, len(apps), 5000):
        chunk = [a.pk for a in apps[start : start + 5000]]
        for event in ApplicationEvent.objects.filter(application__in=chunk).order_by("application", "sequence"):
            events.setdefault(event.application_id, []).append(event)
        for application_id in Payment.objects.filter(application__in=chunk).values_list("application_id", flat=True):
            payments[application_id] = payments.get(application_id, 0) + 1
    found = {}
    for app in apps:
        problems = application_problems(
            app, events.get(app.pk, []), days=days, bhm=bhm, payments=payments.get(app.pk, 0)
        )
        if problems:
            found[app.number] = problems
    return found
