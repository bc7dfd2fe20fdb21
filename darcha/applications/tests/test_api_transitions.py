"""POST /api/v1/applications/{number}/transitions: one workflow action, answered with the new state."""

from __future__ import annotations

import json
from typing import Any

import pytest

from darcha.accounts.services import issue_token
from darcha.applications.models import Application
from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tests.factories import submit


def act(client, user, number: str, payload: Any):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/applications/{number}/transitions",
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_token(user=user)}"},
    )


@pytest.fixture
def accepted(world):  # type: ignore[no-untyped-def]
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


def test_action_answers_with_the_new_state_in_the_detail_shape(world, client):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    response = act(client, world.officer_x, app.number, {"action": "start_review", "expected_version": 2})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "in_review"
    assert data["version"] == 3
    assert [e["action"] for e in data["events"]] == ["submit", "accept", "start_review"]
    assert [a["action"] for a in data["allowed_actions"]] == ["request_info", "approve", "reject"]
    assert Application.objects.get(number=app.number).status == "in_review"


def test_accepted_as_soon_as_the_missing_document_is_brought(world, client):
    app = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["photo"]
    )
    assert act(client, world.operator_a, app.number, {"action": "accept"}).status_code == 422
    record_documents(actor=world.operator_a, number=app.number, documents=["passport"])
    assert Application.objects.get(number=app.number).status == "accepted"
    # Nobody has to press Accept any more: a late Accept finds the case already accepted.
    response = act(client, world.operator_a, app.number, {"action": "accept", "expected_version": 3})
    assert response.status_code == 409, response.content


def test_officer_reviews_and_rejects_with_a_reason(world, client, accepted):
    assert act(client, world.officer_x, accepted.number, {"action": "start_review"}).status_code == 200
    response = act(
        client, world.officer_x, accepted.number, {"action": "reject", "reason_code": "not_eligible", "comment": "Age"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["reason_code"] == "not_eligible"
    assert response.json()["events"][-1]["reason_code"] == "not_eligible"


def test_action_not_allowed_from_this_state_is_a_409(world, client, accepted):
    response = act(client, world.officer_x, accepted.number, {"action": "approve"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_stale_expected_version_is_a_409_and_changes_nothing(world, client, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    response = act(client, world.officer_x, accepted.number, {"action": "approve", "expected_version": 2})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert Application.objects.get(pk=accepted.pk).status == "in_review"


def test_action_outside_the_users_role_is_a_403(world, client, accepted):
    response = act(client, world.operator_a, accepted.number, {"action": "start_review"})
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert act(client, world.analyst, accepted.number, {"action": "start_review"}).status_code == 403


def test_action_outside_the_users_scope_is_a_404(world, client, accepted):
    response = act(client, world.officer_y, accepted.number, {"action": "start_review"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert act(client, world.operator_b, accepted.number, {"action": "withdraw"}).status_code == 404


def test_unknown_number_is_a_404(world, client):
    response = act(client, world.officer_x, "DX-2026-101-999999-0", {"action": "start_review"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_action_is_a_422(world, client, accepted):
    response = act(client, world.officer_x, accepted.number, {"action": "fast_track"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_action"


def test_rejection_without_a_reason_is_a_422(world, client, accepted):
    response = act(client, world.officer_x, accepted.number, {"action": "reject"})
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"
    assert response.json()["field"] == "reason_code"


def test_request_for_information_without_a_message_is_a_422(world, client, accepted):
    perform_transition(actor=world.officer_x, number=accepted.number, action="start_review")
    response = act(client, world.officer_x, accepted.number, {"action": "request_info", "comment": "  "})
    assert response.status_code == 422
    assert response.json()["code"] == "comment_required"


@pytest.mark.parametrize(
    "payload",
    [{}, {"action": 7}, {"action": "accept", "expected_version": 0}, {"action": "accept", "expected_version": "two"}],
)
def test_malformed_transition_body_is_a_422(world, client, accepted, payload):
    response = act(client, world.operator_a, accepted.number, payload)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
