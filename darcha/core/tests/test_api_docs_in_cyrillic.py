"""The API's own texts in Uzbek Cyrillic keep paths, headers and codes as written (once "/апи/в1/доцс")."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

CYRILLIC = "uz-Cyrl,uz;q=0.8"


def test_the_openapi_title_and_description_follow_the_language(client: Client, db: Any) -> None:
    info = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=CYRILLIC).json()["info"]
    assert info["title"] == "Дарча API"
    description = info["description"]
    assert "Давлат хизматлари марказлари" in description
    for kept in ("`Authorization: Bearer <token>`", "`manage.py issue_token USERNAME`", "`{detail, code}`"):
        assert kept in description
    english = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()["info"]
    assert english["title"] == "Darcha API"


def test_the_docs_page_title_is_cyrillic(client: Client, db: Any) -> None:
    page = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=CYRILLIC).content.decode()
    assert re.search(r"<title>\s*Дарча API\s*</title>", page)


def test_an_unknown_api_path_points_to_the_docs_by_their_latin_path(client: Client, db: Any) -> None:
    body = client.get("/api/v1/nothing-here", HTTP_ACCEPT_LANGUAGE=CYRILLIC).json()
    assert "/api/v1/docs" in body["detail"]
    assert "апи" not in body["detail"].lower()
    assert "саҳифасига қаранг" in body["detail"]
