import datetime as dt
import itertools

import pytest
from django.utils import timezone

from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.core.errors import InvalidTransition, NotAllowed, NotFound, StaleVersion, ValidationFailed
from darcha.payments.services import record_payment


@pytest.fixture
def accepted(world):
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


def test_officer_cannot_act_outside_own_agency(world, accepted):
    # Outside the scope the case is unknown: NotFound, exactly as for a wrong number.
    with pytest.raises(NotFound):
        perform_transition(actor=world.officer_y, number=accepted.number, action="start_review")


def test_operator_cannot_approve(world, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    with pytest.raises(NotAllowed):
        perform_transition(actor=world.operator_a, number=accepted.number, action="approve")


def test_operator_of_another_centre_cannot_withdraw(world, accepted):
    with pytest.raises(NotFound):
        perform_transition(actor=world.operator_b, number=accepted.number, action="withdraw")


def test_action_not_allowed_from_current_state_is_invalid_transition(world, accepted):
    with pytest.raises(InvalidTransition):
        perform_transition(actor=world.officer_x, number=accepted.number, action="approve")


def test_stale_expected_version_is_refused(world, accepted):
    with pytest.raises(StaleVersion):
        perform_transition(actor=world.officer_x, number=accepted.number, action="start_review", expected_version=1)
    app = perform_transition(
        actor=world.officer_x, number=accepted.number, action="start_review", expected_version=accepted.version
    )
    assert app.version == accepted.version + 1


def test_rejection_needs_a_reason_code(world, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.officer_x, number=accepted.number, action="reject")
    app = perform_transition(actor=world.officer_x, number=accepted.number, action="reject", reason_code="not_eligible")
    assert (app.status, app.reason_code) == ("rejected", "not_eligible")
    assert app.closed_at is not None


def test_other_reason_needs_a_comment(world, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.officer_x, number=accepted.number, action="reject", reason_code="other")


def test_request_for_information_needs_a_message(world, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.officer_x, number=accepted.number, action="request_info", comment="  ")


def test_unknown_action_and_unknown_number(world, accepted):
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.officer_x, number=accepted.number, action="teleport")
    with pytest.raises(NotFound):
        perform_transition(actor=world.officer_x, number="DX-2026-101-999999-0", action="start_review")


def test_application_with_missing_documents_cannot_be_accepted(world):
    app = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["photo"]
    )
    assert app.status == "submitted"
    assert app.documents_missing == ["passport"]
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.operator_a, number=app.number, action="accept")


def test_citizen_withdraws_at_the_desk_with_a_recorded_reason(world, accepted):
    with pytest.raises(ValidationFailed) as refused:
        perform_transition(actor=world.operator_a, number=accepted.number, action="withdraw", comment="changed mind")
    assert refused.value.code == "reason_required"
    with pytest.raises(ValidationFailed):  # a rejection's reason is not a withdrawal's
        perform_transition(
            actor=world.operator_a, number=accepted.number, action="withdraw", reason_code="not_eligible"
        )
    with pytest.raises(ValidationFailed):  # "another reason" is explained
        perform_transition(
            actor=world.operator_a, number=accepted.number, action="withdraw", reason_code="other_request"
        )
    app = perform_transition(
        actor=world.operator_a, number=accepted.number, action="withdraw", reason_code="no_longer_needed"
    )
    assert (app.status, app.reason_code) == ("withdrawn", "no_longer_needed")
    assert app.events.order_by("sequence").last().reason_code == "no_longer_needed"
    with pytest.raises(InvalidTransition):
        perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")


def test_full_path_to_delivery_records_every_step(world, accepted):
    for actor, action in [
        (world.officer_x, "start_review"),
        (world.officer_x, "approve"),
        (world.officer_x, "mark_ready"),
    ]:
        perform_transition(actor=actor, number=accepted.number, action=action)
    record_payment(
        actor=world.operator_a, number=accepted.number, amount_uzs=412_000, method="terminal", receipt_number="77"
    )
    app = perform_transition(actor=world.operator_a, number=accepted.number, action="deliver")
    events = list(app.events.order_by("sequence"))
    assert [e.action for e in events][-2:] == ["payment", "deliver"]
    events = [e for e in events if e.action != "payment"]
    assert [e.to_status for e in events] == ["submitted", "accepted", "in_review", "approved", "ready", "delivered"]
    assert all(e.from_status == prev.to_status for prev, e in itertools.pairwise(events))
    assert events[2].actor_role == "officer"
    assert app.decided_at is not None and app.closed_at is not None


def test_events_are_append_only(world, accepted):
    event = accepted.events.first()
    event.comment = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_outbox_gets_one_sms_for_the_intake_without_personal_data(world, accepted):
    from darcha.notifications.models import OutboxMessage

    messages = OutboxMessage.objects.all()
    assert messages.count() == 1  # submitted and accepted in the same moment: one message, the acceptance's
    assert all(
        world.citizen.last_name not in str(m.context) and world.citizen.pinfl not in str(m.context) for m in messages
    )


def test_submission_date_in_tashkent_time_sets_the_deadline(world):
    # 23:30 UTC on Friday 27 Nov 2026 is already Saturday 28 Nov in Tashkent (UTC+5).
    at = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, at=at)
    assert timezone.localtime(app.submitted_at).date() == dt.date(2026, 11, 28)
    # 10 working days after Sat 28 Nov: 8 Dec is Constitution Day, Sat 12 Dec a decreed working day (PF-257).
    assert app.due_date == dt.date(2026, 12, 12)
