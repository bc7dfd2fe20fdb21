"""Each figure of the overview (read from the rollups) equals a direct count of the applications,
for every role that sees the overview; every figure links to the filtered inbox, except for analysts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from darcha.accounts.scoping import restrict
from darcha.applications.models import Application
from darcha.applications.selectors import AGE_BANDS, ON_TIME_DAYS, overview_for
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.workflow import OPEN_STATES
from darcha.people.tests.factories import CitizenFactory

VIEWERS = ["manager_a", "supervisor_a", "analyst", "admin"]


@pytest.fixture
def history(world: Any) -> None:
    """Cases of every age, status and outcome at three centres and two agencies."""
    now = timezone.now()
    front = {world.center_a: world.operator_a, world.center_a2: world.operator_a2, world.center_b: world.operator_b}
    back = {world.service_x: world.officer_x, world.service_y: world.officer_y}
    plan = [
        # centre, service, days ago, what then happens (and how many days ago)
        (world.center_a, world.service_x, 0, []),
        (world.center_a, world.service_x, 0, [("withdraw", 0)]),
        (world.center_a, world.service_y, 1, [("start_review", 1)]),
        (world.center_a, world.service_x, 4, [("start_review", 3), ("request_info", 2)]),
        (world.center_a, world.service_x, 40, []),  # overdue
        (world.center_a, world.service_x, 35, [("start_review", 30)]),  # overdue in review
        (world.center_a, world.service_x, 45, [("start_review", 40), ("request_info", 39)]),  # paused: not overdue
        (world.center_a, world.service_x, 9, [("start_review", 8), ("approve", 2)]),  # decided on time
        (world.center_a, world.service_y, 40, [("start_review", 35), ("approve", 3)]),  # decided late
        (world.center_a2, world.service_y, 7, [("start_review", 6), ("reject", 5)]),
        (world.center_a2, world.service_x, 12, []),
        (world.center_a2, world.service_x, 8, [("start_review", 7)]),
        (world.center_a2, world.service_y, 0, []),
        (world.center_b, world.service_y, 3, []),
        (world.center_b, world.service_x, 60, [("start_review", 59), ("approve", 45)]),  # decided before the period
        (world.center_b, world.service_x, 20, []),
    ]
    for center, service, days_ago, steps in plan:
        app = submit(
            actor=front[center],
            service=service,
            applicant=CitizenFactory(),
            center=center,
            at=now - dt.timedelta(days=days_ago, minutes=5),
        )
        for action, ago in steps:
            actor = front[center] if action == "withdraw" else back[service]
            extra = {"reason_code": "no_longer_needed"} if action == "withdraw" else {}
            if action == "reject":
                extra = {"reason_code": "not_eligible"}
            if action == "request_info":
                extra = {"comment": "bring the original"}
            perform_transition(
                actor=actor, number=app.number, action=action, at=now - dt.timedelta(days=ago, minutes=1), **extra
            )


def direct(user: Any, today: dt.date) -> dict[str, Any]:
    """The figures counted one application at a time, in Python, from the rows in the user's scope."""
    cases = list(restrict(Application.objects.select_related("service", "center"), user))
    open_cases = [a for a in cases if a.status in OPEN_STATES]

    def day(moment: dt.datetime) -> dt.date:
        return timezone.localtime(moment).date()

    def band(a: Application) -> int:
        age = (today - day(a.submitted_at)).days
        return next(low for low, high in AGE_BANDS if high is None or age <= high)

    since = today - dt.timedelta(days=ON_TIME_DAYS - 1)
    decided = [a for a in cases if a.decided_at and since <= day(a.decided_at) <= today]
    return {
        "today": sum(day(a.submitted_at) == today for a in cases),
        "open": len(open_cases),
        "overdue": sum(a.is_overdue_on(today) for a in open_cases),
        "status": Counter(a.status for a in open_cases),
        "age": Counter(str(band(a)) for a in open_cases),
        "service": Counter(a.service.code for a in open_cases),
        "service_overdue": Counter(a.service.code for a in open_cases if a.is_overdue_on(today)),
        "center": Counter(a.center.code for a in open_cases),
        "center_overdue": Counter(a.center.code for a in open_cases if a.is_overdue_on(today)),
        "decided": len(decided),
        "on_time": sum(day(a.decided_at) <= a.due_date for a in decided),
    }


