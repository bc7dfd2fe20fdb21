"""GET /api/v1/applications: scoped, filtered, paginated, PINFL masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from darcha.accounts.services import issue_token
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory

URL = "/api/v1/applications"


def get(client, user, query: str = ""):  # type: ignore[no-untyped-def]
    return client.get(f"{URL}?{query}", headers={"Authorization": f"Bearer {issue_token(user=user)}"})


def numbers(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {item["number"] for item in response.json()["items"]}


@pytest.fixture
def cases(world):  # type: ignore[no-untyped-def]
    """Three cases at centre A (two of service X, one of Y), one at A2, one at B; one of them overdue."""
    long_ago = timezone.now() - dt.timedelta(days=60)
    return {
        "a_x": submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen),
        "a_x_overdue": submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=long_ago),
        "a_y": submit(actor=world.operator_a, service=world.service_y, applicant=CitizenFactory()),
        "a2_x": submit(actor=world.operator_a2, service=world.service_x, applicant=CitizenFactory()),
        "b_x": submit(actor=world.operator_b, service=world.service_x, applicant=CitizenFactory()),
    }


def test_each_user_lists_only_applications_in_scope(world, client, cases):
    n = {k: v.number for k, v in cases.items()}
    assert numbers(get(client, world.operator_a)) == {n["a_x"], n["a_x_overdue"], n["a_y"]}
    assert numbers(get(client, world.operator_b)) == {n["b_x"]}
    assert numbers(get(client, world.officer_y)) == {n["a_y"]}
    assert numbers(get(client, world.supervisor_a)) == {n["a_x"], n["a_x_overdue"], n["a_y"], n["a2_x"]}
    assert numbers(get(client, world.analyst)) == set(n.values())


def test_list_filters_by_status_service_centre_and_overdue(world, client, cases):
    perform_transition(actor=world.officer_x, number=cases["a_x"].number, action="start_review")
    assert numbers(get(client, world.admin, "status=in_review")) == {cases["a_x"].number}
    assert numbers(get(client, world.admin, "service_code=SERVICE_Y")) == {cases["a_y"].number}
    assert numbers(get(client, world.admin, "center_code=psc-a2")) == {cases["a2_x"].number}
    assert numbers(get(client, world.admin, "overdue=true")) == {cases["a_x_overdue"].number}
    assert cases["a_x_overdue"].number not in numbers(get(client, world.admin, "overdue=false"))
    assert get(client, world.admin, "overdue=true").json()["items"][0]["overdue"] is True


def test_list_is_paginated_with_a_total_count(world, client, cases):
    first = get(client, world.admin, "limit=2&offset=0").json()
    second = get(client, world.admin, "limit=2&offset=2").json()
    third = get(client, world.admin, "limit=2&offset=4").json()
    assert first["count"] == second["count"] == third["count"] == 5
    assert (first["limit"], first["offset"]) == (2, 0)
    assert [len(p["items"]) for p in (first, second, third)] == [2, 2, 1]
    seen = [i["number"] for p in (first, second, third) for i in p["items"]]
    assert sorted(seen) == sorted(c.number for c in cases.values())


def test_list_masks_pinfl(world, client, cases):
    response = get(client, world.operator_a)
    body = response.content.decode()
    for case in (cases["a_x"], cases["a_y"]):
        assert case.applicant.pinfl not in body
    item = next(i for i in response.json()["items"] if i["number"] == cases["a_x"].number)
    assert item["applicant"]["pinfl_masked"] == "**********" + world.citizen.pinfl[-4:]


@pytest.mark.parametrize(
    "query", ["status=lost", "limit=0", "limit=1000", "offset=-1", "overdue=perhaps", "offset=1e99"]
)
def test_bad_filters_are_a_422(world, client, query):
    response = get(client, world.operator_a, query)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["loc"][0] == "query"
