"""What the citizen's tracking page says beyond the status (issue 12): what an information request
asks for and by when, the fee and whether it is paid, and where, when and with what to pick up a result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.centers.models import OpeningHours
from darcha.payments.services import record_payment


@pytest.fixture
def case(world: Any) -> Any:
    center = world.center_a
    center.address_uz = center.address_ru = "Mustaqillik 5"
    center.save()
    OpeningHours.objects.create(center=center, weekday=0, opens=dt.time(9), closes=dt.time(18))
    OpeningHours.objects.create(center=center, weekday=1, opens=dt.time(9), closes=dt.time(18))
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)


def track(client: Client, world: Any, case: Any, language: str = "en") -> str:
    prefix = "" if language == "en" else f"/{language}"  # English is the tests' default language (unprefixed)
    response = client.post(f"{prefix}/track/", {"number": case.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert response.status_code == 200
    return response.content.decode()


def test_the_information_request_says_what_and_by_when(client: Client, world: Any, case: Any) -> None:
    perform_transition(actor=world.officer_x, number=case.number, action="start_review")
    perform_transition(actor=world.officer_x, number=case.number, action="request_info", comment="The 2019 deed")
    event = case.events.order_by("sequence").last()
    answer_by = dt.date.fromisoformat(event.data["answer_by"])
    page = track(client, world, case)
    request = page.split("data-info-request")[1].split("</div>")[0]
    assert "The 2019 deed" in request
    assert answer_by.strftime("%d.%m.%Y") in request
    assert "off_x" not in page  # the officer stays unnamed


def test_an_answered_request_is_no_longer_shown(client: Client, world: Any, case: Any) -> None:
    perform_transition(actor=world.officer_x, number=case.number, action="start_review")
    perform_transition(actor=world.officer_x, number=case.number, action="request_info", comment="The 2019 deed")
    perform_transition(actor=world.operator_a, number=case.number, action="provide_info", comment="Brought by son")
    page = track(client, world, case)
    assert "data-info-request" not in page and "Brought by son" not in page


def test_the_fee_and_whether_it_is_paid(client: Client, world: Any, case: Any) -> None:
    page = track(client, world, case)
    assert 'data-fee="412000"' in page and 'data-payment-status="unpaid"' in page
    record_payment(
        actor=world.operator_a, number=case.number, amount_uzs=412_000, method="cash_desk", receipt_number="1"
    )
    assert 'data-payment-status="paid"' in track(client, world, case)


@pytest.mark.parametrize(("language", "bring"), [("en", "passport or ID card"), ("ru", "паспорт или ID-карту")])
def test_ready_for_pick_up_says_where_when_and_what_to_bring(
    client: Client, world: Any, case: Any, language: str, bring: str
) -> None:
    for action in ("start_review", "approve", "mark_ready"):
        perform_transition(actor=world.officer_x, number=case.number, action=action)
    page = track(client, world, case, language)
    pickup = page.split("data-pickup")[1].split("</dl>")[0]
    assert "Mustaqillik 5" in pickup
    assert "09:00–18:00" in pickup
    assert bring in pickup
    assert "412\u00a0000" in pickup  # the unpaid fee is on the list of what to bring
