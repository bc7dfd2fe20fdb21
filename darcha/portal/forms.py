"""Forms of the public site."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from darcha.applications.numbers import InvalidNumber, parse
from darcha.applications.tracking import pinfl_last_four
from darcha.catalog.choices import Category
from darcha.core.errors import ValidationFailed
from darcha.core.forms import DarchaForm


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("All categories")), *Category.choices]
        self.fields["q"].widget.input_type = "search"


class TrackForm(DarchaForm):
    """The number as the citizen types it (any case, Cyrillic look-alikes, spaces, no dashes, digits
    only) and the last four PINFL digits; each field says precisely what is wrong with it."""

    number = forms.CharField(
        label=_("Application number"),
        max_length=60,
        help_text=_("As printed on your receipt, for example DX-2026-101-000123-4."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    pinfl_last4 = forms.CharField(
        label=_("Last four digits of your PINFL"),
        max_length=20,
        help_text=_("The last four digits of the 14-digit personal number on your ID card."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input-short", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_number(self) -> str:
        try:
            return parse(self.cleaned_data["number"])
        except InvalidNumber as error:
            raise forms.ValidationError(str(error.message), code=error.code) from error

    def clean_pinfl_last4(self) -> str:
        try:
            return pinfl_last_four(self.cleaned_data["pinfl_last4"])
        except ValidationFailed as error:
            raise forms.ValidationError(str(error.message), code=error.code) from error
