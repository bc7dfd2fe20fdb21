"""The whole journey in a real browser: operator intake, back-office decision, public tracking.

Runs against pytest-django's live server with Debian's chromium (fixtures: darcha/conftest_browser.py).
Staff pages are driven in English (stable button texts); the public part runs in all four languages,
so it finds its controls by structure, not by text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from darcha.accounts.tests.factories import PASSWORD
from darcha.applications.models import Application
from darcha.applications.tracking import tracking_path
from darcha.conftest_browser import read_db
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PINFL = make_pinfl(birth_date=dt.date(1990, 5, 17), sex="M", area=5, serial=7)


def take_application(page: Any, live: Any, *, javascript: bool) -> str:
    """Operator at centre A: find an unknown PINFL, register, choose SERVICE_X, submit. Returns the number."""
    live.sign_in(page, "op_a", PASSWORD)
    expect(page).to_have_url(re.compile(r"/en/desk/$"))

    page.fill("#id_pinfl", NEW_PINFL)
    page.click("button:has-text('Find')")
    expect(page.locator("h1")).to_have_text("Register a citizen")
    # The PINFL came through the session, and birth date and sex were read from it.
    expect(page.locator("#id_pinfl")).to_have_value(NEW_PINFL)
    expect(page.locator("#id_birth_date")).to_have_value("17.05.1990")  # DD.MM.YYYY whatever the browser locale
    expect(page.locator("input[name=sex][value=M]")).to_be_checked()
    assert NEW_PINFL not in page.url
    page.fill("#id_last_name", "Toshmatov")
    page.fill("#id_first_name", "Bahodir")
    page.fill("#id_phone", "90 123 45 67")
    page.click("button:has-text('Register and continue')")

    expect(page.locator("[data-citizen-name]")).to_have_text("Toshmatov Bahodir")
    expect(page.locator("[data-service=SERVICE_Y]")).to_be_visible()
    if javascript:
        # htmx filters as the operator types: no submit needed.
        page.locator("#id_q").press_sequentially("service_x", delay=30)
    else:
        page.fill("#id_q", "SERVICE_X")
        page.click("form[role=search] button:has-text('Search')")
    expect(page.locator("[data-service=SERVICE_Y]")).to_have_count(0)
    page.click("[data-service=SERVICE_X] a:has-text('Choose')")

    # Nothing ticked yet: the mandatory document shows as missing.
    expect(page.locator("[data-missing-documents]")).to_be_visible()
    expect(page.locator("[data-fee-total]")).to_have_attribute("data-fee-total", "412000")
    page.check("input[name=documents][value=passport]")
    if javascript:
        page.check("input[name=channel][value=online]")
        expect(page.locator("[data-fee-total]")).to_have_attribute("data-fee-total", "370800")
        page.check("input[name=channel][value=front_desk]")
    else:
        page.click("button:has-text('Recalculate the fee')")
    expect(page.locator("[data-missing-documents]")).to_have_count(0)
    expect(page.locator("[data-fee-total]")).to_have_attribute("data-fee-total", "412000")
    page.click("button:has-text('Submit the application')")

    # The receipt.
    number_el = page.locator("[data-number]")
    expect(number_el).to_be_visible()
    number = number_el.get_attribute("data-number") or ""
    assert re.fullmatch(r"DX-\d{4}-101-\d{6}-\d", number)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "accepted")
    expect(page.locator("[data-due]")).to_have_attribute("data-due", re.compile(r"\d{4}-\d{2}-\d{2}"))
    expect(page.locator("figure.qr svg[role=img]")).to_have_count(1)
    expect(page.locator("figure.qr")).to_contain_text(f"/track/{number}/")
    print_button = page.locator("[data-print]")
    if javascript:
        expect(print_button).to_be_visible()
    else:
        expect(print_button).to_be_hidden()
    return number


def decide(page: Any, live: Any, number: str) -> None:
    """The justice officer opens the case from the inbox, starts the review and approves."""
    live.sign_in(page, "off_x", PASSWORD)
    expect(page).to_have_url(re.compile(r"/en/desk/inbox/$"))
    page.click(f"a:has-text('{number}')")
    expect(page.locator("h1")).to_contain_text(number)
    page.click("button:has-text('Start review')")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "in_review")
    page.click("button:has-text('Approve')")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    expect(page.locator("table")).to_contain_text("off_x")


def track(page: Any, number: str, last4: str) -> None:
    page.fill("#id_number", number)
    page.fill("#id_pinfl_last4", last4)
    page.click("form[action$='/track/'] button[type=submit]")
    expect(page.locator("[data-result] [data-status]")).to_have_attribute("data-status", "approved")
    expect(page.locator("[data-result]")).not_to_contain_text("Toshmatov")


def test_operator_takes_application_officer_approves_citizen_tracks_in_four_languages(
    world: Any, live: Any, browser: Any
) -> None:
    world.service_x.versions.update(online_fee_percent=90)
    page = browser.new_page()
    number = take_application(page, live, javascript=True)
    live.sign_out(page)
    decide(page, live, number)
    live.sign_out(page)

    # The receipt's QR link shows the status at once, no digits to type.
    page.goto(live(read_db(lambda: tracking_path(Application.objects.get(number=number)))))
    expect(page.locator("[data-result] [data-status]")).to_have_attribute("data-status", "approved")
    expect(page.locator("[data-result]")).not_to_contain_text("Toshmatov")

    # Typing the number: the page fills it in from ?number= and asks for the digits.
    page.goto(live(f"/track/?number={number}"))
    expect(page.locator("html")).to_have_attribute("lang", "uz")
    expect(page.locator("#id_number")).to_have_value(number)
    track(page, number, NEW_PINFL[-4:])

    # On the Cyrillic page the number is typed as a Cyrillic reader would: ДХ in Cyrillic letters,
    # lower case, spaces for dashes; the page finds the case printed as DX-….
    typed_in_cyrillic = number.replace("DX", "дх").replace("-", " ")
    for code, html_lang, typed in [
        ("ru", "ru", number),
        ("en", "en", number),
        ("uz-cyrl", "uz-Cyrl", typed_in_cyrillic),
        ("uz", "uz", number),
    ]:
        page.click(f".lang-switch button[value='{code}']")
        expect(page.locator("html")).to_have_attribute("lang", html_lang)
        track(page, typed, NEW_PINFL[-4:])
        expect(page.locator("html")).to_have_attribute("lang", html_lang)
    page.close()


def test_desk_journey_works_without_javascript(world: Any, live: Any, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    number = take_application(page, live, javascript=False)
    live.sign_out(page)
    decide(page, live, number)
    live.sign_out(page)
    page.goto(live("/track/"))
    track(page, number, NEW_PINFL[-4:])
    context.close()


@pytest.mark.parametrize(
    ("language", "submit_label", "details_label"),
    [
        ("ru", "Подать заявление", "Обновить данные"),
        ("uz-cyrl", "Аризани топшириш", "Маълумотларни янгилаш"),
    ],
)
def test_back_and_submit_again_and_update_details_in_russian_and_uzbek_cyrillic(
    world: Any, live: Any, browser: Any, language: str, submit_label: str, details_label: str
) -> None:
    """The operator presses Back after the receipt and Submit again: the same receipt, no second case.
    Then corrects the citizen's phone through "Update details" (audited, the old value kept)."""
    page = browser.new_page()
    live.sign_in(page, "op_a", PASSWORD, language=language)
    page.fill("#id_pinfl", world.citizen.pinfl)
    page.click("form[action$='/find/'] button[type=submit]")
    expect(page.locator("[data-citizen-name]")).to_be_visible()
    page.click("[data-service=SERVICE_X] a")
    page.check("input[name=documents][value=passport]")
    page.click(f"button:has-text('{submit_label}')")
    number = page.locator("[data-number]").get_attribute("data-number")
    page.go_back()
    expect(page.locator(f"button:has-text('{submit_label}')")).to_be_visible()
    page.click(f"button:has-text('{submit_label}')")
    expect(page.locator("[data-number]")).to_have_attribute("data-number", number or "")
    assert read_db(lambda: Application.objects.filter(applicant=world.citizen).count()) == 1

    page.goto(live(f"/{language}/desk/"))
    page.click(f"a:has-text('{details_label}')")
    page.fill("#id_phone", "+998 93 555 44 33")
    page.fill("#id_reason", "yangi raqam")
    page.click("form[action$='/citizen/details/'] button[type=submit]")
    expect(page.locator("[data-citizen-name]")).to_be_visible()
    citizen = read_db(lambda: Citizen.objects.prefetch_related("changes").get(pk=world.citizen.pk))
    assert citizen.phone == "+998935554433"
    assert [c.old_value for c in citizen.changes.all()] == ["+998901234567"]
    page.close()
