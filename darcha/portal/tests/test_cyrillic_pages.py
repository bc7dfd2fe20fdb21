"""Every text on an Uzbek Cyrillic page is Cyrillic: ours, Django's, data (names, addresses, hours).

Many elderly rural citizens read only Cyrillic. The test walks the pages citizens and staff use in
uz-cyrl and flags every Latin word that is not one of the things Cyrillic texts write in Latin: codes,
addresses of pages, numbers and application numbers, the masked PINFL, the international abbreviations
and product names of the transliteration lexicon (QR, SMS, ID …), Roman numerals and the brand.

People's names are left out: they are written as in the identity document (Latin on ID cards), which
is what the citizen and the operator compare them with.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from darcha.applications.tests.factories import submit
from darcha.applications.tracking import tracking_path
from darcha.centers.models import OpeningHours
from darcha.core.translit import lexicon
from darcha.people.pinfl import make_pinfl

PREFIX = "/uz-cyrl"
BRAND = {"Darcha"}
# Scripts, and codes marked as such (the two-step sign-in's secret key is <code>).
_SKIPPED_TAGS = {"script", "style", "code", "kbd", "samp"}
_READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
_LATIN_WORD = re.compile(r"[A-Za-zʻʼ'‘’`]*[A-Za-z][A-Za-zʻʼ'‘’`]*")
_ALLOWED_TOKEN = re.compile(
    r"""^(?:
        \S*://\S* | /\S* | \S+@\S+ | [\w-]+(?:\.[\w-]+)+      # links, paths, addresses, domains
      | DX(?:-[\dX…]+)*                                        # application numbers
      | \S*\d\S* | \S*_\S*                                     # numbers, codes (SERVICE_X, op_a)
    )$""",
    re.VERBOSE,
)


class _VisibleText(HTMLParser):
    """The text a reader sees or hears, leaving out parts marked as another language (the language
    switcher names each language in itself), scripts and codes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(skip for _tag, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        skip = tag in _SKIPPED_TAGS or (bool(lang) and lang != "uz-cyrl" and tag != "html")
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self._stack.append((tag, skip))
        if self._hidden() or skip:
            return
        self.parts += [values[name] or "" for name in _READ_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def latin_words(html: str, *, names: tuple[str, ...] = ()) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for name in names:
        text = text.replace(name, " ")
    allowed = lexicon().keep | BRAND
    found = []
    for token in text.split():
        token = token.strip('.,;:!?()[]«»"“”—–·')
        if not token or _ALLOWED_TOKEN.match(token):
            continue
        for word in _LATIN_WORD.findall(token):
            if word not in allowed and not re.fullmatch(r"[IVX]+", word):
                found.append(word)
    return found


def assert_cyrillic(response: Any, *, names: tuple[str, ...] = ()) -> None:
    assert response.status_code < 500, response.status_code
    assert response["Content-Language"] == "uz-cyrl"
    words = latin_words(response.content.decode(), names=names)
    assert not words, f"{response.request['PATH_INFO']}: Latin words on a Cyrillic page: {sorted(set(words))}"


@pytest.fixture
def cyrillic_world(world: Any) -> Any:
    cache.clear()
    centre = world.center_a
    centre.address_uz = "Sariosiyo shaharchasi, Mustaqillik koʻchasi, 12"
    centre.phone = "+998760000001"
    centre.save()
    for day in range(6):
        OpeningHours.objects.create(center=centre, weekday=day, opens=dt.time(9), closes=dt.time(18 if day < 5 else 15))
    return world


def names_of(citizen: Any) -> tuple[str, ...]:
    return tuple(part for part in (citizen.last_name, citizen.first_name, citizen.patronymic) if part)


def test_the_public_pages(client: Client, cyrillic_world: Any) -> None:
    world = cyrillic_world
    for path in ("/", "/services/", "/services/?q=xizmat", f"/services/{world.service_x.code}/", "/track/"):
        assert_cyrillic(client.get(PREFIX + path))
    assert_cyrillic(client.get(PREFIX + "/no-such-page/"))


def test_tracking_its_errors_and_its_result(client: Client, cyrillic_world: Any) -> None:
    world = cyrillic_world
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    assert_cyrillic(client.post(PREFIX + "/track/", {"number": "", "pinfl_last4": ""}))
    assert_cyrillic(client.post(PREFIX + "/track/", {"number": "hello", "pinfl_last4": "12"}))
    assert_cyrillic(client.post(PREFIX + "/track/", {"number": application.number, "pinfl_last4": "0000"}))
    found = client.post(PREFIX + "/track/", {"number": application.number, "pinfl_last4": world.citizen.pinfl[-4:]})
    assert found.status_code == 200
    assert_cyrillic(found)
    with translation.override("uz-cyrl"):
        link = tracking_path(application)
    response = client.get(link)
    assert response.status_code == 200
    assert_cyrillic(response)


def test_sign_in(client: Client, cyrillic_world: Any) -> None:
    assert_cyrillic(client.get(PREFIX + "/accounts/login/"))
    assert_cyrillic(client.post(PREFIX + "/accounts/login/", {"username": "op_a", "password": "wrong"}))
    assert_cyrillic(client.post(PREFIX + "/accounts/login/", {"username": "", "password": ""}))


def test_the_desk_and_the_receipt(client: Client, cyrillic_world: Any) -> None:
    world = cyrillic_world
    client.force_login(world.operator_a)
    names = names_of(world.citizen)
    assert_cyrillic(client.get(PREFIX + "/desk/"))
    assert_cyrillic(client.post(PREFIX + "/desk/find/", {"pinfl": "123"}))
    client.post(
        PREFIX + "/desk/find/", {"pinfl": make_pinfl(birth_date=dt.date(1990, 5, 17), sex="M", area=5, serial=7)}
    )
    assert_cyrillic(client.get(PREFIX + "/desk/register/"))
    assert_cyrillic(client.post(PREFIX + "/desk/register/", {"birth_date": "17/05/1990"}))
    client.post(PREFIX + "/desk/find/", {"pinfl": world.citizen.pinfl})
    assert_cyrillic(client.get(PREFIX + "/desk/"), names=names)
    assert_cyrillic(client.get(PREFIX + "/desk/", {"q": "xizmat"}), names=names)
    assert_cyrillic(client.get(PREFIX + f"/desk/apply/{world.service_x.code}/"), names=names)
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    assert_cyrillic(client.get(PREFIX + f"/desk/receipt/{application.number}/"), names=names)


def test_the_case_page_inbox_and_overview(client: Client, cyrillic_world: Any) -> None:
    world = cyrillic_world
    names = names_of(world.citizen)
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    client.force_login(world.officer_x)
    assert_cyrillic(client.get(PREFIX + "/desk/inbox/"), names=names)
    assert_cyrillic(client.get(PREFIX + f"/desk/applications/{application.number}/"), names=names)
    client.force_login(world.manager_a)
    assert_cyrillic(client.get(PREFIX + "/desk/overview/"), names=names)


def test_two_step_sign_in(client: Client, cyrillic_world: Any, two_factor: Any) -> None:
    client.force_login(cyrillic_world.operator_a)
    assert_cyrillic(client.get(PREFIX + "/accounts/two-step/setup/"))
    assert_cyrillic(client.post(PREFIX + "/accounts/two-step/setup/", {"code": "12"}))


def test_the_check_itself_flags_latin_and_lets_codes_through() -> None:
    html = (
        '<html lang="uz-Cyrl"><title>Кириш</title><p>Parol нотўғри. Dush–Jum 09:00</p>'
        '<p lang="ru">Русский</p><button lang="en">English</button><code>ABCD EFGH</code>'
        "<p>DX-2026-101-000123-4, SERVICE_X, /api/v1/docs, https://my.gov.uz, QR код, SMS, II гуруҳ, Darcha</p>"
        '<input type="submit" value="Save"><a aria-label="Next page" href="/x">→</a></html>'
    )
    assert latin_words(html) == ["Parol", "Dush", "Jum", "Save", "Next", "page"]
