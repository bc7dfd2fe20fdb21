"""Idempotency-Key on POST /api/v1/applications: a retried request never makes a second application."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from darcha.accounts.services import issue_token
from darcha.applications.models import Application
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl

URL = "/api/v1/applications"


def person(born: dt.date, sex: str, last_name: str, first_name: str) -> dict[str, str]:
    return {
        "pinfl": make_pinfl(birth_date=born, sex=sex, area=1, serial=born.day),
        "last_name": last_name,
        "first_name": first_name,
    }


def body(**fields: Any) -> dict[str, Any]:
    return {
        "service_code": "SERVICE_X",
        "center_code": "psc-a",
        "applicant": person(dt.date(1979, 1, 5), "F", "Rahimova", "Malika"),
        "documents_presented": ["passport"],
        **fields,
    }


def post(client, token: str, payload: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def test_same_key_and_body_return_the_same_application(world, client):
    token = issue_token(user=world.operator_a)
    first = post(client, token, body(), **{"Idempotency-Key": "desk-7-0001"})
    again = post(client, token, body(), **{"Idempotency-Key": "desk-7-0001"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Application.objects.count() == 1
    assert Citizen.objects.count() == 2  # the world's citizen and this one, once


def test_same_body_with_defaults_spelt_out_is_the_same_request(world, client):
    token = issue_token(user=world.operator_a)
    first = post(client, token, body(), **{"Idempotency-Key": "k"})
    spelt_out = {**body(channel="front_desk", representative=None)}
    again = post(client, token, dict(reversed(list(spelt_out.items()))), **{"Idempotency-Key": "k"})
    assert again.status_code == 201
    assert again.json()["number"] == first.json()["number"]


def test_same_key_with_another_body_is_a_409_and_writes_nothing(world, client):
    token = issue_token(user=world.operator_a)
    assert post(client, token, body(), **{"Idempotency-Key": "k"}).status_code == 201
    other_person = person(dt.date(1960, 6, 1), "M", "Aliyev", "Sardor")
    response = post(client, token, body(applicant=other_person), **{"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Application.objects.count() == 1
    assert not Citizen.objects.filter(pinfl=other_person["pinfl"]).exists()


def test_missing_key_is_a_400_and_writes_nothing(world, client):
    token = issue_token(user=world.operator_a)
    response = post(client, token, body())
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    response = post(client, token, body(), **{"Idempotency-Key": "   "})
    assert response.json()["code"] == "idempotency_key_required"
    assert not Application.objects.exists()
    assert Citizen.objects.count() == 1


def test_key_longer_than_100_characters_is_a_400(world, client):
    token = issue_token(user=world.operator_a)
    assert post(client, token, body(), **{"Idempotency-Key": "k" * 100}).status_code == 201
    response = post(client, token, body(), **{"Idempotency-Key": "k" * 101})
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"


def test_keys_belong_to_one_user(world, client):
    # Two desks choosing the same key by chance must not see each other's applications.
    first = post(client, issue_token(user=world.operator_a), body(), **{"Idempotency-Key": "1"})
    second = post(client, issue_token(user=world.manager_a), body(), **{"Idempotency-Key": "1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["number"] != second.json()["number"]
