"""The legal deadline: set at submission, stopped while information is requested, never moved back."""

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from darcha.applications.models import Application
from darcha.applications.services import mark_overdue, perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.workflow import ACTIONS, FINAL_STATES, STATES
from darcha.core.errors import DomainError

TASHKENT = dt.timezone(dt.timedelta(hours=5))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TASHKENT)


def test_info_request_stops_the_clock_and_resumption_extends_the_deadline(world):
    monday = dt.date(2026, 11, 2)
    app = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True, at=at(monday)
    )
    assert app.due_date == dt.date(2026, 11, 16)
    perform_transition(actor=world.officer_x, number=app.number, action="start_review", at=at(monday, 11))
    perform_transition(
        actor=world.officer_x,
        number=app.number,
        action="request_info",
        comment="Need the title deed",
        at=at(dt.date(2026, 11, 4)),
    )
    resumed = perform_transition(
        actor=world.operator_a,
        number=app.number,
        action="provide_info",
        comment="The title deed was brought",
        at=at(dt.date(2026, 11, 9)),
    )
    # Paused from Wed 4 Nov to Mon 9 Nov: Thu, Fri, Mon = 3 working days lost.
    assert resumed.paused_working_days == 3
    assert resumed.due_date == dt.date(2026, 11, 19)
    event = resumed.events.order_by("-sequence").first()
    assert (event.deadline_rule, event.due_date_before, event.due_date_after) == (
        "clock_resumed",
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 19),
    )


def test_overdue_detection_flags_once_and_skips_paused_or_decided(world):
    old = dt.date(2026, 10, 1)
    late = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True, at=at(old))
    paused = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True, at=at(old)
    )
    perform_transition(actor=world.officer_x, number=paused.number, action="start_review", at=at(old))
    perform_transition(actor=world.officer_x, number=paused.number, action="request_info", comment="x", at=at(old))
    today = dt.date(2026, 11, 27)
    assert mark_overdue(today=today) == 1
    assert mark_overdue(today=today) == 0
    late.refresh_from_db()
    assert late.overdue_since == today
    assert late.events.filter(action="overdue").count() == 1
    assert late.is_overdue_on(today)


ACTORS = ["operator_a", "officer_x", "operator_b", "officer_y", "analyst", "manager_a", "supervisor_a"]


@hsettings(max_examples=40)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(sorted(ACTIONS)),
            st.sampled_from(ACTORS),
            st.integers(0, 6),
            st.sampled_from(["", "not_eligible", "other"]),
            st.sampled_from(["", "please bring the original"]),
        ),
        max_size=12,
    ),
    missing=st.booleans(),
)
def test_any_sequence_of_actions_keeps_the_application_valid(world, steps, missing):
    """Whatever anyone tries, in any order: the state stays reachable, events chain, the deadline
    only moves forward and only by a recorded rule, and a refused action changes nothing."""
    day = dt.date(2026, 3, 2)
    documents = ["photo"] if missing else ["passport", "photo"]
    app = submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        documents_presented=documents,
        at=at(day),
    )
    valid = set(STATES)
    for action, actor_name, days_later, reason, comment in steps:
        day += dt.timedelta(days=days_later)
        before = Application.objects.get(pk=app.pk)
        try:
            perform_transition(
                actor=getattr(world, actor_name),
                number=app.number,
                action=action,
                reason_code=reason,
                comment=comment,
                at=at(day),
            )
        except DomainError:
            after = Application.objects.get(pk=app.pk)
            assert (after.status, after.version, after.due_date) == (before.status, before.version, before.due_date)
            continue
        after = Application.objects.get(pk=app.pk)
        assert after.version == before.version + 1
        assert before.status not in FINAL_STATES
    final = Application.objects.get(pk=app.pk)
    assert final.status in valid
    events = list(final.events.order_by("sequence"))
    assert events[-1].to_status == final.status
    for prev, event in itertools.pairwise(events):
        assert event.from_status == prev.to_status
        assert event.due_date_after >= event.due_date_before
        if event.due_date_after != event.due_date_before:
            assert event.deadline_rule == "clock_resumed"
    assert final.due_date == events[-1].due_date_after
