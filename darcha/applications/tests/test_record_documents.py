import pytest

from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tests.factories import submit
from darcha.catalog.tests.factories import make_service
from darcha.core.errors import InvalidTransition, NotAllowed, NotFound, StaleVersion, ValidationFailed
from darcha.notifications.models import OutboxMessage


@pytest.fixture
def incomplete(world):
    return submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["photo"]
    )


def test_documents_completing_the_checklist_accept_the_application_at_once(world, incomplete):
    """Issue 12: the case no longer waits as "submitted" (and grows overdue) until someone presses Accept."""
    assert incomplete.documents_missing == ["passport"]
    updated = record_documents(actor=world.operator_a, number=incomplete.number, documents=["passport"])
    assert updated.documents_missing == []
    assert sorted(updated.documents_presented) == ["passport", "photo"]
    assert updated.status == "accepted"
    documents, accept = updated.events.order_by("-sequence")[:2][::-1]
    assert (documents.action, documents.from_status, documents.to_status, documents.data) == (
        "documents",
        "submitted",
        "submitted",
        {"added": ["passport"]},
    )
    assert (accept.action, accept.from_status, accept.to_status, accept.actor) == (
        "accept",
        "submitted",
        "accepted",
        world.operator_a,
    )
    # The citizen learns it once: the acceptance's SMS.
    assert [m.context["kind"] for m in OutboxMessage.objects.order_by("pk")] == ["submit", "accept"]


def test_documents_that_leave_the_checklist_incomplete_keep_the_case_waiting(world):
    service = make_service(code="SERVICE_Z", agency=world.agency_x, documents=(("passport", True), ("deed", True)))
    app = submit(actor=world.operator_a, service=service, applicant=world.citizen, documents_presented=[])
    updated = record_documents(actor=world.operator_a, number=app.number, documents=["passport"])
    assert (updated.status, updated.documents_missing) == ("submitted", ["deed"])


def test_back_office_and_other_centres_cannot_record_documents(world, incomplete):
    with pytest.raises(NotAllowed):
        record_documents(actor=world.officer_x, number=incomplete.number, documents=["passport"])
    # Another centre's case is unknown to its operator (404, like a wrong number).
    with pytest.raises(NotFound):
        record_documents(actor=world.operator_b, number=incomplete.number, documents=["passport"])


def test_unknown_or_no_new_documents_are_refused(world, incomplete):
    with pytest.raises(ValidationFailed):
        record_documents(actor=world.operator_a, number=incomplete.number, documents=["birth_certificate"])
    with pytest.raises(ValidationFailed):
        record_documents(actor=world.operator_a, number=incomplete.number, documents=["photo"])


def test_stale_version_and_wrong_state_are_refused(world, incomplete):
    with pytest.raises(StaleVersion):
        record_documents(actor=world.operator_a, number=incomplete.number, documents=["passport"], expected_version=99)
    perform_transition(
        actor=world.operator_a, number=incomplete.number, action="withdraw", reason_code="documents_unavailable"
    )
    with pytest.raises(InvalidTransition):
        record_documents(actor=world.operator_a, number=incomplete.number, documents=["passport"])


def test_operator_adds_the_missing_document_on_the_case_page(client, world, incomplete):
    client.force_login(world.operator_a)
    page = client.get(f"/desk/applications/{incomplete.number}/").content.decode()
    assert f'action="/desk/applications/{incomplete.number}/documents/"' in page
    response = client.post(
        f"/desk/applications/{incomplete.number}/documents/",
        {"documents": ["passport"], "expected_version": incomplete.version},
    )
    assert response.status_code == 302
    incomplete.refresh_from_db()
    assert incomplete.documents_missing == []
    page = client.get(f"/desk/applications/{incomplete.number}/").content.decode()
    assert "Documents added" in page and "documents/" not in page.split("History")[0].split("<form")[-1]


def test_the_documents_form_is_not_offered_to_the_back_office(client, world, incomplete):
    client.force_login(world.officer_x)
    page = client.get(f"/desk/applications/{incomplete.number}/").content.decode()
    assert "/documents/" not in page
    response = client.post(
        f"/desk/applications/{incomplete.number}/documents/", {"documents": ["passport"], "expected_version": 1}
    )
    assert response.status_code == 403


def test_an_empty_documents_post_changes_nothing(client, world, incomplete):
    client.force_login(world.operator_a)
    response = client.post(f"/desk/applications/{incomplete.number}/documents/", {"expected_version": "x"})
    assert response.status_code == 302
    incomplete.refresh_from_db()
    assert incomplete.documents_missing == ["passport"]
