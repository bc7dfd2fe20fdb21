"""The overview's rollups equal a full recomputation, whatever happens to applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from darcha.accounts.roles import role_of
from darcha.applications import rollups
from darcha.applications.models import Application, BacklogCount, DailyCount
from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tests.factories import submit
from darcha.applications.workflow import Action, available_actions
from darcha.core.errors import DomainError
from darcha.payments.services import record_payment
from darcha.people.tests.factories import CitizenFactory

TASHKENT = dt.timezone(dt.timedelta(hours=5))


def moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=TASHKENT)


def _inputs(action: Action) -> dict[str, Any]:
    """What an action needs besides its name: a reason, a comment, an answer."""
    inputs: dict[str, Any] = {}
    if action.reason is not None:
        inputs["reason_code"] = sorted(action.reason.choices.values)[0]
        inputs["comment"] = "explained"
    if action.needs_comment or action.takes_answer:
        inputs["comment"] = "the citizen's answer"
    return inputs


# One step of a history: what happens, to which application (an index), how many days later, at what
# hour (Tashkent; 01:30 is still the previous day in UTC).
STEP = st.tuples(
    st.sampled_from(["submit", "submit_incomplete", "act", "documents", "pay"]),
    st.integers(0, 50),
    st.integers(0, 4),
    st.sampled_from([1, 10, 23]),
)


@hsettings(max_examples=25)
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_rollups_equal_a_recomputation_after_any_history(world: Any, steps: list[tuple[str, int, int, int]]) -> None:
    """Intake (complete or not), every action the workflow allows, documents brought later and
    payments, at any hour over several weeks: the counts kept in each transaction are those a
    rebuild from the applications makes."""
    front = {
        world.center_a.pk: world.operator_a,
        world.center_a2.pk: world.operator_a2,
        world.center_b.pk: world.operator_b,
    }
    back = {world.agency_x.pk: world.officer_x, world.agency_y.pk: world.officer_y}
    operators = list(front.values())
    services = [world.service_x, world.service_y]
    with transaction.atomic():
        day = dt.date(2026, 10, 1)
        numbers: list[str] = []
        for kind, pick, days_later, hour in steps:
            day += dt.timedelta(days=days_later)
            at = moment(day, hour)
            if kind.startswith("submit") or not numbers:
                service = services[pick % 2]
                operator = operators[pick % 3]
                extra = {"documents_presented": []} if kind == "submit_incomplete" else {}
                numbers.append(submit(actor=operator, service=service, applicant=world.citizen, at=at, **extra).number)
                continue
            application = Application.objects.get(number=numbers[pick % len(numbers)])
            people = [front[application.center_id], back[application.agency_id]]
            try:
                if kind == "documents":
                    record_documents(
                        actor=people[0],
                        number=application.number,
                        documents=[d.document.code for d in application.service_version.documents.all()],
                        at=at,
                    )
                elif kind == "pay":
                    record_payment(
                        actor=people[0],
                        number=application.number,
                        amount_uzs=application.fee_uzs or 1000,
                        method="cash_desk",
                        receipt_number=f"R{pick}-{day}",
                        at=at,
                    )
                else:
                    choices = [(p, a) for p in people for a in available_actions(application, role_of(p))]
                    if not choices:
                        continue
                    person, action = choices[pick % len(choices)]
                    perform_transition(
                        actor=person, number=application.number, action=action.name, at=at, **_inputs(action)
                    )
            except DomainError:
                continue  # refused (nothing to add, already paid …): changes nothing
        assert rollups.current_counts() == rollups.recomputed_counts()
        transaction.set_rollback(True)


def test_a_closed_backlog_leaves_no_rows_and_the_day_keeps_its_counts(world: Any) -> None:
    day = dt.date(2026, 11, 2)
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, at=moment(day, 10))
    assert BacklogCount.objects.get().count == 1
    perform_transition(actor=world.officer_x, number=app.number, action="start_review", at=moment(day, 11))
    perform_transition(actor=world.officer_x, number=app.number, action="approve", at=moment(day, 12))
    assert not BacklogCount.objects.exists()
    daily = DailyCount.objects.get()
    assert (daily.day, daily.submitted, daily.decided, daily.decided_on_time) == (day, 1, 1, 1)


def test_a_late_decision_is_counted_on_its_day_and_not_on_time(world: Any) -> None:
    submitted_on = dt.date(2026, 9, 1)
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, at=moment(submitted_on, 10))
    decided_on = app.due_date + dt.timedelta(days=3)
    perform_transition(actor=world.officer_x, number=app.number, action="start_review", at=moment(decided_on, 9))
    perform_transition(
        actor=world.officer_x, number=app.number, action="reject", reason_code="not_eligible", at=moment(decided_on, 10)
    )
    rows = {row.day: (row.submitted, row.decided, row.decided_on_time) for row in DailyCount.objects.all()}
    assert rows == {submitted_on: (1, 0, 0), decided_on: (0, 1, 0)}


def test_a_submission_after_midnight_in_tashkent_counts_on_the_local_day(world: Any) -> None:
    day = dt.date(2026, 11, 3)
    submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, at=moment(day, 1))
    row = BacklogCount.objects.get()
    assert row.submitted_on == day  # 20:30 UTC of the day before
    assert DailyCount.objects.get().day == day


def test_rebuild_rollups_repairs_the_counts_and_check_reports_differences(world: Any) -> None:
    for _ in range(3):
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    expected = rollups.current_counts()
    BacklogCount.objects.update(count=99)
    DailyCount.objects.all().delete()
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_rollups", "--check")
    call_command("rebuild_rollups")
    assert rollups.current_counts() == expected
    call_command("rebuild_rollups", "--check")  # agrees now: no error
