"""The payment page: the operator records the receipt; the case page and the receipt show the fee's state."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.payments.models import Payment


@pytest.fixture
def case(world: Any) -> Any:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)


def url(case: Any) -> str:
    return f"/desk/applications/{case.number}/payment/"


def test_the_case_page_and_the_receipt_show_the_unpaid_fee_and_link_the_payment(
    client: Client, world: Any, case: Any
) -> None:
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert 'data-payment-status="unpaid"' in page and f'href="{url(case)}"' in page
    receipt = client.get(f"/desk/receipt/{case.number}/").content.decode()
    assert 'data-payment-status="unpaid"' in receipt and f'href="{url(case)}?back=receipt"' in receipt
    assert "The result is handed over only when the fee is paid." in receipt


def test_recording_a_payment_on_the_page(client: Client, world: Any, case: Any) -> None:
    client.force_login(world.operator_a)
    form = client.get(url(case)).content.decode()
    assert 'name="receipt_number"' in form and 'value="412000"' in form
    response = client.post(
        url(case), {"intent": "pay", "method": "terminal", "receipt_number": "RRN 99", "amount": "412000"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/desk/applications/{case.number}/"
    case.refresh_from_db()
    assert case.payment_status == "paid"
    page = client.get(response["Location"]).content.decode()
    assert "Payment of 412\u00a0000\u00a0UZS recorded (receipt RRN 99)." in page
    assert 'data-payment="RRN 99"' in page and "data-record-payment" not in page


def test_back_to_the_receipt(client: Client, world: Any, case: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post(
        url(case),
        {"intent": "pay", "method": "cash_desk", "receipt_number": "7", "amount": "412000", "back": "receipt"},
    )
    assert response["Location"] == f"/desk/receipt/{case.number}/"
    receipt = client.get(response["Location"]).content.decode()
    assert 'data-payment-status="paid"' in receipt and "receipt 7" in receipt


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"method": "cash_desk", "receipt_number": "7", "amount": "400000"}, "id_amount"),
        ({"method": "cash_desk", "receipt_number": "", "amount": "412000"}, "id_receipt_number"),
        ({"method": "cash", "receipt_number": "7", "amount": "412000"}, "id_method_0"),
        ({"method": "cash_desk", "receipt_number": "7", "amount": "lots"}, "id_amount"),
    ],
)
def test_errors_are_shown_on_their_fields_and_nothing_is_recorded(
    client: Client, world: Any, case: Any, data: dict[str, str], field: str
) -> None:
    client.force_login(world.operator_a)
    response = client.post(url(case), {"intent": "pay", **data})
    assert response.status_code == 422
    assert f'href="#{field}"' in response.content.decode()
    assert not Payment.objects.exists()


def test_the_back_office_and_other_centres_cannot_record(client: Client, world: Any, case: Any) -> None:
    client.force_login(world.officer_x)
    assert client.get(url(case)).status_code == 403
    client.force_login(world.operator_b)
    assert client.get(url(case)).status_code == 404


def test_a_paid_application_sends_the_page_back(client: Client, world: Any, case: Any) -> None:
    client.force_login(world.operator_a)
    client.post(url(case), {"intent": "pay", "method": "cash_desk", "receipt_number": "7", "amount": "412000"})
    assert client.get(url(case)).status_code == 302


def test_hand_over_is_offered_only_once_paid(client: Client, world: Any, case: Any) -> None:
    for action in ("start_review", "approve", "mark_ready"):
        perform_transition(actor=world.officer_x, number=case.number, action=action)
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert 'data-action="deliver"' not in page and "data-waiting" in page
    client.post(url(case), {"intent": "pay", "method": "cash_desk", "receipt_number": "7", "amount": "412000"})
    assert 'data-action="deliver"' in client.get(f"/desk/applications/{case.number}/").content.decode()
