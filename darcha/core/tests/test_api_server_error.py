"""A bug behind an API endpoint is a JSON 500: `{"detail", "code": "server_error"}`, no traceback, no data."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def broken_catalog(monkeypatch: Any) -> str:
    secret = "Karimova 12345678901234 /usr/lib/python3 Traceback"

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(secret)

    monkeypatch.setattr("darcha.catalog.api.active_services_with_rules", explode)
    return secret


def test_an_unhandled_error_is_a_json_500(client: Any, db: Any, broken_catalog: str, caplog: Any) -> None:
    response = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"detail", "code"} and body["code"] == "server_error"
    assert broken_catalog not in response.content.decode() and "Traceback" not in response.content.decode()
    # The traceback goes to the log for the operators instead.
    assert any(record.exc_info and record.name == "darcha.api" for record in caplog.records)


def test_the_500_detail_is_translated(client: Any, db: Any, broken_catalog: str) -> None:
    english = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    russian = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="ru").json()["detail"]
    assert russian != english


def test_django_request_errors_keep_their_status(client: Any, db: Any, monkeypatch: Any) -> None:
    from django.core.exceptions import PermissionDenied, SuspiciousOperation

    for error, status, code in [(PermissionDenied(), 403, "forbidden"), (SuspiciousOperation("x"), 400, "bad_request")]:

        def fail(*args: Any, _error: Exception = error, **kwargs: Any) -> None:
            raise _error

        monkeypatch.setattr("darcha.catalog.api.active_services_with_rules", fail)
        response = client.get("/api/v1/services")
        assert (response.status_code, response.json()["code"]) == (status, code)
