"""axe-core finds no serious or critical WCAG violations on the public and staff pages.

Pages are checked in the state a person meets them: empty forms, forms with errors, results.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from darcha.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, axe_violations: Any, found: dict[str, Any], name: str) -> None:
    page.wait_for_load_state()
    problems = axe_violations(page)
    if problems:
        found[name] = [
            {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]} for v in problems
        ]


def test_public_pages_have_no_serious_accessibility_violations(
    world: Any, live: Any, browser: Any, axe_violations: Any
) -> None:
    page = browser.new_page()
    found: dict[str, Any] = {}
    for name, path in [
        ("home", "/"),
        ("catalog", "/services/"),
        ("catalog search", "/services/?q=zzz&category=identity"),
        ("service", "/services/SERVICE_X/"),
        ("service (Russian)", "/ru/services/SERVICE_X/"),
        ("tracking", "/track/"),
        ("login", "/accounts/login/"),
        ("not found", "/services/NO_SUCH_SERVICE/"),
    ]:
        page.goto(live(path))
        check(page, axe_violations, found, name)

    page.goto(live("/track/"))
    page.click("form[action$='/track/'] button[type=submit]")
    check(page, axe_violations, found, "tracking with errors")
    page.fill("#id_number", "DX-2026-101-000001-4")
    page.fill("#id_pinfl_last4", "1234")
    page.click("form[action$='/track/'] button[type=submit]")
    check(page, axe_violations, found, "tracking, no match")

    page.goto(live("/accounts/login/"))
    page.fill("#id_username", "op_a")
    page.fill("#id_password", "wrong")
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    check(page, axe_violations, found, "login with errors")
    page.close()
    assert not found, json.dumps(found, indent=2)


def test_staff_pages_have_no_serious_accessibility_violations(
    world: Any, live: Any, browser: Any, axe_violations: Any
) -> None:
    page = browser.new_page()
    found: dict[str, Any] = {}
    live.sign_in(page, "op_a", PASSWORD)
    check(page, axe_violations, found, "desk: find the citizen")
    page.fill("#id_pinfl", "123")
    page.click("form[action$='/desk/find/'] button[type=submit]")
    check(page, axe_violations, found, "desk: PINFL error")
    page.goto(live("/en/desk/register/"))
    check(page, axe_violations, found, "desk: register")
    page.click("form[action$='/desk/register/'] button[type=submit]")
    check(page, axe_violations, found, "desk: register with errors")

    page.goto(live("/en/desk/"))
    page.fill("#id_pinfl", world.citizen.pinfl)
    page.click("form[action$='/desk/find/'] button[type=submit]")
    check(page, axe_violations, found, "desk: citizen and services")
    page.click("[data-service=SERVICE_X] a")
    check(page, axe_violations, found, "desk: application form")
    page.click("details summary")
    page.fill("#id_representative_pinfl", "12345678901234")
    page.click("button[name=intent][value=submit]")
    check(page, axe_violations, found, "desk: application form with errors")
    page.fill("#id_representative_pinfl", "")
    page.check("input[name=documents][value=passport]")
    page.click("button[name=intent][value=submit]")
    check(page, axe_violations, found, "receipt")
    number = page.locator("[data-number]").get_attribute("data-number")
    live.sign_out(page)

    live.sign_in(page, "off_x", PASSWORD)
    check(page, axe_violations, found, "inbox")
    page.goto(live(f"/en/desk/applications/{number}/"))
    page.click("form[data-action=start_review] button")
    check(page, axe_violations, found, "application page")
    page.click("form[data-action=request_info] button")
    check(page, axe_violations, found, "application page with errors")
    page.click("a[data-confirm-action=reject]")
    page.click("form[data-confirm-form] button[type=submit]")
    check(page, axe_violations, found, "rejection confirmation with errors")
    live.sign_out(page)

    live.sign_in(page, "mgr_a", PASSWORD)
    check(page, axe_violations, found, "overview")
    live.sign_out(page)
    live.sign_in(page, "analyst", PASSWORD)
    check(page, axe_violations, found, "overview (national, figures only)")
    live.sign_out(page)

    page.goto(live(f"/uz-cyrl/track/?number={number}"))
    page.fill("#id_pinfl_last4", world.citizen.pinfl[-4:])
    page.click("form[action$='/track/'] button[type=submit]")
    page.locator("[data-result]").wait_for()
    check(page, axe_violations, found, "tracking result (Uzbek Cyrillic)")
    page.close()
    assert not found, json.dumps(found, indent=2)
