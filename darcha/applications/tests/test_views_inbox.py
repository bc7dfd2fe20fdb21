"""Back office: the inbox of applications and the case page with its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from darcha.applications.models import Application
from darcha.applications.numbers import format_number
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def case_x(world: Any) -> Application:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


@pytest.fixture
def case_y(world: Any) -> Application:
    return submit(actor=world.operator_b, service=world.service_y, applicant=CitizenFactory(), accept_now=True)


def test_the_inbox_needs_sign_in(client: Client, world: Any) -> None:
    assert client.get("/desk/inbox/")["Location"].startswith("/accounts/login/")


def test_analysts_see_no_lists_of_cases(client: Client, world: Any) -> None:
    client.force_login(world.analyst)
    assert client.get("/desk/inbox/").status_code == 403


def test_an_officer_sees_only_their_agencys_applications(
    client: Client, world: Any, case_x: Application, case_y: Application
) -> None:
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/")
    page = response.content.decode()
    assert response.status_code == 200
    assert case_x.number in page
    assert case_y.number not in page


def test_an_operator_sees_their_centres_applications(
    client: Client, world: Any, case_x: Application, case_y: Application
) -> None:
    client.force_login(world.operator_b)
    page = client.get("/desk/inbox/").content.decode()
    assert case_y.number in page and case_x.number not in page


def test_the_inbox_masks_the_pinfl_and_shows_no_names(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    page = client.get("/desk/inbox/").content.decode()
    assert world.citizen.masked_pinfl in page
    assert world.citizen.pinfl not in page
    assert world.citizen.last_name not in page


def test_filter_by_status(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    assert case_x.number in client.get("/desk/inbox/", {"status": "accepted"}).content.decode()
    assert case_x.number not in client.get("/desk/inbox/", {"status": "approved"}).content.decode()


def test_filter_by_service(client: Client, world: Any, case_x: Application, case_y: Application) -> None:
    client.force_login(world.admin)
    page = client.get("/desk/inbox/", {"service": "SERVICE_Y"}).content.decode()
    assert case_y.number in page and case_x.number not in page


def test_overdue_applications_are_marked_in_words(client: Client, world: Any) -> None:
    old = submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        accept_now=True,
        at=timezone.now() - dt.timedelta(days=40),
    )
    fresh = submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), accept_now=True)
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/", {"due": "overdue"})
    page = response.content.decode()
    assert old.number in page and fresh.number not in page
    assert "Overdue" in page


def test_due_soon_lists_deadlines_within_three_days(client: Client, world: Any) -> None:
    soon = submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        accept_now=True,
        at=timezone.now() - dt.timedelta(days=12),
    )
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/", {"due": "soon"})
    due_in = (soon.due_date - timezone.localdate()).days
    assert (soon.number in response.content.decode()) == (0 <= due_in <= 3)


def test_a_filter_value_that_does_not_exist_is_a_400_with_a_message(client: Client, world: Any) -> None:
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/", {"status": "lost"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content


def test_the_inbox_is_paginated_by_fifty_with_a_next_page_link(client: Client, world: Any) -> None:
    for _ in range(51):
        submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    client.force_login(world.officer_x)
    first = client.get("/desk/inbox/")
    assert len(first.context["page"].rows) == 50
    second = client.get(first.context["next_url"])
    assert len(second.context["page"].rows) == 1
    assert not second.context["next_url"]
    assert "data-first-page" in second.content.decode()
    assert client.get("/desk/inbox/", {"page": "nonsense"}).status_code == 200  # old links still open


def test_the_inbox_query_count_does_not_grow_with_rows(
    client: Client, world: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    client.force_login(world.officer_x)
    with django_assert_max_num_queries(12):
        client.get("/desk/inbox/")


def test_the_case_page_shows_people_documents_fee_and_history(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    response = client.get(f"/desk/applications/{case_x.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert world.citizen.full_name in page
    assert "op_a (front-office operator)" in page
    assert "Submitted → Accepted" in page
    assert "412\u00a0000" in page
    assert 'data-action="start_review"' in page
    assert 'data-action="approve"' not in page  # not from "accepted"


def test_an_operator_gets_no_back_office_buttons(client: Client, world: Any, case_x: Application) -> None:
    perform_transition(actor=world.officer_x, number=case_x.number, action="start_review")
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case_x.number}/").content.decode()
    assert 'data-action="approve"' not in page
    assert 'data-confirm-action="withdraw"' in page


def test_an_officer_of_another_agency_gets_404(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_y)
    assert client.get(f"/desk/applications/{case_x.number}/").status_code == 404
    response = client.post(f"/desk/applications/{case_x.number}/", {"action": "start_review", "expected_version": 2})
    assert response.status_code == 404
    case_x.refresh_from_db()
    assert case_x.status == "accepted"


def act(client: Client, number: str, action: str, version: int, **extra: Any) -> Any:
    return client.post(f"/desk/applications/{number}/", {"action": action, "expected_version": version, **extra})


def test_start_review_then_approve(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    response = act(client, case_x.number, "start_review", case_x.version)
    assert response.status_code == 302
    case_x.refresh_from_db()
    response = act(client, case_x.number, "approve", case_x.version)
    case_x.refresh_from_db()
    assert case_x.status == "approved"
    assert "The application is now approved." in client.get(response["Location"]).content.decode()


def test_a_stale_version_changes_nothing_and_shows_the_current_state(
    client: Client, world: Any, case_x: Application
) -> None:
    client.force_login(world.officer_x)
    seen = case_x.version
    perform_transition(actor=world.officer_x, number=case_x.number, action="start_review")
    perform_transition(actor=world.officer_x, number=case_x.number, action="request_info", comment="Deed")
    seen += 1
    response = act(client, case_x.number, "provide_info", seen, comment="Brought")
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in page
    assert 'data-status="info_requested"' in page
    assert f'name="expected_version" value="{seen + 1}"' in page  # the buttons carry the new version
    case_x.refresh_from_db()
    assert case_x.status == "info_requested"


def test_an_action_not_possible_from_the_state_is_409(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    response = act(client, case_x.number, "approve", case_x.version)
    assert response.status_code == 409
    assert "is not possible while the application is" in response.content.decode()


def test_an_operator_cannot_approve(client: Client, world: Any, case_x: Application) -> None:
    perform_transition(actor=world.officer_x, number=case_x.number, action="start_review")
    client.force_login(world.operator_a)
    response = act(client, case_x.number, "approve", case_x.version + 1)
    assert response.status_code == 403
    assert "Your role may not perform this action." in response.content.decode()


def confirm(client: Client, number: str, action: str, version: int, **extra: Any) -> Any:
    return client.post(
        f"/desk/applications/{number}/confirm/{action}/", {"action": action, "expected_version": version, **extra}
    )


def test_reject_is_never_one_click_from_the_case_page(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    page = client.get(f"/desk/applications/{case_x.number}/").content.decode()
    assert 'data-action="reject"' not in page  # not a form beside the main action
    assert f'href="/desk/applications/{case_x.number}/confirm/reject/"' in page
    response = act(client, case_x.number, "reject", case_x.version, reason_code="not_eligible")
    assert response.status_code == 302
    assert response["Location"] == f"/desk/applications/{case_x.number}/confirm/reject/"
    case_x.refresh_from_db()
    assert case_x.status == "accepted"


def test_reject_needs_a_reason(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    response = confirm(client, case_x.number, "reject", case_x.version)
    assert response.status_code == 422
    assert b'href="#id_reject_reason_code"' in response.content
    case_x.refresh_from_db()
    assert case_x.status == "accepted"


def test_reject_for_other_grounds_needs_a_comment(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    response = confirm(client, case_x.number, "reject", case_x.version, reason_code="other")
    assert response.status_code == 422
    assert "Explain the reason in the comment." in response.content.decode()


def test_reject_with_a_reason(client: Client, world: Any, case_x: Application) -> None:
    client.force_login(world.officer_x)
    confirm(client, case_x.number, "reject", case_x.version, reason_code="not_eligible", comment="Age limit.")
    case_x.refresh_from_db()
    assert (case_x.status, case_x.reason_code) == ("rejected", "not_eligible")
    page = client.get(f"/desk/applications/{case_x.number}/").content.decode()
    assert "The applicant is not eligible for the service" in page
    assert "Age limit." in page


def test_request_info_needs_a_message_and_stops_the_clock(client: Client, world: Any, case_x: Application) -> None:
    perform_transition(actor=world.officer_x, number=case_x.number, action="start_review")
    client.force_login(world.officer_x)
    assert act(client, case_x.number, "request_info", case_x.version + 1).status_code == 422
    act(client, case_x.number, "request_info", case_x.version + 1, comment="Bring the marriage certificate.")
    page = client.get(f"/desk/applications/{case_x.number}/").content.decode()
    assert "Clock stopped: waiting for the citizen" in page
    assert "Bring the marriage certificate." in page


@pytest.mark.parametrize(
    "data",
    [{}, {"action": "explode", "expected_version": 1}, {"action": "approve", "expected_version": "x"}],
)
def test_malformed_posts_are_422_not_500(client: Client, world: Any, case_x: Application, data: Any) -> None:
    client.force_login(world.officer_x)
    assert client.post(f"/desk/applications/{case_x.number}/", data).status_code == 422


def test_an_unknown_application_is_404(client: Client, world: Any) -> None:
    client.force_login(world.officer_x)
    unknown = format_number(year=2026, block=101, sequence=777)
    assert client.get(f"/desk/applications/{unknown}/").status_code == 404
