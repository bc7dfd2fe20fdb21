"""The language chosen once is remembered on the next visit, for the public and for staff.

Unprefixed addresses (/track/, /desk/: the default language's, printed on receipts and bookmarked)
send a visitor who chose another language to that language's address; the choice is a cookie that
outlives the browser session.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from darcha.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("uzbek_default")


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def choose(client: Client, language: str, next_url: str = "/track/") -> Any:
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def next_visit(language: str) -> Client:
    """A new browser session that only kept the language cookie (the session cookie is gone)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_choice_is_kept_beyond_the_browser_session(client: Client, db: Any) -> None:
    response = choose(client, "uz-cyrl")
    assert response.status_code == 302
    assert response["Location"] == "/uz-cyrl/track/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "uz-cyrl"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 300, "a session cookie would be forgotten when the browser closes"
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("language", "path", "expected"),
    [
        ("uz-cyrl", "/", "/uz-cyrl/"),
        ("uz-cyrl", "/track/", "/uz-cyrl/track/"),
        ("ru", "/services/?q=kadastr&category=property", "/ru/services/?q=kadastr&category=property"),
        ("en", "/track/?number=DX-2026-101-000123-4", "/en/track/?number=DX-2026-101-000123-4"),
    ],
)
def test_the_public_pages_open_in_the_remembered_language(db: Any, language: str, path: str, expected: str) -> None:
    response = next_visit(language).get(path)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_remembered_page_is_in_that_language(db: Any) -> None:
    response = next_visit("uz-cyrl").get("/track/", follow=True)
    assert response.status_code == 200
    assert response["Content-Language"] == "uz-cyrl"
    assert 'lang="uz-Cyrl"' in response.content.decode()


def test_choosing_the_default_language_again_serves_the_unprefixed_pages(client: Client, db: Any) -> None:
    choose(client, "ru")
    assert client.get("/track/").status_code == 302
    response = choose(client, "uz", "/track/")
    assert response["Location"] == "/track/"
    page = client.get("/track/")
    assert page.status_code == 200
    assert page["Content-Language"] == "uz"


@pytest.mark.parametrize("cookie", ["", "xx", "uz", "de"])
def test_without_another_language_remembered_the_default_is_served(db: Any, cookie: str) -> None:
    response = next_visit(cookie).get("/track/")
    assert response.status_code == 200
    assert response["Content-Language"] == "uz"


def test_unprefixed_pages_vary_with_the_cookie(db: Any) -> None:
    assert "Cookie" in next_visit("").get("/track/")["Vary"]


def test_the_api_and_the_language_switch_are_left_alone(db: Any) -> None:
    client = next_visit("ru")
    assert client.get("/api/v1/services").status_code == 200
    assert client.get("/healthz").status_code in (200, 204)


def test_staff_are_signed_in_and_land_in_the_remembered_language(world: Any) -> None:
    client = next_visit("ru")
    response = client.get("/desk/", follow=True)
    assert response.redirect_chain[0] == ("/ru/desk/", 302)
    assert response.redirect_chain[-1][0] == "/ru/accounts/login/?next=/ru/desk/"
    signed_in = client.post("/ru/accounts/login/?next=/ru/desk/", {"username": "op_a", "password": PASSWORD})
    assert signed_in["Location"] == "/ru/desk/"
    desk = client.get("/desk/", follow=True)
    assert desk.redirect_chain == [("/ru/desk/", 302)]
    assert desk["Content-Language"] == "ru"


def test_a_staff_link_without_prefix_after_sign_in_keeps_the_language(world: Any) -> None:
    client = next_visit("uz-cyrl")
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/?status=submitted", follow=True)
    assert response.redirect_chain == [("/uz-cyrl/desk/inbox/?status=submitted", 302)]
    assert response["Content-Language"] == "uz-cyrl"


def test_a_form_posted_to_an_unprefixed_address_is_repeated_at_the_languages_address(db: Any) -> None:
    response = next_visit("ru").post("/track/", {"number": "hello", "pinfl_last4": "1234"})
    assert response.status_code == 307
    assert response["Location"] == "/ru/track/"


def test_an_unknown_address_is_still_a_404(db: Any) -> None:
    assert next_visit("ru").get("/no-such-page/").status_code == 404
