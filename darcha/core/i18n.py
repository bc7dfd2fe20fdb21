"""Texts stored per language in the database (catalog, geography).

Models keep one column per language: `name_uz`, `name_uz_cyrl`, `name_ru`, `name_en`.
`localized(obj, "name")` picks the active language and falls back to Uzbek (Latin), then English.
An empty Uzbek Cyrillic text is derived from the Uzbek Latin one (darcha.core.translit): a Cyrillic
page shows Cyrillic even where nobody filled the Cyrillic column in.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from darcha.core.translit import latin_to_cyrillic

LANGUAGE_SUFFIXES = {"uz": "uz", "uz-cyrl": "uz_cyrl", "ru": "ru", "en": "en"}
# BCP 47 tags for `lang` attributes: Django's "uz-cyrl" is written uz-Cyrl on the web.
HTML_LANG = {"uz": "uz", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}


def html_lang(code: str | None) -> str:
    code = (code or "uz").lower()
    return HTML_LANG.get(code, code)


def language_suffix(language: str | None = None) -> str:
    code = (language or translation.get_language() or "uz").lower()
    return LANGUAGE_SUFFIXES.get(code, LANGUAGE_SUFFIXES.get(code.split("-")[0], "uz"))


def localized(obj: Any, field: str, language: str | None = None) -> str:
    suffix = language_suffix(language)
    if suffix == "uz_cyrl" and not getattr(obj, f"{field}_uz_cyrl", ""):
        latin = getattr(obj, f"{field}_uz", "") or ""
        if latin:
            return latin_to_cyrillic(str(latin))
    for candidate in (suffix, "uz", "en"):
        value = getattr(obj, f"{field}_{candidate}", "") or ""
        if value:
            return str(value)
    return ""


def localized_fields(field: str) -> list[str]:
    return [f"{field}_{suffix}" for suffix in LANGUAGE_SUFFIXES.values()]
