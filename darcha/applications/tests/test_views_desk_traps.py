"""The desk's traps found in issue 12: duplicates, one-click withdrawal, work left in "submitted",
information requests that reach no one, and the desk's view of unpaid fees."""

from __future__ import annotations

from typing import Any

from django.test import Client

from darcha.applications.models import Application
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.tests.test_views_desk import at_window, form_key, submit_form
from darcha.people.tests.factories import CitizenFactory

# --- Duplicates -------------------------------------------------------------------------------------


def test_the_desk_shows_the_citizens_applications_in_progress_when_found(client: Client, world: Any) -> None:
    open_case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    elsewhere = submit(actor=world.operator_b, service=world.service_y, applicant=world.citizen)
    other = submit(actor=world.operator_a, service=world.service_y, applicant=CitizenFactory())
    at_window(client, world.operator_a, world.citizen)
    page = client.get("/desk/").content.decode()
    assert "data-current-applications" in page
    assert f'data-current="{open_case.number}"' in page
    # Scoped like every read: another centre's case and another citizen's are not shown.
    assert elsewhere.number not in page and other.number not in page


def test_closed_applications_are_not_listed_as_in_progress(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    perform_transition(actor=world.operator_a, number=case.number, action="withdraw", reason_code="no_longer_needed")
    at_window(client, world.operator_a, world.citizen)
    assert f'data-current="{case.number}"' not in client.get("/desk/").content.decode()


def test_a_second_application_for_the_same_open_service_is_confirmed_not_blocked(client: Client, world: Any) -> None:
    first = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    at_window(client, world.operator_a, world.citizen)
    page = client.get("/desk/apply/SERVICE_X/").content.decode()
    assert "data-duplicate-warning" in page and first.number in page
    assert 'name="confirm_duplicate"' in page
    refused = client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=form_key(client)))
    assert refused.status_code == 422
    assert Application.objects.count() == 1
    confirmed = client.post(
        "/desk/apply/SERVICE_X/", submit_form(submission_key=form_key(client), confirm_duplicate="on")
    )
    assert confirmed.status_code == 302
    assert Application.objects.count() == 2


def test_another_service_asks_no_confirmation(client: Client, world: Any) -> None:
    submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    at_window(client, world.operator_a, world.citizen)
    assert "data-duplicate-warning" not in client.get("/desk/apply/SERVICE_Y/").content.decode()
    response = client.post(
        "/desk/apply/SERVICE_Y/",
        submit_form(documents=["title"], submission_key=form_key(client, "/desk/apply/SERVICE_Y/")),
    )
    assert response.status_code == 302


# --- Withdrawal: a confirmation step and a recorded reason -------------------------------------------


