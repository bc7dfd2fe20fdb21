"""Uzbek Latin -> Cyrillic follows the Cyrillic orthography, tested on words in their published spelling.

The word list (data/cyrillic_words.tsv) says where each group's spellings come from; the catalog's
words come first, because they are what elderly citizens read on the service pages.
"""

from pathlib import Path

import pytest

from darcha.core.translit import LEXICON_PATH, latin_to_cyrillic, lexicon

WORDS = Path(__file__).parent / "data" / "cyrillic_words.tsv"


def _word_list() -> list[tuple[str, str, str]]:
    rows, group = [], ""
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# group:"):
            group = line.split(":", 1)[1].split("-", 1)[0].strip()
        if not line.strip() or line.startswith("#"):
            continue
        latin, cyrillic = line.split("\t")
        rows.append((group, latin, cyrillic))
    return rows


WORD_LIST = _word_list()


def test_the_word_list_is_long_enough_and_starts_with_the_catalog():
    assert len(WORD_LIST) >= 300
    assert WORD_LIST[0][0] == "catalog"
    assert all(group for group, _latin, _cyrillic in WORD_LIST), "every word belongs to a group with a source"


@pytest.mark.parametrize(("group", "latin", "cyrillic"), WORD_LIST, ids=[f"{g}:{w}" for g, w, _c in WORD_LIST])
def test_published_spelling(group, latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("apostrophe", ["ʻ", "ʼ", "'", "‘", "’", "`"])
def test_every_apostrophe_form_gives_the_same_letters(apostrophe):
    assert latin_to_cyrillic(f"ko{apostrophe}chmas mulk, ma{apostrophe}lumot, tog{apostrophe}") == (
        "кўчмас мулк, маълумот, тоғ"
    )


def test_capitals_are_kept_per_letter():
    assert latin_to_cyrillic("OʻZBEKISTON") == "ЎЗБЕКИСТОН"
    assert latin_to_cyrillic("YETISHMAYDI") == "ЕТИШМАЙДИ"
    assert latin_to_cyrillic("Yoʻl") == "Йўл"
    assert latin_to_cyrillic("OBYEKTLAR") == "ОБЪЕКТЛАР"
    assert latin_to_cyrillic("Obyektlar") == "Объектлар"


def test_uzbek_abbreviations_are_transliterated():
    assert latin_to_cyrillic("JShShIRingizning") == "ЖШШИРингизнинг"
    assert latin_to_cyrillic("BHM, DXM, FHDYo, F.I.Sh.") == "БҲМ, ДХМ, ФҲДЁ, Ф.И.Ш."


def test_international_abbreviations_and_product_names_stay_latin():
    assert latin_to_cyrillic("QR kod, ID karta, ID-kartangiz, SMS xabar, API token") == (
        "QR код, ID карта, ID-картангиз, SMS хабар, API токен"
    )
    assert latin_to_cyrillic("FreeOTP, Google Authenticator, Idempotency-Key") == (
        "FreeOTP, Google Authenticator, Idempotency-Key"
    )


def test_roman_numerals_stay_latin():
    assert latin_to_cyrillic("I-II guruh nogironlari, III guruh") == "I-II гуруҳ ногиронлари, III гуруҳ"


def test_codes_numbers_paths_and_links_are_never_transliterated():
    text = (
        "Ariza DX-2026-101-000123-4 (DX-…), xizmat ID_CARD_ISSUE, /api/v1/docs sahifasi, "
        "https://my.gov.uz/oz/service, My.gov.uz orqali, info@darcha.uz"
    )
    assert latin_to_cyrillic(text) == (
        "Ариза DX-2026-101-000123-4 (DX-…), хизмат ID_CARD_ISSUE, /api/v1/docs саҳифаси, "
        "https://my.gov.uz/oz/service, My.gov.uz орқали, info@darcha.uz"
    )


def test_a_slash_between_words_is_not_a_path():
    assert latin_to_cyrillic("Sana/vaqtni toʻgʻri kiriting.") == "Сана/вақтни тўғри киритинг."


def test_placeholders_tags_and_urls_are_kept():
    text = "Ariza %(number)s <strong>tayyor</strong> {count} https://my.gov.uz/x, %(value)r, 90% oladi, %%"
    assert latin_to_cyrillic(text) == (
        "Ариза %(number)s <strong>тайёр</strong> {count} https://my.gov.uz/x, %(value)r, 90% олади, %%"
    )


def test_text_already_in_cyrillic_is_unchanged():
    assert latin_to_cyrillic("Ўзбекистон, 12-уй") == "Ўзбекистон, 12-уй"


def test_the_lexicon_names_a_source_for_every_entry():
    for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        latin, cyrillic, match, source = line.split("\t")
        assert match in {"word", "stem", "keep"}, line
        assert source.strip(), f"no source for {latin}"
        assert (cyrillic == "=") == (match == "keep"), line
    assert {"QR", "ID", "SMS"} <= lexicon().keep
