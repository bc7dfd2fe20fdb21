"""A centre's address in the page's language: Cyrillic given by hand, or derived from the Latin."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from darcha.centers.tests.factories import CenterFactory

LATIN = "Oʻsmat shaharchasi, Navoiy koʻchasi, 3"


def test_an_empty_cyrillic_address_is_derived_from_the_latin(db: Any) -> None:
    centre = CenterFactory(address_uz=LATIN)
    with translation.override("uz-cyrl"):
        assert centre.address == "Ўсмат шаҳарчаси, Навоий кўчаси, 3"
    with translation.override("uz"):
        assert centre.address == LATIN


def test_a_cyrillic_address_typed_by_hand_wins(db: Any) -> None:
    centre = CenterFactory(address_uz=LATIN, address_uz_cyrl="Ўсмат ш., Навоий кўч., 3")
    with translation.override("uz-cyrl"):
        assert centre.address == "Ўсмат ш., Навоий кўч., 3"


def test_russian_falls_back_to_uzbek_latin(db: Any) -> None:
    centre = CenterFactory(address_uz=LATIN, address_ru="")
    with translation.override("ru"):
        assert centre.address == LATIN
    centre.address_ru = "пгт Усмат, улица Навои, 3"
    with translation.override("ru"):
        assert centre.address == "пгт Усмат, улица Навои, 3"
