"""The national analyst sees cases but no personal data: no PINFL, names or officers' comments."""

from __future__ import annotations

import datetime as dt

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


def test_analysts_get_days_not_moments_and_no_exemption_category(world, client):
    """A timestamp with a centre and a service can single a person out; an exemption category can
    reveal a disability. Analysts get the day of submission and of each event, and the fee without
    the category."""
    world.service_x.versions.update(exemptions=[{"category": "disability_i_ii", "percent_off": 100}])
    disabled = CitizenFactory(disability_group="1")
    app = submit(actor=world.operator_a, service=world.service_x, applicant=disabled)
    assert app.fee_details["exemption"] == "disability_i_ii"
    data = get(client, world.analyst, f"/api/v1/applications/{app.number}").json()
    assert "submitted_at" not in data and "decided_at" not in data and "closed_at" not in data
    assert data["submitted_on"] == app.submitted_at.astimezone(dt.timezone(dt.timedelta(hours=5))).date().isoformat()
    assert "exemption" not in data["fee_details"] and data["fee_details"]["total_uzs"] == app.fee_uzs
    assert all("at" not in event and "on" in event for event in data["events"])
    listed = get(client, world.analyst, "/api/v1/applications").json()["items"]
    assert all("submitted_at" not in item and "exemption" not in item["fee_details"] for item in listed)
    # Staff in scope still see the moment and the category.
    staff = get(client, world.operator_a, f"/api/v1/applications/{app.number}").json()
    assert staff["submitted_at"].endswith("+05:00") and staff["fee_details"]["exemption"] == "disability_i_ii"


def test_api_list_reads_that_name_citizens_are_audited(world, client, case):
    from darcha.audit.models import AuditEntry

    assert get(client, world.officer_x, "/api/v1/applications").status_code == 200
    listed = AuditEntry.objects.filter(purpose="API: application list")
    assert set(listed.values_list("object_id", flat=True)) == {str(case.applicant_id), str(case.representative_id)}
    assert get(client, world.analyst, "/api/v1/applications").status_code == 200
    assert not AuditEntry.objects.filter(actor_username="analyst").exists()
