"""Control characters in a URL or a form field are a 400, never a 500, on pages, the admin and the API.

PostgreSQL cannot store NUL in text at all (psycopg raises ValueError), so before the middleware a
`%00` that reached a query was a 500 there; on SQLite it went through. CI runs this file on both.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from darcha.core.middleware import has_control_characters

PAGE_TITLE = "The request could not be read"
API_DETAIL = "The request contains characters that are not allowed (control characters)."


def assert_bad_request_page(response: Any) -> None:
    assert response.status_code == 400
    assert PAGE_TITLE in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/services/?q=%00",
        "/services/?q=abc%1B[31m",
        "/services/?%00=1",
        "/services/%00/",
        "/services/SERVICE_X%00/",
        "/track/?number=%00",
        "/%00",
        "/accounts/login/?next=%00",
        "/services/%09/",  # any control character in a path, tab included
    ],
)
def test_control_characters_in_a_page_url_are_a_400(client: Any, world: Any, path: str) -> None:
    assert_bad_request_page(client.get(path))


def test_a_nul_in_a_form_field_is_a_400(client: Any, world: Any) -> None:
    assert_bad_request_page(client.post("/track/", {"number": "DX-2026\x00", "pinfl_last4": "1234"}))
    assert_bad_request_page(client.post("/accounts/login/", {"username": "op_a\x00", "password": "x"}))


def test_a_nul_in_a_multipart_form_field_is_a_400(client: Any, world: Any) -> None:
    response = client.post("/accounts/login/", {"username": "op\x00", "password": "x"}, format="multipart")
    assert_bad_request_page(response)


def test_tab_and_line_breaks_in_a_form_field_are_ordinary_text(client: Any, world: Any) -> None:
    response = client.post("/track/", {"number": "DX-2026\t\r\n", "pinfl_last4": "1234"})
    assert response.status_code != 400 and PAGE_TITLE not in response.content.decode()  # the form's own answer


def test_uploaded_files_may_hold_any_bytes() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\x00\x01\x1b binary")
    request = RequestFactory().post("/desk/", {"note": "ok", "scan": upload})
    assert not has_control_characters(request)


def test_the_bad_request_page_is_translated(client: Any, world: Any) -> None:
    response = client.get("/ru/services/?q=%00")
    assert response.status_code == 400 and response["Content-Language"] == "ru"
    with translation.override("ru"):
        russian = gettext(PAGE_TITLE)
    assert russian != PAGE_TITLE and russian in response.content.decode()


def test_control_characters_in_the_admin_are_a_400(admin_client: Any, world: Any) -> None:
    assert_bad_request_page(admin_client.get("/admin/catalog/service/?q=%00"))
    assert_bad_request_page(admin_client.get("/admin/catalog/service/%00/change/"))
    assert_bad_request_page(admin_client.post("/admin/catalog/agency/add/", {"code": "x\x00"}))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/services?q=%00",
        "/api/v1/services/%00",
        "/api/v1/centers?region=%01",
        "/api/v1/public/track?number=DX%00&pinfl_last4=1234",
        "/api/v1/%00",
    ],
)
def test_control_characters_in_an_api_url_are_a_json_400(client: Any, world: Any, path: str) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": API_DETAIL, "code": "bad_request"}


def test_the_api_answers_in_the_clients_language(client: Any, db: Any) -> None:
    response = client.get("/api/v1/services?q=%00", HTTP_ACCEPT_LANGUAGE="ru")
    with translation.override("ru"):
        russian = gettext(API_DETAIL)
    assert russian != API_DETAIL and response.json()["detail"] == russian
