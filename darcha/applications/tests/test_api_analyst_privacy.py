"""The national analyst sees cases but no personal data: no PINFL, names or officers' comments."""

from __future__ import annotations

import pytest

from darcha.accounts.services import issue_token
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    representative = CitizenFactory(last_name="Yusupov", first_name="Jasur", patronymic="Kamolovich")
    app = submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        representative=representative,
        representative_basis="power_of_attorney",
        representative_document="PoA 12/2026",
        accept_now=True,
    )
    perform_transition(actor=world.officer_x, number=app.number, action="start_review")
    perform_transition(
        actor=world.officer_x, number=app.number, action="request_info", comment="Dilnoza must bring her deed"
    )
    return app


def personal_strings(world, case) -> list[str]:  # type: ignore[no-untyped-def]
    people = (case.applicant, case.representative)
    return [
        *(p.pinfl for p in people),
        *(p.masked_pinfl for p in people),
        *(p.last_name for p in people),
        "Jasur",
        world.citizen.first_name,
        "PoA 12/2026",
        "must bring her deed",
    ]


def get(client, user, path: str):  # type: ignore[no-untyped-def]
    return client.get(path, headers={"Authorization": f"Bearer {issue_token(user=user)}"})


def test_analyst_list_contains_no_personal_data(world, client, case):
    response = get(client, world.analyst, "/api/v1/applications")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["number"] == case.number
    assert "applicant" not in item and "representative" not in item
    body = response.content.decode()
    for private in personal_strings(world, case):
        assert private not in body, private


def test_analyst_detail_contains_no_personal_data(world, client, case):
    response = get(client, world.analyst, f"/api/v1/applications/{case.number}")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "info_requested"
    assert "applicant" not in data and "representative" not in data
    assert all("comment" not in event for event in data["events"])
    body = response.content.decode()
    for private in personal_strings(world, case):
        assert private not in body, private


def test_staff_in_scope_do_see_the_people_and_comments(world, client, case):
    data = get(client, world.officer_x, f"/api/v1/applications/{case.number}").json()
    assert data["applicant"]["last_name"] == world.citizen.last_name
    assert data["representative"]["last_name"] == "Yusupov"
    assert data["events"][-1]["comment"] == "Dilnoza must bring her deed"
