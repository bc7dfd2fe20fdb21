"""record_payment: the one validated write path that makes an application paid (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.audit.models import AuditEntry
from darcha.core.errors import Conflict, InvalidTransition, NotAllowed, NotFound, ValidationFailed
from darcha.notifications.models import OutboxMessage
from darcha.payments.models import Payment
from darcha.payments.services import record_payment


@pytest.fixture
def case(world: Any) -> Any:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)


def pay(world: Any, case: Any, **overrides: Any) -> Payment:
    arguments = {
        "actor": world.operator_a,
        "number": case.number,
        "amount_uzs": 412_000,
        "method": "cash_desk",
        "receipt_number": "KS 000123",
        **overrides,
    }
    return record_payment(**arguments)


def test_a_payment_is_recorded_with_receipt_amount_who_and_when(world: Any, case: Any) -> None:
    assert case.payment_status == "unpaid"
    messages_before = OutboxMessage.objects.count()
    payment = pay(world, case, receipt_number="  KS   000123 ")
    case.refresh_from_db()
    assert case.payment_status == "paid"
    assert (payment.amount_uzs, payment.method, payment.receipt_number, payment.recorded_by) == (
        412_000,
        "cash_desk",
        "KS 000123",
        world.operator_a,
    )
    assert payment.recorded_at is not None and not payment.confirmed_fee
    event = case.events.order_by("sequence").last()
    assert (event.action, event.from_status, event.to_status) == ("payment", "accepted", "accepted")
    assert event.data == {"amount_uzs": 412_000, "method": "cash_desk", "receipt_number": "KS 000123"}
    assert case.version == 2  # a payment is no reason for an officer's open form to be stale
    audit = AuditEntry.objects.filter(action="record_payment").get()
    assert (audit.actor, audit.object_id) == (world.operator_a, str(case.pk))
    assert OutboxMessage.objects.count() == messages_before  # the citizen is at the window


def test_a_known_fee_is_paid_in_full(world: Any, case: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        pay(world, case, amount_uzs=400_000)
    assert refused.value.code == "amount_mismatch"
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"amount_uzs": 0}, "invalid_amount"),
        ({"amount_uzs": -5}, "invalid_amount"),
        ({"amount_uzs": 10**13}, "invalid_amount"),
        ({"method": "bitcoin"}, "invalid_method"),
        ({"receipt_number": ""}, "receipt_number_required"),
        ({"receipt_number": "A" * 41}, "receipt_number_invalid"),
        ({"receipt_number": "12<script>"}, "receipt_number_invalid"),
    ],
)
def test_bad_input_is_refused_with_a_reason(world: Any, case: Any, overrides: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        pay(world, case, **overrides)
    assert refused.value.code == code


def test_paying_twice_is_a_conflict(world: Any, case: Any) -> None:
    pay(world, case)
    with pytest.raises(Conflict):
        pay(world, case, receipt_number="KS 000124")
    assert Payment.objects.count() == 1


def test_only_the_front_office_in_scope_records_payments(world: Any, case: Any) -> None:
    with pytest.raises(NotAllowed):
        pay(world, case, actor=world.officer_x)
    with pytest.raises(NotFound):  # another centre's case is unknown, like a wrong number
        pay(world, case, actor=world.operator_b)


def test_a_closed_or_free_application_takes_no_payment(world: Any, case: Any) -> None:
    free = submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        representative=None,
        channel="front_desk",
    )
    free.payment_status = "not_required"
    free.save(update_fields=["payment_status"])
    with pytest.raises(ValidationFailed) as refused:
        pay(world, free)
    assert refused.value.code == "no_fee_due"
    perform_transition(actor=world.operator_a, number=case.number, action="withdraw", reason_code="no_longer_needed")
    with pytest.raises(InvalidTransition):
        pay(world, case)


def test_the_hand_over_waits_for_the_payment(world: Any, case: Any) -> None:
    for action in ("start_review", "approve", "mark_ready"):
        perform_transition(actor=world.officer_x, number=case.number, action=action)
    with pytest.raises(ValidationFailed) as refused:
        perform_transition(actor=world.operator_a, number=case.number, action="deliver")
    assert refused.value.code == "fee_unpaid"
    pay(world, case)
    assert perform_transition(actor=world.operator_a, number=case.number, action="deliver").status == "delivered"


def test_recorded_payments_are_never_edited(world: Any, case: Any) -> None:
    payment = pay(world, case)
    payment.amount_uzs = 1
    with pytest.raises(ValueError):
        payment.save()
