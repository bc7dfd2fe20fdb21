"""Dates are typed and shown as DD.MM.YYYY on every form, whatever the browser's or the page's language."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils import translation
from django.utils.formats import get_format

import darcha
from darcha.core.forms import DateField
from darcha.people.pinfl import make_pinfl

LANGUAGES = ["uz", "uz-cyrl", "ru", "en"]


class BirthForm(forms.Form):
    born = DateField(label="Born")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["17.05.1990", "17.5.1990", " 17.05.1990 ", "1990-05-17"])
def test_day_month_year_and_iso_are_read_in_every_language(language: str, typed: str) -> None:
    with translation.override(language):
        form = BirthForm({"born": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["born"] == dt.date(1990, 5, 17)


@pytest.mark.parametrize("typed", ["05/17/1990", "17/05/90", "1990", "31.02.1990", "17.05"])
def test_month_first_or_incomplete_dates_are_refused_with_the_format(typed: str) -> None:
    with translation.override("en"):
        form = BirthForm({"born": typed})
        assert not form.is_valid()
        assert form.errors["born"] == ["Enter the date as day.month.year, for example 17.05.1990."]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_is_shown_as_dd_mm_yyyy_in_a_text_box(language: str) -> None:
    with translation.override(language):
        html = str(BirthForm(initial={"born": dt.date(1990, 5, 17)})["born"])
    assert 'value="17.05.1990"' in html
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'inputmode="numeric"' in html


def test_the_hint_says_the_format_after_the_fields_own_help() -> None:
    field = DateField(help_text="Filled in from the PINFL.")
    with translation.override("en"):
        assert str(field.help_text) == "Filled in from the PINFL. Day.month.year, for example 17.05.1990."
    with translation.override("uz-cyrl"):
        assert "17.05.1990" in str(DateField().help_text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_widgets_and_the_admin_use_the_same_format(language: str) -> None:
    assert get_format("DATE_INPUT_FORMATS", lang=language)[0] == "%d.%m.%Y"
    assert get_format("SHORT_DATE_FORMAT", lang=language) == "d.m.Y"
    assert "%m/%d/%Y" not in get_format("DATE_INPUT_FORMATS", lang=language)


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(darcha.__path__, "darcha."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found = []
    for module_name, module in list(__import__("sys").modules.items()):
        if not module_name.startswith("darcha.") or not module_name.endswith(".forms"):
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module_name:
                found.append(value)
    return found


def test_every_date_field_of_every_form_is_the_shared_one() -> None:
    """A new form with forms.DateField (or type=date) would follow the browser's locale again."""
    checked = 0
    for form_class in _form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField):
                checked += 1
                assert isinstance(field, DateField), f"{form_class.__name__}.{name}: use darcha.core.forms.DateField"
            if isinstance(field, forms.SplitDateTimeField):
                checked += 1
                assert field.fields[0].input_formats[0] == "%d.%m.%Y", f"{form_class.__name__}.{name}"
    assert checked >= 2


def test_the_desk_registration_shows_the_birth_date_from_the_pinfl_as_dd_mm_yyyy(client: Client, world: Any) -> None:
    pinfl = make_pinfl(birth_date=dt.date(1990, 5, 17), sex="M", area=5, serial=7)
    client.force_login(world.operator_a)
    client.post("/desk/find/", {"pinfl": pinfl})
    page = client.get("/desk/register/").content.decode()
    assert 'value="17.05.1990"' in page
    assert 'type="date"' not in page


def test_the_desk_registration_reads_dd_mm_yyyy(client: Client, world: Any) -> None:
    pinfl = make_pinfl(birth_date=dt.date(1990, 5, 17), sex="M", area=5, serial=7)
    client.force_login(world.operator_a)
    client.post("/desk/find/", {"pinfl": pinfl})
    data = {"pinfl": pinfl, "last_name": "Toshmatov", "first_name": "Bahodir", "birth_date": "17.05.1990"}
    response = client.post("/desk/register/", {**data, "sex": "M", "preferred_language": "uz"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
