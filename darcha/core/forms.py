"""Form helpers shared by every page: domain errors become form errors in one place, and dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from darcha.core.errors import DomainError
from darcha.core.formats import DATE_INPUT_FORMATS
from darcha.core.i18n import html_lang

DATE_FORMAT = "%d.%m.%Y"


class DarchaForm(forms.Form):
    """A form whose errors carry the codes pages need (error summary, aria-invalid on fields)."""

    def add_domain_error(self, error: DomainError) -> None:
        apply_domain_error(self, error)


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal next to the field it names, or at the top of the form.

    Services name fields by their own argument names (e.g. `pinfl`, `representative`); forms may
    call them differently, so a form can declare `domain_fields = {"representative": "representative_pinfl"}`.
    """
    aliases: dict[str, str] = getattr(form, "domain_fields", {})
    field = aliases.get(error.field or "", error.field or "")
    if field and field in form.fields:
        form.add_error(field, str(error.message))
    else:
        form.add_error(None, str(error.message))


class DateInput(forms.DateInput):
    """A date typed as DD.MM.YYYY in a plain text box.

    Not `type=date`: a browser shows and reads that in the format of its own locale (an English
    browser at a centre shows 05/17/1990), whatever the page's language; a text box shows what every
    Uzbek document prints, 17.05.1990, and the hint says so.
    """

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"inputmode": "numeric", "autocomplete": "off", "class": "input-short", "size": "10"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)


class DateField(forms.DateField):
    """A date on any form: typed as DD.MM.YYYY (or ISO, as a date picker or a script sends it), shown as
    DD.MM.YYYY in every language, with the format in the hint and in the error."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter the date as day.month.year, for example 17.05.1990.")}

    def __init__(self, *, help_text: Any = "", **kwargs: Any) -> None:
        # Lazy: the field is built at import time, the text is translated when the page is shown.
        hint = _("Day.month.year, for example 17.05.1990.")
        super().__init__(help_text=format_lazy("{} {}", help_text, hint) if help_text else hint, **kwargs)


class LanguageSelect(forms.Select):
    """A choice of settings.LANGUAGES, each named in itself and marked with its `lang`, as the language
    switcher does: a screen reader pronounces "Русский" in Russian, and a Cyrillic page may name a
    language in its own script without that text being taken for the page's."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = html_lang(str(value))
        return option
