"""Template helpers every page may use: language tags and money (no app's vocabulary here)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import gettext as _

from darcha.core import i18n

register = template.Library()


@register.filter
def html_lang(code: str | None) -> str:
    """BCP 47 tag for <html lang> (darcha.core.i18n.html_lang)."""
    return i18n.html_lang(code)


@register.filter
def uzs(amount: Any) -> str:
    """412000 -> "412 000 soʻm" (non-breaking spaces keep the amount on one line)."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    digits = f"{value:,}".replace(",", "\u00a0")
    currency = _("UZS")  # outside the f-string, where xgettext can find it
    return f"{digits}\u00a0{currency}"


@register.simple_tag(takes_context=True)
def switch_language_next(context: template.Context) -> str:
    """The current page's address in the default language, as `next` for /i18n/setlang/.

    set_language runs in the default language (its URL has no prefix) and can only translate an
    address it can resolve there, so /ru/track/ must be handed over as /track/.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.simple_tag
def native_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES as written there: each language named in itself, never translated."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]
