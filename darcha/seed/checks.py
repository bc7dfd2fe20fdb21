"""Consistency of stored applications with the workflow, the calendar, the fee rules and the numbers.

Used by the tests of the demo seed and by `seed_demo --check`; it reads like an auditor would:
replay every event against the workflow table and recompute what the services compute.
"""

from __future__ import annotations

from collections.abc import Iterable

from darcha.applications.models import Application, ApplicationEvent
from darcha.applications.numbers import normalize
from darcha.applications.workflow import ACTIONS, CLOCK_RUNNING_STATES, Clock, Status
from darcha.catalog.fees import exemption_categories, quote_for
from darcha.seed.cases import BhmTable, WorkingDays, local_date

SYSTEM_ACTIONS = {"overdue"}  # recorded by the worker, not by a person


def application_problems(
    app: Application, events: list[ApplicationEvent], *, days: WorkingDays, bhm: BhmTable | None = None
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
    if not events or events[0].action != "submit" or events[0].from_status != "" or events[0].to_status != "submitted":
        return [*problems, "the first event is not the submission"]
    version = app.service_version
    regime = version.calendar_regime
    submitted_on = local_date(app.submitted_at)
    due = days.add(submitted_on, version.term_working_days, regime)
    if events[0].at != app.submitted_at or events[0].due_date_after != due:
        say("submission event disagrees with the application")
    status, paused_on, paused_total, transitions = Status.SUBMITTED.value, None, 0, 0
    previous_at = events[0].at
    for event in events[1:]:
        if event.at < previous_at:
            say(f"event {event.sequence} goes back in time")
        previous_at = event.at
        if event.from_status != status:
            say(f"event {event.sequence} starts from {event.from_status}, the case was {status}")
        if event.action in SYSTEM_ACTIONS:
            if event.to_status != status or status not in CLOCK_RUNNING_STATES or event.actor_id is not None:
                say(f"overdue event {event.sequence} is not a flag on a running clock")
            if event.due_date_after != due or local_date(event.at) <= due:
                say(f"overdue event {event.sequence} before the deadline")
            continue
        action = ACTIONS.get(event.action)
        if action is None:
            say(f"event {event.sequence}: unknown action {event.action}")
            continue
        transitions += 1
        if status not in action.sources or event.to_status != action.target:
            say(f"event {event.sequence}: {event.action} from {status} to {event.to_status} is not in the workflow")
        if event.actor_role not in action.roles:
            say(f"event {event.sequence}: role {event.actor_role} may not {event.action}")
        if action.needs_reason and not event.reason_code:
            say(f"event {event.sequence}: rejection without a reason code")
        if action.needs_comment and not event.comment:
            say(f"event {event.sequence}: {event.action} without a comment")
        day = local_date(event.at)
        if action.clock == Clock.PAUSE:
            paused_on = day
        elif action.clock == Clock.RESUME and paused_on is not None:
            lost = days.between(paused_on, day, regime)
            paused_total += lost
            due = days.add(due, lost, regime) if lost else due
            paused_on = None
        elif action.clock == Clock.STOP:
            paused_on = None
        if event.due_date_after != due:
            say(f"event {event.sequence}: deadline {event.due_date_after}, expected {due}")
        status = event.to_status
    if status != app.status:
        say(f"last event leaves {status}, the application is {app.status}")
    if app.due_date != due or app.paused_working_days != paused_total or app.clock_paused_on != paused_on:
        say("deadline, paused days or paused date differ from the replay")
    if app.due_date < submitted_on:
        say("deadline before the submission")
    if app.version != 1 + transitions:
        say("version is not 1 + the number of transitions")
    decision = next((e for e in events if e.action in {"approve", "reject"}), None)
    if (decision.at if decision else None) != app.decided_at:
        say("decided_at differs from the decision event")
    closed = app.status in {Status.REJECTED, Status.DELIVERED, Status.WITHDRAWN}
    if app.closed_at != (events[-1].at if closed else None):
        say("closed_at differs from the closing event")
    applicant = app.applicant
    age = applicant.age_on(submitted_on)
    if age < 16 and (app.representative_id is None or app.representative_basis != "parent"):
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
    for start in range(0, len(apps), 5000):
        chunk = [a.pk for a in apps[start : start + 5000]]
        for event in ApplicationEvent.objects.filter(application__in=chunk).order_by("application", "sequence"):
            events.setdefault(event.application_id, []).append(event)
    found = {}
    for app in apps:
        problems = application_problems(app, events.get(app.pk, []), days=days, bhm=bhm)
        if problems:
            found[app.number] = problems
    return found
