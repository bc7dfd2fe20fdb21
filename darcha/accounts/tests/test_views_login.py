"""Staff sign-in: landing page per role, demo logins in demo mode only (lock-outs: test_lockout.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from darcha.accounts.tests.factories import PASSWORD, UserFactory, operator
from darcha.centers.tests.factories import CenterFactory


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    # Page tests need no collectstatic (see darcha/conftest_browser.py).
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_the_sign_in_page(client: Client, db: Any) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'autocomplete="current-password"' in response.content


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("operator_a", "/desk/"),
        ("officer_x", "/desk/inbox/"),
        ("manager_a", "/desk/overview/"),
        ("supervisor_a", "/desk/overview/"),
        ("analyst", "/desk/overview/"),
        ("admin", "/desk/inbox/"),
    ],
)
def test_each_role_lands_on_its_page(client: Client, world: Any, who: str, landing: str) -> None:
    response = sign_in(client, getattr(world, who).username)
    assert response.status_code == 302
    assert response["Location"] == landing


def test_the_landing_page_keeps_the_language(client: Client, world: Any) -> None:
    response = client.post("/ru/accounts/login/", {"username": "op_a", "password": PASSWORD})
    assert response["Location"] == "/ru/desk/"


def test_a_wrong_password_is_400_with_a_message(client: Client, world: Any) -> None:
    response = sign_in(client, "op_a", "nope")
    assert response.status_code == 400
    assert "The username or password is not right." in response.content.decode()


def test_sign_in_enforces_csrf(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "op_a").status_code == 403


def test_sign_out_is_a_post_and_returns_home(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/desk/").status_code == 302


def test_demo_logins_are_listed_only_in_demo_mode(client: Client, world: Any, settings: Any) -> None:
    center = CenterFactory(code="psc-demo-2")
    UserFactory(username="operator", role="operator", center=world.center_a)
    UserFactory(username="analyst_x", role="analyst")
    operator(center, username="op_demo_2")
    settings.DEMO_MODE = False
    assert b"Demo accounts" not in client.get("/accounts/login/").content
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/").content.decode()
    assert "Demo accounts" in page and "darcha-demo" in page
    assert "<code>operator</code>" in page
    assert "<code>op_demo_2</code>" in page  # an operator of another centre
    assert "<code>analyst_x</code>" not in page


def test_the_sign_in_form_is_translated(client: Client, db: Any, uzbek_default: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "Username" not in page
