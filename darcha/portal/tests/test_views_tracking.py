"""Public tracking: number and last four PINFL digits by POST; status and dates only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from darcha.applications.models import Application
from darcha.applications.numbers import format_number
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit


@pytest.fixture
def application(world: Any) -> Application:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


def test_the_receipts_link_prefills_the_number_only(client: Client, application: Application) -> None:
    response = client.get("/track/", {"number": application.number})
    assert response.status_code == 200
    assert f'value="{application.number}"' in response.content.decode()
    assert 'method="post"' in response.content.decode()


def test_the_status_and_steps_without_personal_data(client: Client, world: Any, application: Application) -> None:
    perform_transition(actor=world.officer_x, number=application.number, action="start_review")
    response = client.post("/track/", {"number": application.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="in_review"' in page
    assert application.due_date.strftime("%d.%m.%Y") in page
    assert page.count("<li><strong>") == 3  # submitted, accepted, in review
    assert world.citizen.last_name not in page
    # The application number may contain the same four digits by chance (factory sequences).
    assert world.citizen.pinfl[-4:] not in page.replace(application.number, "")
    assert "off_x" not in page


def test_waiting_for_the_citizen_is_said_in_words(client: Client, world: Any, application: Application) -> None:
    perform_transition(actor=world.officer_x, number=application.number, action="start_review")
    perform_transition(actor=world.officer_x, number=application.number, action="request_info", comment="x")
    page = client.post("/track/", {"number": application.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert "Waiting for you:" in page.content.decode()


def test_an_invalid_number_is_explained_on_the_field(client: Client, db: Any) -> None:
    response = client.post("/track/", {"number": "hello", "pinfl_last4": "1234"})
    assert response.status_code == 422
    assert response.context["form"].errors["number"][0].startswith("An application number is DX and 14 digits")


def test_missing_fields_are_422(client: Client, db: Any) -> None:
    response = client.post("/track/", {})
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"number", "pinfl_last4"}


def test_wrong_digits_are_404_with_the_same_answer_as_a_wrong_number(
    client: Client, world: Any, application: Application
) -> None:
    wrong_digits = "0000" if world.citizen.pinfl[-4:] != "0000" else "1111"
    first = client.post("/track/", {"number": application.number, "pinfl_last4": wrong_digits})
    unknown = format_number(year=2026, block=101, sequence=777)
    second = client.post("/track/", {"number": unknown, "pinfl_last4": "1234"})
    assert first.status_code == second.status_code == 404
    assert "No application matches this number and these digits." in first.content.decode()
    assert first.context["problem"] == second.context["problem"]


def test_too_many_look_ups_are_429(client: Client, world: Any, application: Application, settings: Any) -> None:
    settings.RATE_LIMIT_TRACK = "2/60"
    data = {"number": application.number, "pinfl_last4": world.citizen.pinfl[-4:]}
    assert client.post("/track/", data).status_code == 200
    assert client.post("/track/", data).status_code == 200
    response = client.post("/track/", data)
    assert response.status_code == 429
    assert "Too many look-ups" in response.content.decode()


def test_tracking_enforces_csrf(db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/track/", {"number": "DX-2026-101-000001-4", "pinfl_last4": "1234"})
    assert response.status_code == 403
    assert b"The form has expired" in response.content


def test_other_methods_are_refused(client: Client, db: Any) -> None:
    assert client.put("/track/").status_code == 405


def test_the_receipt_link_shows_the_status_without_digits(client: Client, world: Any, application: Application) -> None:
    from darcha.applications.tracking import tracking_path

    response = client.get(tracking_path(application))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="accepted"' in page
    assert world.citizen.last_name not in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_forged_receipt_link_is_a_404(client: Client, world: Any, application: Application) -> None:
    response = client.get(f"/track/{application.number}/AAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert b"This tracking link is not valid." in response.content
    assert b"data-status" not in response.content


def test_the_receipt_link_keeps_working_when_guessers_lock_the_number(
    client: Client, world: Any, application: Application, settings: Any
) -> None:
    """Nobody may lock a citizen out of tracking their own application."""
    from darcha.applications.tracking import tracking_path

    settings.RATE_LIMIT_TRACK_NUMBER = "2/3600"
    wrong = "0000" if world.citizen.pinfl[-4:] != "0000" else "1111"
    for i in range(3):
        client.post("/track/", {"number": application.number, "pinfl_last4": wrong}, REMOTE_ADDR=f"10.9.0.{i}")
    locked = client.post("/track/", {"number": application.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert locked.status_code == 429
    assert client.get(tracking_path(application)).status_code == 200
