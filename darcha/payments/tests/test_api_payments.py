"""POST/GET /api/v1/applications/{number}/payments: the same service as the desk page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from darcha.accounts.services import issue_token
from darcha.applications.tests.factories import submit


@pytest.fixture
def case(world: Any) -> Any:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)


def post(client: Client, user: Any, number: str, payload: Any) -> Any:
    return client.post(
        f"/api/v1/applications/{number}/payments",
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_token(user=user)}"},
    )


def test_a_payment_is_recorded_and_listed(client: Client, world: Any, case: Any) -> None:
    response = post(
        client, world.operator_a, case.number, {"amount_uzs": 412_000, "method": "terminal", "receipt_number": "R1"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["application_number"], body["amount_uzs"], body["confirmed_fee"]) == (case.number, 412_000, False)
    assert body["recorded_at"].endswith("+05:00")
    token = issue_token(user=world.officer_x)
    listed = client.get(f"/api/v1/applications/{case.number}/payments", headers={"Authorization": f"Bearer {token}"})
    assert [p["receipt_number"] for p in listed.json()] == ["R1"]
    detail = client.get(f"/api/v1/applications/{case.number}", headers={"Authorization": f"Bearer {token}"})
    assert detail.json()["payment_status"] == "paid"


@pytest.mark.parametrize(
    ("who", "payload", "status", "code"),
    [
        ("officer_x", {"amount_uzs": 412_000, "method": "terminal", "receipt_number": "R1"}, 403, "role_not_allowed"),
        ("operator_b", {"amount_uzs": 412_000, "method": "terminal", "receipt_number": "R1"}, 404, "not_found"),
        ("operator_a", {"amount_uzs": 1, "method": "terminal", "receipt_number": "R1"}, 422, "amount_mismatch"),
        ("operator_a", {"amount_uzs": 0, "method": "terminal", "receipt_number": "R1"}, 422, "validation_failed"),
        ("operator_a", {"amount_uzs": 412_000, "method": "terminal"}, 422, "validation_failed"),
        ("operator_a", {"amount_uzs": 412_000, "method": "x", "receipt_number": "R1"}, 422, "invalid_method"),
        ("operator_a", {"amount_uzs": 412_000, "method": "terminal", "receipt_number": "R1", "x": 1}, 422, None),
    ],
)
def test_refusals(client: Client, world: Any, case: Any, who: str, payload: Any, status: int, code: str | None) -> None:
    response = post(client, getattr(world, who), case.number, payload)
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code


def test_a_second_payment_is_a_conflict(client: Client, world: Any, case: Any) -> None:
    payload = {"amount_uzs": 412_000, "method": "terminal", "receipt_number": "R1"}
    assert post(client, world.operator_a, case.number, payload).status_code == 201
    assert post(client, world.operator_a, case.number, payload).status_code == 409


def test_the_list_outside_the_scope_is_404(client: Client, world: Any, case: Any) -> None:
    token = issue_token(user=world.operator_b)
    response = client.get(f"/api/v1/applications/{case.number}/payments", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
