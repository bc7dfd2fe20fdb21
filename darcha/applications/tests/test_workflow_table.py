"""The workflow table is the whole state machine: every state reachable, no dead ends, sets derived."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from darcha.applications import workflow
from darcha.applications.workflow import (
    ACTIONS,
    CLOCK_RUNNING_STATES,
    FINAL_STATES,
    INITIAL_STATE,
    OPEN_STATES,
    STATES,
    ClockState,
    Status,
    is_overdue,
)
from darcha.core.errors import DomainError, InvalidTransition, NotAllowed


def reachable() -> set[str]:
    states, frontier = {INITIAL_STATE.value}, [INITIAL_STATE.value]
    while frontier:
        current = frontier.pop()
        for action in ACTIONS.values():
            if current in action.sources and action.target not in states:
                states.add(action.target)
                frontier.append(action.target)
    return states


def test_every_declared_state_is_reachable_and_every_status_is_declared():
    assert reachable() == set(STATES) == set(Status.values)


def test_final_states_have_no_way_out_and_the_others_have_one():
    for status in STATES:
        exits = [a for a in ACTIONS.values() if status in a.sources]
        assert bool(exits) == (status not in FINAL_STATES), status


def test_sets_are_derived_from_the_table():
    assert {s for s, st_ in STATES.items() if st_.open} == OPEN_STATES
    assert {s for s, st_ in STATES.items() if st_.clock == ClockState.RUNS} == CLOCK_RUNNING_STATES
    assert ACTIONS["withdraw"].sources == OPEN_STATES
    assert not OPEN_STATES & FINAL_STATES


def test_no_draft_state_is_left():
    assert "draft" not in Status.values


def test_every_action_names_who_may_take_it():
    for action in ACTIONS.values():
        assert action.roles, action.name
        assert action.target in STATES


@given(
    status=st.sampled_from(sorted(STATES)),
    due=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
)
def test_overdue_means_a_running_clock_past_the_deadline(status, due, today):
    assert is_overdue(status, due, today) == (STATES[status].clock_runs and due < today)


class Row:
    """A case in memory, as the demo generator keeps one."""

    def __init__(self, status: str, missing: list[str] | None = None, payment_status: str = "not_required") -> None:
        self.status = status
        self.version = 1
        self.due_date = dt.date(2026, 12, 1)
        self.clock_paused_on = None
        self.paused_working_days = 0
        self.overdue_since = None
        self.decided_at = None
        self.closed_at = None
        self.reason_code = ""
        self.documents_missing = missing or []
        self.payment_status = payment_status


def perform(row: Row, name: str, role: str, **kw):
    at = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    return workflow.perform(
        row,
        name,
        role=role,
        at=at,
        today=at.date(),
        regime="5day",
        add_days=lambda day, n, regime: day + dt.timedelta(days=n),
        days_between=lambda a, b, regime: (b - a).days,
        **kw,
    )


def test_perform_checks_role_state_and_inputs_without_touching_a_refused_case():
    row = Row("in_review")
    with pytest.raises(NotAllowed):
        perform(row, "approve", "operator")
    with pytest.raises(InvalidTransition):
        perform(row, "accept", "operator")
    with pytest.raises(DomainError):
        perform(row, "request_info", "officer")  # needs a comment
    with pytest.raises(DomainError):
        perform(Row("submitted", missing=["passport"]), "accept", "operator")
    assert (row.status, row.version) == ("in_review", 1)


def test_perform_applies_the_clock_rules():
    row = Row("in_review")
    step = perform(row, "request_info", "officer", comment="bring the deed")
    assert (row.status, row.clock_paused_on, step.deadline_rule) == (
        "info_requested",
        dt.date(2026, 11, 20),
        "clock_paused",
    )
    # The citizen's answer is due after the declared number of working days (here: calendar days).
    assert step.data["answer_by"] == (dt.date(2026, 11, 20) + dt.timedelta(days=10)).isoformat()
    row.clock_paused_on = dt.date(2026, 11, 17)
    step = perform(row, "provide_info", "operator", comment="the deed was brought")
    assert row.due_date == dt.date(2026, 12, 4) and step.deadline_rule == "clock_resumed"
    perform(row, "reject", "officer", reason_code="not_eligible")
    assert row.closed_at is not None and row.decided_at is not None and row.version == 4
