"""A fee marked "not verified" in the catalog is never shown or printed as 0 or free (issue 12).

It is "to be confirmed" everywhere: the desk's fee box, the case page, the receipt, the public
tracking page, the API (`fee_confirmed: false`, `fee_uzs: null`); the result is not handed over
until the cashier confirms it with a payment, or the front office records that none is due.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from darcha.accounts.services import issue_token
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.tests.test_views_desk import at_window
from darcha.applications.tracking import tracking_path
from darcha.catalog.choices import Verification
from darcha.catalog.tests.factories import make_service
from darcha.core.errors import ValidationFailed
from darcha.payments.services import confirm_no_fee, record_payment

ZERO = "0\u00a0UZS"


@pytest.fixture
def unknown_fee(world: Any) -> Any:
    """A service whose catalog fee is a placeholder 0, marked not verified (as in services.csv)."""
    service = make_service(code="CERT_UNKNOWN", agency=world.agency_x, fee_bhm="0")
    service.versions.update(fee_verified=Verification.NO)
    return service


@pytest.fixture
def case(world: Any, unknown_fee: Any) -> Any:
    return submit(actor=world.operator_a, service=unknown_fee, applicant=world.citizen)


def test_intake_marks_the_fee_to_be_confirmed_not_free(case: Any) -> None:
    assert case.payment_status == "unconfirmed"
    assert not case.fee_confirmed


def test_a_partly_verified_fee_is_known(world: Any, unknown_fee: Any) -> None:
    unknown_fee.versions.update(fee_verified=Verification.PARTLY)
    assert submit(actor=world.operator_a, service=unknown_fee, applicant=world.citizen).payment_status == "not_required"


def test_the_desk_fee_box_says_to_be_confirmed(client: Client, world: Any, unknown_fee: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    page = client.get("/desk/apply/CERT_UNKNOWN/").content.decode()
    box = page.split('id="apply-summary"')[1].split("</section>")[0]
    assert "data-fee-unconfirmed" in box and 'data-fee-total="unconfirmed"' in box
    assert ZERO not in box and "free" not in box.replace("Do not tell the citizen it is free", "")


def test_the_receipt_and_the_case_page_never_print_zero(client: Client, world: Any, case: Any) -> None:
    client.force_login(world.operator_a)
    receipt = client.get(f"/desk/receipt/{case.number}/").content.decode()
    assert 'data-fee="unconfirmed"' in receipt and "to be confirmed" in receipt
    assert ZERO not in receipt and "no fee" not in receipt
    assert "It is not free until the centre confirms so." in receipt
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert 'data-fee="unconfirmed"' in page and ZERO not in page and "no fee" not in page


def test_tracking_says_to_be_confirmed(client: Client, world: Any, case: Any) -> None:
    page = client.get(tracking_path(case).replace("/en/", "/", 1)).content.decode()
    assert 'data-fee="unconfirmed"' in page and ZERO not in page
    response = client.post(
        "/api/v1/public/track",
        json.dumps({"number": case.number, "pinfl_last4": world.citizen.pinfl[-4:]}),
        content_type="application/json",
    )
    data = response.json()
    assert (data["fee_confirmed"], data["fee_uzs"], data["payment_status"]) == (False, None, "unconfirmed")


def test_the_api_says_fee_confirmed_false_and_no_amount(client: Client, world: Any, case: Any) -> None:
    token = issue_token(user=world.operator_a)
    data = client.get(f"/api/v1/applications/{case.number}", headers={"Authorization": f"Bearer {token}"}).json()
    assert (data["fee_confirmed"], data["fee_uzs"], data["payment_status"]) == (False, None, "unconfirmed")
    assert data["fee_details"]["total_uzs"] is None
    listed = client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token}"}).json()["items"][0]
    assert (listed["fee_confirmed"], listed["fee_uzs"]) == (False, None)


def test_a_known_fee_is_confirmed_in_the_api(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    token = issue_token(user=world.operator_a)
    data = client.get(f"/api/v1/applications/{case.number}", headers={"Authorization": f"Bearer {token}"}).json()
    assert (data["fee_confirmed"], data["fee_uzs"]) == (True, 412_000)


def ready(world: Any, case: Any) -> None:
    for action in ("start_review", "approve", "mark_ready"):
        perform_transition(actor=world.officer_x, number=case.number, action=action)


def test_the_result_waits_until_the_fee_is_confirmed_by_a_payment(world: Any, case: Any) -> None:
    ready(world, case)
    with pytest.raises(ValidationFailed):
        perform_transition(actor=world.operator_a, number=case.number, action="deliver")
    payment = record_payment(
        actor=world.operator_a, number=case.number, amount_uzs=37_080, method="cash_desk", receipt_number="A-17"
    )
    assert payment.confirmed_fee
    case.refresh_from_db()
    assert (case.payment_status, case.fee_uzs, case.fee_details["total_uzs"]) == ("paid", 37_080, 37_080)
    assert perform_transition(actor=world.operator_a, number=case.number, action="deliver").status == "delivered"


def test_or_until_no_fee_is_confirmed_with_its_basis(world: Any, case: Any) -> None:
    ready(world, case)
    with pytest.raises(ValidationFailed):
        confirm_no_fee(actor=world.operator_a, number=case.number, basis="  ")
    confirm_no_fee(actor=world.operator_a, number=case.number, basis="Free under the Tax Code, art. 347")
    case.refresh_from_db()
    assert case.payment_status == "not_required"
    event = case.events.order_by("sequence").last()
    assert (event.action, event.data["basis"]) == ("fee_confirmed", "Free under the Tax Code, art. 347")
    assert perform_transition(actor=world.operator_a, number=case.number, action="deliver").status == "delivered"


def test_the_public_service_page_does_not_call_it_free(client: Client, unknown_fee: Any) -> None:
    page = client.get("/services/CERT_UNKNOWN/").content.decode()
    assert 'data-fee="unconfirmed"' in page and 'data-fee="front_desk"' not in page and ZERO not in page