def test_withdraw_is_drawn_apart_and_never_one_click(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    assert 'data-action="withdraw"' not in page  # no form beside the main action
    main, apart = page.split("data-destructive", 1)
    assert f'href="/desk/applications/{case.number}/confirm/withdraw/"' in apart
    assert "confirm/withdraw" not in main
    # A POST of the old one-click form changes nothing: it leads to the confirmation.
    response = client.post(
        f"/desk/applications/{case.number}/", {"action": "withdraw", "expected_version": case.version}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/desk/applications/{case.number}/confirm/withdraw/"
    case.refresh_from_db()
    assert case.status == "accepted"


def test_the_confirmation_asks_for_the_reason_and_records_it(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    client.force_login(world.operator_a)
    url = f"/desk/applications/{case.number}/confirm/withdraw/"
    page = client.get(url).content.decode()
    assert "This cannot be undone." in page
    assert 'name="reason_code"' in page and "The citizen no longer needs the service" in page
    assert "Required documents were not provided" not in page  # a rejection's reasons are not offered
    assert f'href="/desk/applications/{case.number}/"' in page  # "No, keep the application"

    missing = client.post(url, {"action": "withdraw", "expected_version": case.version})
    assert missing.status_code == 422
    assert 'href="#id_withdraw_reason_code"' in missing.content.decode()
    other = client.post(url, {"action": "withdraw", "expected_version": case.version, "reason_code": "other_request"})
    assert other.status_code == 422
    case.refresh_from_db()
    assert case.status == "accepted"

    done = client.post(
        url,
        {"action": "withdraw", "expected_version": case.version, "reason_code": "wrong_service", "comment": "Typo"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.reason_code) == ("withdrawn", "wrong_service")
    event = case.events.order_by("sequence").last()
    assert (event.action, event.reason_code, event.comment, event.actor) == (
        "withdraw",
        "wrong_service",
        "Typo",
        world.operator_a,
    )
    page = client.get(done["Location"]).content.decode()
    assert "Applied for the wrong service or with wrong details" in page


def test_the_confirmation_of_a_closed_case_offers_nothing(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    perform_transition(actor=world.operator_a, number=case.number, action="withdraw", reason_code="no_longer_needed")
    client.force_login(world.operator_a)
    url = f"/desk/applications/{case.number}/confirm/withdraw/"
    assert "data-confirm-form" not in client.get(url).content.decode()
    assert (
        client.post(url, {"action": "withdraw", "expected_version": 3, "reason_code": "wrong_service"}).status_code
        == 409
    )
    assert client.get(f"/desk/applications/{case.number}/confirm/approve/").status_code == 404


def test_other_centres_cannot_open_the_confirmation(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    client.force_login(world.operator_b)
    assert client.get(f"/desk/applications/{case.number}/confirm/withdraw/").status_code == 404


# --- Cases left in "submitted" are work for the front office ---------------------------------------------


def test_the_desk_lists_the_front_offices_work(client: Client, world: Any) -> None:
    waiting = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=[])
    asked = submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    perform_transition(actor=world.officer_x, number=asked.number, action="start_review")
    perform_transition(actor=world.officer_x, number=asked.number, action="request_info", comment="Deed")
    elsewhere = submit(
        actor=world.operator_b, service=world.service_x, applicant=CitizenFactory(), documents_presented=[]
    )
    client.force_login(world.operator_a)
    page = client.get("/desk/").content.decode()
    documents = page.split('data-work-list="documents"')[1].split("</section>")[0]
    information = page.split('data-work-list="information"')[1].split("</section>")[0]
    unpaid = page.split('data-work-list="unpaid"')[1].split("</section>")[0]
    assert f'data-work-item="{waiting.number}"' in documents
    assert f'data-work-item="{asked.number}"' in information
    assert waiting.number in unpaid and asked.number in unpaid
    assert elsewhere.number not in page


# --- Information requests reach the operator ---------------------------------------------------------


def test_the_request_is_shown_prominently_and_answered_with_text_and_documents(client: Client, world: Any) -> None:
    case = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["passport"]
    )
    perform_transition(actor=world.officer_x, number=case.number, action="start_review")
    perform_transition(actor=world.officer_x, number=case.number, action="request_info", comment="Bring a photo")
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    request = page.split("data-info-request")[1].split("</section>")[0]
    assert "Bring a photo" in request and "should answer by" in request
    assert page.index("data-info-request") < page.index("What you can do")
    form = page.split('data-action="provide_info"')[1].split("</form>")[0]
    assert 'name="comment"' in form and 'name="documents" value="photo"' in form

    case.refresh_from_db()
    empty = client.post(
        f"/desk/applications/{case.number}/", {"action": "provide_info", "expected_version": case.version}
    )
    assert empty.status_code == 422
    response = client.post(
        f"/desk/applications/{case.number}/",
        {
            "action": "provide_info",
            "expected_version": case.version,
            "comment": "Photo brought",
            "documents": ["photo"],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_review"
    assert "photo" in case.documents_presented
    event = case.events.order_by("sequence").last()
    assert (event.action, event.comment, event.data["documents"]) == ("provide_info", "Photo brought", ["photo"])
    assert "data-info-request" not in client.get(f"/desk/applications/{case.number}/").content.decode()


def test_the_officer_is_told_the_citizen_reads_the_request(client: Client, world: Any) -> None:
    case = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    perform_transition(actor=world.officer_x, number=case.number, action="start_review")
    client.force_login(world.officer_x)
    page = client.get(f"/desk/applications/{case.number}/").content.decode()
    form = page.split('data-action="request_info"')[1].split("</form>")[0]
    assert "tracking page and in the SMS" in form
