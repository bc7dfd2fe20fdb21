"""The catalog search finds services however people type: apostrophes, scripts, keyboards, word order."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from darcha.catalog.selectors import active_services
from darcha.core.search import fold, search_key

PROPERTY = "CADASTRAL_PASSPORT"  # "Ko'chmas mulk kadastri pasportini olish"


@pytest.fixture
def catalog(db: Any) -> None:
    """The real catalog (darcha/catalog/data), loaded the way production loads it."""
    call_command("load_reference_data", stdout=io.StringIO())


def codes(query: str) -> set[str]:
    return set(active_services(query).values_list("code", flat=True))


def test_any_apostrophe_or_none_finds_the_same_services(catalog: Any) -> None:
    expected = codes("koʻchmas")
    assert PROPERTY in expected
    for typed in ["ko'chmas", "ko‘chmas", "ko’chmas", "ko`chmas", "kochmas", "KOʻCHMAS"]:
        assert codes(typed) == expected, typed


def test_cyrillic_finds_the_latin_name_also_from_a_russian_keyboard(catalog: Any) -> None:
    for typed in ["кўчмас", "кучмас", "Кўчмас мулк"]:
        assert PROPERTY in codes(typed), typed
        assert codes(typed) <= codes("kochmas"), typed


def test_words_match_in_any_order_and_all_must_match(catalog: Any) -> None:
    assert codes("kadastr pasport") == codes("pasport kadastr")
    assert {PROPERTY, "LAND_CADASTRE_PASSPORT_IJS"} <= codes("kadastr pasport")
    assert "ID_CARD_ISSUE" not in codes("kadastr pasport")
    assert codes("kadastr nikoh") == set()


def test_the_same_word_in_cyrillic_russian_and_latin(catalog: Any) -> None:
    assert PROPERTY in codes("кадастр паспорт")
    assert "PASSPORT_TRAVEL_ADULT" in codes("заграничного паспорта")  # the Russian name
    assert "WATER_CONNECTION" in codes("канализация") & codes("kanalizatsiya")
    assert "PROPERTY_BAN_CHECK" in codes("объект тақиқ") & codes("obyekt taqiq") & codes("обект такик")


def test_a_code_still_finds_its_service(catalog: Any) -> None:
    assert codes("ID_CARD_ISSUE") == {"ID_CARD_ISSUE"}


def test_folding_is_the_same_for_every_spelling() -> None:
    assert fold("Koʻchmas") == fold("kochmas") == fold("кўчмас") == ["kochmas"]
    assert fold("Qishloq xoʻjaligi") == fold("кишлок хўжалиги") == fold("қишлоқ хужалиги".replace("у", "ў"))
    key = search_key(["Koʻchmas mulk"])
    assert " kochmas " in key and " kuchmas " in key
