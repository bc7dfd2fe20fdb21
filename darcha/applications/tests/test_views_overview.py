"""The overview page: figures inside the user's scope; no personal data for analysts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from darcha.applications.selectors import overview_for
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def cases(world: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "today_a": submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True),
        "old_a": submit(
            actor=world.operator_a,
            service=world.service_x,
            applicant=CitizenFactory(),
            accept_now=True,
            at=now - dt.timedelta(days=30),
        ),
        "week_a2": submit(
            actor=world.operator_a2,
            service=world.service_y,
            applicant=CitizenFactory(),
            accept_now=True,
            at=now - dt.timedelta(days=4),
        ),
        "today_b": submit(actor=world.operator_b, service=world.service_y, applicant=CitizenFactory()),
    }


@pytest.mark.parametrize("who", ["operator_a", "officer_x"])
def test_front_and_back_office_staff_get_403(client: Client, world: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    assert client.get("/desk/overview/").status_code == 403


def test_a_manager_sees_their_centre_with_links_to_the_cases(client: Client, world: Any, cases: dict[str, Any]) -> None:
    client.force_login(world.manager_a)
    response = client.get("/desk/overview/")
    data = response.context["data"]
    assert response.status_code == 200
    assert (data.today_count, data.open_count, data.overdue_count) == (1, 2, 1)
    # The cases behind the figures are in the inbox, one click away (no list of cases on this page).
    assert 'href="/desk/inbox/?submitted=today"' in response.content.decode()
    assert 'href="/desk/inbox/?due=overdue"' in response.content.decode()
    assert data.by_center == []
    assert cases["week_a2"].number not in response.content.decode()


def test_backlog_by_age_bands(world: Any, cases: dict[str, Any]) -> None:
    data = overview_for(world.admin)
    assert [(row.label, row.count) for row in data.by_age] == [
        ("0–2 days", 2),
        ("3–5 days", 1),
        ("6–10 days", 0),
        ("over 10 days", 1),
    ]
    assert sum(row.count for row in data.by_status) == data.open_count == 4


def test_a_supervisor_sees_the_region_by_centre(client: Client, world: Any, cases: dict[str, Any]) -> None:
    client.force_login(world.supervisor_a)
    data = client.get("/desk/overview/").context["data"]
    assert data.open_count == 3
    assert {row.key for row in data.by_center} == {"psc-a", "psc-a2"}


def test_an_analyst_gets_national_figures_and_no_personal_data(
    client: Client, world: Any, cases: dict[str, Any]
) -> None:
    client.force_login(world.analyst)
    response = client.get("/desk/overview/")
    page = response.content.decode()
    data = response.context["data"]
    assert response.status_code == 200
    assert data.open_count == 4 and data.overdue_count == 1
    for application in cases.values():
        assert application.number not in page
        assert application.applicant.last_name not in page
        assert application.applicant.masked_pinfl not in page


def test_an_admin_sees_everything(client: Client, world: Any, cases: dict[str, Any]) -> None:
    client.force_login(world.admin)
    data = client.get("/desk/overview/").context["data"]
    assert data.open_count == 4
    assert {row.key for row in data.by_service} == {"SERVICE_X", "SERVICE_Y"}


def test_the_overview_runs_a_fixed_number_of_queries(
    client: Client, world: Any, cases: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), accept_now=True)
    client.force_login(world.manager_a)
    with django_assert_max_num_queries(16):
        client.get("/desk/overview/")
