"""A tracking number is accepted however it is typed, and a wrong one is told precisely what is wrong.

The Uzbek Cyrillic page once showed the example as "ДХ-…" while receipts print "DX-…"; citizens type
what they see, in either script, in lower case, with spaces or without dashes, or the digits alone.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from darcha.applications.numbers import EXAMPLE, InvalidNumber, format_number, parse
from darcha.applications.tests.factories import submit
from darcha.portal.forms import TrackForm

numbers = st.builds(
    lambda year, block, seq: format_number(year=year, block=block, sequence=seq),
    st.integers(2000, 2099),
    st.integers(0, 999),
    st.integers(0, 999_999),
)
PREFIXES = ["DX", "dx", "Dx", "dX", "ДХ", "дх", "Дх", "DХ", "ДX", ""]
SEPARATORS = ["-", " ", "", " - ", "–", "—", ".", "/", "  "]


@st.composite
def typed(draw: Any, number: str) -> str:
    """The number as someone might type it: any prefix form or none, any separators, spaces around."""
    groups = number.split("-")[1:]
    prefix = draw(st.sampled_from(PREFIXES))
    text = prefix + draw(st.sampled_from(SEPARATORS)) if prefix else ""
    for i, group in enumerate(groups):
        text += group + (draw(st.sampled_from(SEPARATORS)) if i < len(groups) - 1 else "")
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "\n"]))


@given(data=st.data(), number=numbers)
def test_any_valid_number_typed_in_any_of_these_ways_parses(data: Any, number: str) -> None:
    assert parse(data.draw(typed(number))) == number


@given(data=st.data(), number=numbers)
def test_any_single_digit_changed_is_reported_as_a_mistyped_digit(data: Any, number: str) -> None:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    position = data.draw(st.sampled_from(digits))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    with pytest.raises(InvalidNumber) as caught:
        parse(data.draw(typed(number[:position] + wrong + number[position + 1 :])))
    assert caught.value.code == "number_mistyped"


@given(data=st.data(), number=numbers)
def test_two_neighbouring_digits_swapped_are_a_mistyped_digit(data: Any, number: str) -> None:
    body = number.replace("-", "")[2:]
    i = data.draw(st.integers(0, len(body) - 2))
    if body[i] == body[i + 1]:
        return
    with pytest.raises(InvalidNumber) as caught:
        parse("DX" + body[:i] + body[i + 1] + body[i] + body[i + 2 :])
    assert caught.value.code == "number_mistyped"


@given(data=st.data(), number=numbers)
def test_a_digit_left_out_or_added_is_a_wrong_count(data: Any, number: str) -> None:
    body = number.replace("-", "")[2:]
    i = data.draw(st.integers(0, len(body) - 1))
    for wrong in (body[:i] + body[i + 1 :], body[:i] + "7" + body[i:]):
        with pytest.raises(InvalidNumber) as caught:
            parse("DX-" + wrong)
        assert caught.value.code == "number_length"


@pytest.mark.parametrize("text", ["", "hello", "DX-2026-1O1-000123-4", "DY-2026-101-000123-4", "٢٠٢٦"])
def test_what_cannot_be_a_number_is_malformed(text: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse(text)
    assert caught.value.code == "number_malformed"


def test_each_mistake_has_its_own_message() -> None:
    good = format_number(year=2026, block=101, sequence=123)
    mistyped = good[:-1] + str((int(good[-1]) + 1) % 10)
    messages = {}
    for text in ("hello", good[:-3], mistyped):
        with pytest.raises(InvalidNumber) as caught:
            parse(text)
        messages[caught.value.code] = str(caught.value.message)
    assert "for example DX-2026-101-000123-4" in messages["number_malformed"]
    assert "this one has 12 digits" in messages["number_length"]
    assert "mistyped" in messages["number_mistyped"] and "format" not in messages["number_mistyped"]


@pytest.mark.parametrize("language", ["uz", "uz-cyrl", "ru", "en"])
def test_examples_show_the_number_as_printed_in_every_language(language: str) -> None:
    with translation.override(language):
        assert EXAMPLE in str(TrackForm().fields["number"].help_text)
        with pytest.raises(InvalidNumber) as caught:
            parse("hello")
        assert EXAMPLE in str(caught.value.message)


# --- the form and the API -------------------------------------------------------------------------


@pytest.fixture
def application(world: Any) -> Any:
    cache.clear()
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


def cyrillic_lower(number: str) -> str:
    return number.replace("DX", "дх").replace("-", " ")


def test_the_page_finds_a_number_typed_in_cyrillic_lower_case(client: Client, world: Any, application: Any) -> None:
    typed_number = cyrillic_lower(application.number)
    response = client.post("/track/", {"number": typed_number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert response.status_code == 200
    assert f'data-status="{application.status}"' in response.content.decode()


def test_the_page_finds_the_digits_alone(client: Client, world: Any, application: Any) -> None:
    digits = application.number.replace("-", "")[2:]
    response = client.post("/track/", {"number": digits, "pinfl_last4": " " + world.citizen.pinfl[-4:] + " "})
    assert response.status_code == 200


def test_the_page_says_a_digit_is_mistyped(client: Client, world: Any, application: Any) -> None:
    number = application.number
    mistyped = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = client.post("/track/", {"number": mistyped, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert response.status_code == 422
    assert response.context["form"].errors["number"] == [
        "A digit of this number is mistyped. Check each digit against your receipt."
    ]


@pytest.mark.parametrize("last4", ["123", "12345", "12a4", ""])
def test_the_page_asks_for_the_last_four_digits(client: Client, world: Any, application: Any, last4: str) -> None:
    response = client.post("/track/", {"number": application.number, "pinfl_last4": last4})
    assert response.status_code == 422
    errors = response.context["form"].errors["pinfl_last4"]
    assert errors == ["Enter the last four digits of your PINFL, for example 4821."] or (
        last4 == "" and errors == ["This field is required."]
    )


def api_track(client: Client, number: str, last4: str) -> Any:
    body = json.dumps({"number": number, "pinfl_last4": last4})
    return client.post("/api/v1/public/track", body, content_type="application/json")


def test_the_api_accepts_a_number_typed_in_cyrillic(client: Client, world: Any, application: Any) -> None:
    response = api_track(client, cyrillic_lower(application.number), world.citizen.pinfl[-4:])
    assert response.status_code == 200
    assert response.json()["number"] == application.number


def test_the_api_says_what_is_wrong_with_a_number(client: Client, world: Any, application: Any) -> None:
    number = application.number
    mistyped = number[:-1] + str((int(number[-1]) + 1) % 10)
    cases = {"number_mistyped": mistyped, "number_length": number[:-2], "number_malformed": "DX-abc"}
    for code, text in cases.items():
        response = api_track(client, text, world.citizen.pinfl[-4:])
        assert response.status_code == 422, code
        assert response.json()["code"] == code
        assert response.json()["field"] == "number"
