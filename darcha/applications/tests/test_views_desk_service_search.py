"""The desk's service search says how many services match out of how many exist, and names them."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from darcha.catalog.tests.factories import make_service


def at_window(client: Client, user: Any, citizen: Any) -> None:
    client.force_login(user)
    assert client.post("/desk/find/", {"pinfl": citizen.pinfl}).status_code == 302


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_results_say_how_many_match_of_how_many(client: Client, world: Any) -> None:
    make_service(
        code="CADASTRAL_PASSPORT", name_uz="Koʻchmas mulk kadastri pasportini olish", name_en="Cadastral passport"
    )
    at_window(client, world.operator_a, world.citizen)
    response = client.get("/desk/", {"q": "kochmas pasport"}, HTTP_HX_REQUEST="true")
    assert "1 of 3 services matches." in " ".join(visible_text(response.content.decode()).split())


def test_the_results_show_names_not_codes(client: Client, world: Any) -> None:
    make_service(
        code="CADASTRAL_PASSPORT", name_uz="Koʻchmas mulk kadastri pasportini olish", name_en="Cadastral passport"
    )
    at_window(client, world.operator_a, world.citizen)
    page = visible_text(client.get("/desk/", {"q": "cadastral"}, HTTP_HX_REQUEST="true").content.decode())
    assert "Cadastral passport" in page
    assert "CADASTRAL_PASSPORT" not in page


def test_without_words_every_service_is_counted(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    page = visible_text(client.get("/desk/", HTTP_HX_REQUEST="true").content.decode())
    assert "2 of 2 services match." in " ".join(page.split())
