"""Bearer-token authentication of the REST API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from darcha.accounts.models import ApiToken
from darcha.accounts.services import issue_token, revoke_token, user_for_token
from darcha.core.errors import ValidationFailed

PRIVATE = "/api/v1/applications"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthorized"
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_request_without_token_gets_401_json(world, client):
    assert_unauthorized(client.get(PRIVATE))


@pytest.mark.parametrize(
    "header",
    ["Bearer dx_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "dx_token-without-scheme", "Bearer \u00e9\u00e9"],
)
def test_invalid_authorization_header_gets_401(world, client, header):
    assert_unauthorized(client.get(PRIVATE, headers={"Authorization": header}))


def test_valid_token_authenticates_its_user(world, client):
    token = issue_token(user=world.operator_a)
    response = client.get(PRIVATE, headers=bearer(token))
    assert response.status_code == 200


def test_revoked_token_is_refused(world, client):
    token = issue_token(user=world.operator_a)
    revoke_token(token=ApiToken.objects.get(digest=ApiToken.digest_of(token)))
    assert_unauthorized(client.get(PRIVATE, headers=bearer(token)))


def test_token_of_a_deactivated_user_is_refused(world, client):
    token = issue_token(user=world.operator_a)
    world.operator_a.is_active = False
    world.operator_a.save()
    assert_unauthorized(client.get(PRIVATE, headers=bearer(token)))


def test_only_a_digest_of_the_token_is_stored(world):
    token = issue_token(user=world.operator_a, label="queue board")
    row = ApiToken.objects.get(user=world.operator_a)
    assert row.digest == ApiToken.digest_of(token) != token
    assert token not in {row.digest, row.prefix, row.label}
    assert row.label == "queue board"


def test_last_used_is_written_at_most_once_a_minute(world):
    token = issue_token(user=world.operator_a)
    start = timezone.now()
    user_for_token(token, now=start)
    row = ApiToken.objects.get(user=world.operator_a)
    assert row.last_used_at == start
    user_for_token(token, now=start + dt.timedelta(seconds=30))
    row.refresh_from_db()
    assert row.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    user_for_token(token, now=later)
    row.refresh_from_db()
    assert row.last_used_at == later


def test_session_login_does_not_authenticate_the_api(world, client):
    # The API is not cookie-authenticated: a signed-in browser session cannot be abused by CSRF.
    client.force_login(world.operator_a)
    assert_unauthorized(client.get(PRIVATE))
    response = client.post(PRIVATE, "{}", content_type="application/json", headers={"Idempotency-Key": "k"})
    assert_unauthorized(response)


def test_public_endpoints_need_no_token(world, client):
    for path in ("/api/v1/services", "/api/v1/centers", "/api/v1/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_an_expired_token_gets_the_same_401_as_an_unknown_one(world, client):
    token = issue_token(user=world.operator_a, days=1, now=timezone.now() - dt.timedelta(days=1, seconds=1))
    expired = client.get(PRIVATE, headers=bearer(token))
    unknown = client.get(PRIVATE, headers=bearer("dx_never-issued"))
    assert_unauthorized(expired)
    assert expired.json() == unknown.json()


def test_a_token_lives_api_token_days_by_default(world, settings):
    settings.API_TOKEN_DAYS = 30
    start = timezone.now()
    token = issue_token(user=world.operator_a, now=start)
    row = ApiToken.objects.get(user=world.operator_a)
    assert row.expires_at == start + dt.timedelta(days=30)
    assert user_for_token(token, now=start + dt.timedelta(days=29, hours=23)) == world.operator_a
    assert user_for_token(token, now=start + dt.timedelta(days=30)) is None


@pytest.mark.parametrize("days", [0, -5, 367])
def test_a_token_lifetime_out_of_range_is_refused(world, days):
    with pytest.raises(ValidationFailed):
        issue_token(user=world.operator_a, days=days)
    assert not ApiToken.objects.exists()
