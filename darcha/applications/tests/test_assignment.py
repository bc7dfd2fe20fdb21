"""Who works on a case: officers take cases, supervisors give them to officers of the case's agency."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from darcha.accounts.tests import factories as staff
from darcha.applications.models import Application
from darcha.applications.services import assign_application, perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.workflow import EventKind
from darcha.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def case(world: Any) -> Application:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)


def test_an_officer_takes_a_case_and_an_event_records_it(world: Any, case: Application) -> None:
    done = assign_application(actor=world.officer_x, number=case.number, assignee_id=world.officer_x.pk)
    assert done.assigned_to == world.officer_x
    event = case.events.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.actor, event.data["assignee_id"]) == (
        EventKind.ASSIGN,
        world.officer_x,
        world.officer_x.pk,
    )
    assert event.from_status == event.to_status == case.status


def test_an_officer_cannot_give_a_case_to_someone_else(world: Any, case: Application) -> None:
    other = staff.officer(world.agency_x, username="off_x2")
    with pytest.raises(NotAllowed):
        assign_application(actor=world.officer_x, number=case.number, assignee_id=other.pk)


def test_an_officer_gives_up_only_his_own_case(world: Any, case: Application) -> None:
    other = staff.officer(world.agency_x, username="off_x2")
    assign_application(actor=world.supervisor_a, number=case.number, assignee_id=other.pk)
    with pytest.raises(NotAllowed):
        assign_application(actor=world.officer_x, number=case.number, assignee_id=None)
    assign_application(actor=other, number=case.number, assignee_id=None)
    case.refresh_from_db()
    assert case.assigned_to is None


def test_an_officer_of_another_agency_cannot_see_the_case(world: Any, case: Application) -> None:
    with pytest.raises(NotFound):
        assign_application(actor=world.officer_y, number=case.number, assignee_id=world.officer_y.pk)


def test_a_supervisor_assigns_to_an_officer_of_the_cases_agency_only(world: Any, case: Application) -> None:
    assign_application(actor=world.supervisor_a, number=case.number, assignee_id=world.officer_x.pk)
    with pytest.raises(ValidationFailed):
        assign_application(actor=world.supervisor_a, number=case.number, assignee_id=world.officer_y.pk)
    with pytest.raises(ValidationFailed):
        assign_application(actor=world.supervisor_a, number=case.number, assignee_id=world.operator_a.pk)
    case.refresh_from_db()
    assert case.assigned_to == world.officer_x


def test_an_officer_posted_to_another_region_is_not_offered(world: Any, case: Application) -> None:
    elsewhere = staff.officer(world.agency_x, username="off_x_b", region=world.region_b)
    with pytest.raises(ValidationFailed):
        assign_application(actor=world.supervisor_a, number=case.number, assignee_id=elsewhere.pk)


def test_a_supervisor_of_another_region_cannot_see_the_case(world: Any) -> None:
    case_b = submit(actor=world.operator_b, service=world.service_x, applicant=CitizenFactory())
    with pytest.raises(NotFound):
        assign_application(actor=world.supervisor_a, number=case_b.number, assignee_id=world.officer_x.pk)


def test_operators_and_analysts_do_not_assign(world: Any, case: Application) -> None:
    for actor in (world.operator_a, world.analyst, world.manager_a):
        with pytest.raises(NotAllowed):
            assign_application(actor=actor, number=case.number, assignee_id=world.officer_x.pk)


def test_a_closed_case_is_not_assigned(world: Any, case: Application) -> None:
    perform_transition(actor=world.operator_a, number=case.number, action="withdraw", reason_code="no_longer_needed")
    with pytest.raises(InvalidTransition):
        assign_application(actor=world.officer_x, number=case.number, assignee_id=world.officer_x.pk)


def test_assigning_again_to_the_same_officer_records_nothing(world: Any, case: Application) -> None:
    assign_application(actor=world.officer_x, number=case.number, assignee_id=world.officer_x.pk)
    events = case.events.count()
    assign_application(actor=world.officer_x, number=case.number, assignee_id=world.officer_x.pk)
    assert case.events.count() == events


# --- The pages -----------------------------------------------------------------------------------------


def test_the_case_page_shows_who_it_is_assigned_to_and_assign_to_me(
    client: Client, world: Any, case: Application
) -> None:
    client.force_login(world.officer_x)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert 'data-assigned-to=""' in page
    assert "Assign to me" in page
    response = client.post(f"/desk/applications/{case.number}/assign/", {"assignee": "me"}, follow=True)
    body = response.content.decode()
    assert 'data-assigned-to="off_x"' in body
    assert "Assign to me" not in body
    assert "Unassign" in body
    listed = client.get("/desk/inbox/", {"assigned": "me"}).content.decode()
    assert case.number in listed and 'data-assigned-to="off_x"' in listed


def test_a_supervisor_picks_an_officer_on_the_case_page(client: Client, world: Any, case: Application) -> None:
    client.force_login(world.supervisor_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert f'<option value="{world.officer_x.pk}"' in page
    assert f'<option value="{world.officer_y.pk}"' not in page
    client.post(f"/desk/applications/{case.number}/assign/", {"assignee": str(world.officer_x.pk)})
    case.refresh_from_db()
    assert case.assigned_to == world.officer_x


def test_bad_assignee_input_is_a_message_not_an_error(client: Client, world: Any, case: Application) -> None:
    client.force_login(world.supervisor_a)
    for value in ("nobody", "-1", "9" * 30, "\x00"):
        response = client.post(f"/desk/applications/{case.number}/assign/", {"assignee": value}, follow=True)
        assert response.status_code in (200, 400), value
    case.refresh_from_db()
    assert case.assigned_to is None


def test_the_operator_gets_no_assign_buttons(client: Client, world: Any, case: Application) -> None:
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert "data-assign>" not in page and "Assign to me" not in page
    response = client.post(f"/desk/applications/{case.number}/assign/", {"assignee": "me"}, follow=True)
    assert "does not assign" in response.content.decode()
