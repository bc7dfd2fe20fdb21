"""Every error of the API is JSON {detail, code} with a 4xx status, never an HTML page or a 500."""

from __future__ import annotations

import pytest

from darcha.accounts.services import issue_token


def auth(user, **headers: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {issue_token(user=user)}", **headers}


def assert_json_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


@pytest.mark.parametrize("raw", [b"{not json", b'{"service_code": ', b"\xff\xfe\x00", b"[" * 100_000])
def test_malformed_json_is_a_400(world, client, raw):
    response = client.post(
        "/api/v1/applications",
        raw,
        content_type="application/json",
        headers=auth(world.operator_a, **{"Idempotency-Key": "k"}),
    )
    assert_json_error(response, 400, "malformed_json")


def test_malformed_json_on_transitions_is_a_400(world, client):
    response = client.post(
        "/api/v1/applications/DX-2026-101-000001-4/transitions",
        b"{,}",
        content_type="application/json",
        headers=auth(world.officer_x),
    )
    assert_json_error(response, 400, "malformed_json")


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"42", b"null"])
def test_json_that_is_not_an_object_is_a_422(world, client, raw):
    response = client.post(
        "/api/v1/applications",
        raw,
        content_type="application/json",
        headers=auth(world.operator_a, **{"Idempotency-Key": "k"}),
    )
    assert_json_error(response, 422, "validation_failed")
    assert all("loc" in e and "msg" in e for e in response.json()["errors"])


def test_nul_characters_and_lone_surrogates_are_a_422(world, client):
    for name in ("Ali\\u0000yev", "Ali\\ud800yev"):
        raw = (
            '{"service_code": "SERVICE_X", "center_code": "psc-a", "applicant": {"pinfl": "31204851200017", '
            f'"last_name": "{name}"}}}}'
        ).encode()
        response = client.post(
            "/api/v1/applications",
            raw,
            content_type="application/json",
            headers=auth(world.operator_a, **{"Idempotency-Key": name}),
        )
        assert_json_error(response, 422, "validation_failed")
        assert response.json()["errors"][0]["loc"] == ["body", "payload", "applicant", "last_name"]


def test_wrong_method_is_a_json_405_with_allow(world, client):
    response = client.delete("/api/v1/applications", headers=auth(world.admin))
    assert_json_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert_json_error(client.put("/api/v1/services"), 405, "method_not_allowed")


def test_unknown_path_under_the_api_is_a_json_404(world, client):
    assert_json_error(client.get("/api/v1/nothing/here"), 404, "not_found")
    assert_json_error(client.get("/api/v1/"), 404, "not_found")
    assert_json_error(client.post("/api/v1/nothing", "{}", content_type="application/json"), 404, "not_found")


def test_errors_answer_in_the_language_asked_for(uzbek_default: None, world, client):
    response = client.get("/api/v1/services/NOPE", headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert response["Content-Language"] == "ru"
    english = client.get("/api/v1/services/NOPE", headers={"Accept-Language": "en"}).json()["detail"]
    assert english == "No such service."
    assert response.json()["detail"] not in {"", english}
    assert response.json()["code"] == "unknown_service"  # codes never change with the language
    assert "Accept-Language" in response["Vary"]
    assert client.get("/api/v1/services/NOPE", headers={"Accept-Language": "en"})["Content-Language"] == "en"
    assert client.get("/api/v1/services/NOPE")["Content-Language"] == "uz"