@pytest.mark.parametrize("who", VIEWERS)
def test_every_figure_equals_a_direct_count_in_the_scope(world: Any, history: None, who: str) -> None:
    user = getattr(world, who)
    today = timezone.localdate()
    data = overview_for(user, today=today)
    expected = direct(user, today)
    assert (data.today_count, data.open_count, data.overdue_count) == (
        expected["today"],
        expected["open"],
        expected["overdue"],
    )
    assert {row.key: row.count for row in data.by_status if row.count} == dict(expected["status"])
    assert {row.key: row.count for row in data.by_age if row.count} == dict(expected["age"])
    assert {row.key: row.count for row in data.by_service} == dict(expected["service"])
    assert {row.key: row.overdue for row in data.by_service if row.overdue} == dict(expected["service_overdue"])
    if who != "manager_a":
        assert {row.key: row.count for row in data.by_center} == dict(expected["center"])
        assert {row.key: row.overdue for row in data.by_center if row.overdue} == dict(expected["center_overdue"])
    assert (data.on_time.decided, data.on_time.on_time) == (expected["decided"], expected["on_time"])
    assert expected["open"] > 0 and expected["decided"] > 0  # the history gives every figure something to count


def test_the_history_covers_every_figure(world: Any, history: None) -> None:
    expected = direct(world.admin, timezone.localdate())
    assert expected["overdue"] and expected["today"] and len(expected["age"]) == len(AGE_BANDS)
    assert 0 < expected["on_time"] < expected["decided"]


def test_a_managers_figures_link_to_the_filtered_inbox(client: Client, world: Any, history: None) -> None:
    client.force_login(world.manager_a)
    page = client.get("/desk/overview/").content.decode()
    for query in [
        "submitted=today",
        "due=overdue",
        "status=submitted",
        "status=in_review",
        "status=info_requested",
        "age=0",
        "age=3",
        "age=11",
        "service=SERVICE_X",
        "service=SERVICE_X&amp;due=overdue",
    ]:
        assert f'href="/desk/inbox/?{query}"' in page, query
    assert 'href="/desk/inbox/"' in page  # the open applications: the inbox's default list


def test_a_supervisors_centre_rows_link_to_each_centre(client: Client, world: Any, history: None) -> None:
    client.force_login(world.supervisor_a)
    page = client.get("/desk/overview/").content.decode()
    assert 'href="/desk/inbox/?center=psc-a"' in page
    assert 'href="/desk/inbox/?center=psc-a2"' in page
    assert 'href="/desk/inbox/?center=psc-a&amp;due=overdue"' in page
    assert "psc-b" not in page


def test_a_national_analyst_sees_the_figures_without_links(client: Client, world: Any, history: None) -> None:
    client.force_login(world.analyst)
    response = client.get("/desk/overview/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/desk/inbox/" not in page
    assert f'data-figure="open">{response.context["data"].open_count}<' in page


def test_the_on_time_rate_is_shown_as_a_percentage(client: Client, world: Any, history: None) -> None:
    client.force_login(world.admin)
    response = client.get("/desk/overview/")
    rate = response.context["data"].on_time
    assert rate.percent == round(100 * rate.on_time / rate.decided)
    assert f'data-figure="on-time">{rate.percent}%<' in response.content.decode()


def test_with_no_decisions_the_rate_says_so(client: Client, world: Any) -> None:
    client.force_login(world.analyst)
    response = client.get("/desk/overview/")
    assert response.context["data"].on_time.percent is None
    assert "no decisions in the last 30 days" in response.content.decode()
