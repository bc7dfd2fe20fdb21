"""GET /api/v1/applications/{number}: the case with its events and what this user may do next."""

from __future__ import annotations

from darcha.accounts.services import issue_token
from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tests.factories import submit


def get(client, user, number: str):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {issue_token(user=user)}"})


def test_detail_shows_the_case_and_its_events(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    perform_transition(actor=world.officer_x, number=app.number, action="start_review")
    perform_transition(actor=world.officer_x, number=app.number, action="request_info", comment="Bring the 2019 deed")

    response = get(client, world.officer_x, app.number)
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == app.number
    assert data["status"] == "info_requested"
    assert data["version"] == 4
    assert data["clock_paused_on"] is not None
    assert data["applicant"]["pinfl_masked"] == world.citizen.masked_pinfl
    assert world.citizen.pinfl not in response.content.decode()
    events = data["events"]
    assert [e["sequence"] for e in events] == [1, 2, 3, 4]
    assert [e["action"] for e in events] == ["submit", "accept", "start_review", "request_info"]
    assert [(e["from_status"], e["to_status"]) for e in events][-1] == ("in_review", "info_requested")
    assert events[0]["deadline_rule"] == "legal_term"
    assert events[0]["due_date_after"] == app.due_date.isoformat()
    assert events[-1]["deadline_rule"] == "clock_paused"
    assert events[-1]["actor_role"] == "officer"
    assert events[-1]["comment"] == "Bring the 2019 deed"
    assert events[-1]["at"].endswith("+05:00")
    assert set(events[-1]) >= {"reason_code", "due_date_before", "due_date_after"}


def test_allowed_actions_depend_on_the_role_and_the_state(world, client):
    app = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["photo"]
    )
    operator_actions = [a["action"] for a in get(client, world.operator_a, app.number).json()["allowed_actions"]]
    assert operator_actions == ["withdraw"]  # accepting waits for the missing passport
    assert get(client, world.officer_x, app.number).json()["allowed_actions"] == []

    # The passport completes the checklist: the accept policy accepts at once (no one must press Accept).
    record_documents(actor=world.operator_a, number=app.number, documents=["passport"])
    officer_actions = get(client, world.officer_x, app.number).json()["allowed_actions"]
    assert [a["action"] for a in officer_actions] == ["start_review", "reject"]
    assert officer_actions[1]["needs_reason"] is True
    assert officer_actions[1]["destructive"] is True
    assert "not_eligible" in officer_actions[1]["reason_codes"]
    assert all(a["label"] for a in officer_actions)
    withdraw = get(client, world.operator_a, app.number).json()["allowed_actions"][-1]
    assert (withdraw["action"], withdraw["needs_reason"], withdraw["destructive"]) == ("withdraw", True, True)
    assert "no_longer_needed" in withdraw["reason_codes"]


def test_number_is_found_however_it_is_typed(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    compact = app.number.replace("-", "").lower()
    assert get(client, world.operator_a, compact).json()["number"] == app.number


def test_unknown_number_is_a_json_404(world, client):
    response = get(client, world.operator_a, "DX-2026-101-999999-0")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_application_outside_the_users_scope_is_a_404_like_an_unknown_number(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    unknown = get(client, world.operator_b, "DX-2026-101-999999-0").json()
    for outsider in (world.operator_b, world.operator_a2, world.officer_y):
        response = get(client, outsider, app.number)
        assert response.status_code == 404, outsider.username
        assert response.json() == unknown
        assert world.citizen.last_name not in response.content.decode()


def test_supervisor_of_the_region_and_manager_of_the_centre_see_it(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    for insider in (world.supervisor_a, world.manager_a, world.admin):
        assert get(client, insider, app.number).status_code == 200, insider.username


def test_opening_a_case_that_names_the_applicant_is_audited(world, client):
    from darcha.audit.models import AuditEntry

    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    get(client, world.officer_x, app.number)
    entry = AuditEntry.objects.filter(action="view_citizen").latest("id")
    assert (entry.actor, entry.object_id) == (world.officer_x, str(world.citizen.pk))
    assert entry.purpose == "API: application detail"


def test_analyst_reads_name_nobody_and_are_not_citizen_views(world, client):
    from darcha.audit.models import AuditEntry

    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    before = AuditEntry.objects.filter(action="view_citizen").count()
    assert get(client, world.analyst, app.number).status_code == 200
    assert AuditEntry.objects.filter(action="view_citizen").count() == before
