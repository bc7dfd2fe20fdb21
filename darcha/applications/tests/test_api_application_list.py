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


def test_pages_follow_each_other_by_cursor_each_row_once(world, client, cases):
    seen = []
    url_query = "limit=2"
    for _ in range(10):
        body = get(client, world.admin, url_query).json()
        seen += [i["number"] for i in body["items"]]
        assert body["count"] == 5 and body["count_capped"] is False
        if body["next"] is None:
            break
        url_query = f"limit=2&after={body['next']}"
    assert len(seen) == len(set(seen)) == 5
    assert sorted(seen) == sorted(c.number for c in cases.values())


def test_sort_by_deadline(world, client, cases):
    items = get(client, world.admin, "sort=deadline").json()["items"]
    assert items[0]["number"] == cases["a_x_overdue"].number
    deadlines = [i["deadline"] for i in items]
    assert deadlines == sorted(deadlines)


def test_a_cursor_never_leaves_the_scope(world, client, cases):
    body = get(client, world.admin, "limit=1").json()
    seen = numbers(get(client, world.operator_b, f"after={body['next']}"))
    assert seen <= {cases["b_x"].number}


def test_the_count_is_capped(world, client, cases, monkeypatch):
    from darcha.applications import inbox

    monkeypatch.setattr(inbox.capped_count, "__defaults__", (2,))
    body = get(client, world.admin).json()
    assert (body["count"], body["count_capped"]) == (2, True)
    assert len(body["items"]) == 5


@pytest.mark.parametrize("after", ["garbage", "x" * 290])
def test_a_bad_cursor_is_a_400(world, client, cases, after):
    response = get(client, world.admin, f"after={after}")
    assert response.status_code == 400
    assert response.json()["code"] == "cursor_invalid"


def test_a_cursor_of_another_order_is_a_400(world, client, cases):
    token = get(client, world.admin, "limit=1").json()["next"]
    assert get(client, world.admin, f"sort=deadline&after={token}").status_code == 400


def test_empty_optional_parameters_mean_not_given(world, client, cases):
    response = get(client, world.admin, "status=&service_code=&center_code=&sort=&after=")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 5
