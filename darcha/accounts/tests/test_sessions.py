"""Staff sessions end when the browser closes and after STAFF_IDLE_MINUTES without a request."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from darcha.accounts.middleware import LAST_SEEN_KEY
from darcha.accounts.tests.factories import PASSWORD


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_the_session_cookie_ends_with_the_browser(client: Client, world: Any) -> None:
    response = client.post("/accounts/login/", {"username": "op_a", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]


def test_a_staff_session_ends_after_thirty_idle_minutes(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    idle_for(client, 31)
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/desk/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in page


def test_activity_keeps_the_session_alive(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    idle_for(client, 29)
    assert client.get("/desk/").status_code == 200
    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    idle_for(client, 29)
    assert client.get("/desk/").status_code == 200


def test_the_idle_time_is_a_setting(client: Client, world: Any, settings: Any) -> None:
    settings.STAFF_IDLE_MINUTES = 5
    client.force_login(world.operator_a)
    idle_for(client, 6)
    assert client.get("/desk/").status_code == 302


def test_the_last_request_is_written_at_most_once_a_minute(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    idle_for(client, 0.5)
    noted = client.session[LAST_SEEN_KEY]
    client.get("/desk/")
    assert client.session[LAST_SEEN_KEY] == noted


def test_an_idle_htmx_request_reloads_the_sign_in_page_whole(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    idle_for(client, 31)
    response = client.get("/desk/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/accounts/login/?next=/desk/"
