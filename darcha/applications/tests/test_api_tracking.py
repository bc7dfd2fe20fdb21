"""POST /api/v1/public/track (number and PINFL digits in the body) and GET /api/v1/public/track/{number}/{code}
(the receipt's link): status and dates only, no token, rate-limited."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from darcha.applications.numbers import format_number
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.tracking import tracking_code

URL = "/api/v1/public/track"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def app(world):  # type: ignore[no-untyped-def]
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    perform_transition(actor=world.officer_x, number=application.number, action="start_review")
    perform_transition(actor=world.officer_x, number=application.number, action="request_info", comment="Call us")
    return application


def track(client, number: str, last4: str, **environ: str):  # type: ignore[no-untyped-def]
    body = json.dumps({"number": number, "pinfl_last4": last4})
    return client.post(URL, body, content_type="application/json", **environ)


def test_tracking_shows_status_and_dates_only(world, client, app):
    response = track(client, app.number, world.citizen.pinfl[-4:])
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == app.number
    assert data["status"] == "info_requested"
    assert data["clock_paused"] is True
    assert data["deadline"] == app.due_date.isoformat()
    assert [s["status"] for s in data["steps"]] == ["submitted", "accepted", "in_review", "info_requested"]
    # The request is written for the citizen: what is needed and by when (the SMS says the same).
    assert data["info_request"]["text"] == "Call us"
    assert data["info_request"]["answer_by"] > data["info_request"]["requested_on"]
    assert (data["fee_confirmed"], data["fee_uzs"], data["payment_status"]) == (True, 412_000, "unpaid")
    assert data["pickup"] is None
    body = response.content.decode()
    for private in (world.citizen.pinfl, world.citizen.last_name, world.citizen.first_name, "officer", "off_x"):
        assert private not in body


def test_wrong_digits_and_unknown_number_get_the_same_404(world, client, app):
    wrong = track(client, app.number, "0000" if world.citizen.pinfl[-4:] != "0000" else "1111")
    unknown = track(client, format_number(year=2026, block=101, sequence=999_999), world.citizen.pinfl[-4:])
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize(("number", "last4", "field"), [("DX-1", "1234", "number"), ("", "1234", "number")])
def test_malformed_number_is_a_422(world, client, app, number, last4, field):
    response = track(client, number, last4)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_malformed_digits_are_a_422(world, client, app):
    for last4 in ("12", "abcd", ""):
        response = track(client, app.number, last4)
        assert response.status_code == 422, (last4, response.content)
        assert response.json()["field"] == "pinfl_last4"


def test_too_many_lookups_from_one_address_are_a_429(world, client, app, settings):
    settings.RATE_LIMIT_TRACK = "3/60"
    last4 = world.citizen.pinfl[-4:]
    assert [track(client, app.number, last4).status_code for _ in range(3)] == [200, 200, 200]
    response = track(client, app.number, last4)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    # Another address is not affected.
    assert track(client, app.number, last4, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_guessing_digits_locks_the_number_with_a_429(world, client, app, settings):
    settings.RATE_LIMIT_TRACK_NUMBER = "2/3600"
    right = world.citizen.pinfl[-4:]
    wrong = [d for d in ("0000", "1111", "2222") if d != right]
    assert track(client, app.number, wrong[0]).status_code == 404
    assert track(client, app.number, wrong[1]).status_code == 404
    assert track(client, app.number, right).status_code == 429


def test_guesses_from_many_addresses_share_one_limit_per_number(world, client, app, settings):
    """Bursts from many addresses got 22–75 guesses instead of 5; the per-number count is global."""
    settings.RATE_LIMIT_TRACK_NUMBER = "5/3600"
    right = world.citizen.pinfl[-4:]
    guesses = [f"{n:04d}" for n in range(40) if f"{n:04d}" != right][:30]
    answers = [
        track(client, app.number, g, REMOTE_ADDR=f"10.1.{i // 250}.{i % 250}").status_code
        for i, g in enumerate(guesses)
    ]
    assert answers.count(404) == 5
    assert answers.count(429) == len(guesses) - 5


def test_a_daily_limit_caps_guessing_across_hours(world, client, app, settings):
    settings.RATE_LIMIT_TRACK_NUMBER = "100/3600"
    settings.RATE_LIMIT_TRACK_NUMBER_DAILY = "3/86400"
    right = world.citizen.pinfl[-4:]
    wrong = "0000" if right != "0000" else "1111"
    assert [track(client, app.number, wrong).status_code for _ in range(4)] == [404, 404, 404, 429]


def test_the_receipt_link_needs_no_digits_and_works_while_the_number_is_locked(world, client, app, settings):
    settings.RATE_LIMIT_TRACK_NUMBER = "1/3600"
    wrong = "0000" if world.citizen.pinfl[-4:] != "0000" else "1111"
    track(client, app.number, wrong)
    assert track(client, app.number, world.citizen.pinfl[-4:]).status_code == 429  # locked for digits
    response = client.get(f"{URL}/{app.number}/{tracking_code(app)}")
    assert response.status_code == 200
    assert response.json()["status"] == "info_requested"
    assert world.citizen.last_name not in response.content.decode()


def test_a_wrong_or_other_applications_code_is_a_404(world, client, app):
    other = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    assert client.get(f"{URL}/{app.number}/{tracking_code(other)}").status_code == 404
    assert client.get(f"{URL}/{app.number}/{'A' * 20}").status_code == 404
    assert client.get(f"{URL}/{app.number}/short").status_code == 404


def test_the_digits_never_travel_in_the_url(world, client, app):
    response = client.get(URL, {"number": app.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert response.status_code == 405


def test_right_answers_do_not_use_up_the_numbers_budget(world, client, app, settings):
    settings.RATE_LIMIT_TRACK_NUMBER = "2/3600"
    right = world.citizen.pinfl[-4:]
    assert [track(client, app.number, right).status_code for _ in range(5)] == [200] * 5
    wrong = "0000" if right != "0000" else "1111"
    assert [track(client, app.number, wrong).status_code for _ in range(3)] == [404, 404, 429]
