"""POST /api/v1/applications/{number}/documents: documents brought after intake."""

from __future__ import annotations

import json
from typing import Any

import pytest

from darcha.accounts.services import issue_token
from darcha.applications.tests.factories import submit


def post(client, user, number: str, payload: Any):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/applications/{number}/documents",
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_token(user=user)}"},
    )


@pytest.fixture
def incomplete(world):  # type: ignore[no-untyped-def]
    return submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=["photo"]
    )


def test_documents_brought_later_are_recorded(world, client, incomplete):
    response = post(client, world.operator_a, incomplete.number, {"documents_presented": ["passport"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["documents_missing"] == []
    # The checklist is complete: accepted in the same step (the accept policy), recorded after the documents.
    assert body["status"] == "accepted"
    assert [e["action"] for e in body["events"]][-2:] == ["documents", "accept"]


@pytest.mark.parametrize(
    ("who", "payload", "status", "code"),
    [
        ("officer_x", {"documents_presented": ["passport"]}, 403, None),
        ("operator_b", {"documents_presented": ["passport"]}, 404, "not_found"),
        ("operator_a", {"documents_presented": ["nope"]}, 422, "unknown_documents"),
        ("operator_a", {"documents_presented": ["passport"], "expected_version": 9}, 409, "stale_version"),
        ("operator_a", {"documents": "passport"}, 422, "validation_failed"),
    ],
)
def test_refusals(world, client, incomplete, who, payload, status, code):
    response = post(client, getattr(world, who), incomplete.number, payload)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
