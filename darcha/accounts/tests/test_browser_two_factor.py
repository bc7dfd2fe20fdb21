"""The two-step sign-in in a real browser: enrol, keep the codes, sign in again with a code.

Once with JavaScript switched off (the pages need none), once with axe-core checking every page, with
and without errors, for serious or critical WCAG violations (axe itself needs JavaScript).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp

from darcha.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(typed_key: str, steps_ahead: int) -> str:
    """What the phone shows for the key the page displays (the code used to enrol cannot be reused)."""
    b32 = typed_key.replace(" ", "")
    return f"{totp(base64.b32decode(b32 + '=' * (-len(b32) % 8)), drift=steps_ahead):06d}"


def journey(page: Any, live: Any, check: Callable[[str], None]) -> None:
    live.sign_in(page, "op_a", PASSWORD)
    assert "/accounts/two-step/setup/" in page.url
    check("enrolment")
    page.click("form[action$='/two-step/setup/'] button[type=submit]")
    assert page.locator("#id_code_error").is_visible()
    check("enrolment with an error")

    key = page.inner_text("#secret-key")
    page.fill("#id_code", app_code(key, 0))
    page.click("form[action$='/two-step/setup/'] button[type=submit]")
    assert "/two-step/recovery-codes/" in page.url
    assert page.locator("ol.recovery-codes li").count() == 10
    check("recovery codes")
    page.click("text=I have kept the codes: continue")
    assert page.url.endswith("/desk/")

    live.sign_out(page)
    live.sign_in(page, "op_a", PASSWORD)
    assert "/accounts/two-step/" in page.url
    check("code")
    page.fill("#id_code", "000000")
    page.click("form[action$='/two-step/'] button[type=submit]")
    assert page.locator("#id_code_error").is_visible()
    check("code with an error")
    page.fill("#id_code", app_code(key, 1))
    page.click("form[action$='/two-step/'] button[type=submit]")
    assert page.url.endswith("/desk/")


def test_two_step_sign_in_works_without_javascript(world: Any, live: Any, browser: Any, two_factor: None) -> None:
    context = browser.new_context(java_script_enabled=False)
    journey(context.new_page(), live, lambda name: None)
    context.close()


def test_two_step_pages_have_no_serious_accessibility_violations(
    world: Any, live: Any, browser: Any, axe_violations: Any, two_factor: None
) -> None:
    page = browser.new_page()
    found: dict[str, Any] = {}

    def check(name: str) -> None:
        page.wait_for_load_state()
        problems = axe_violations(page)
        if problems:
            found[name] = [{"id": v["id"], "impact": v["impact"]} for v in problems]

    journey(page, live, check)
    page.close()
    assert not found, json.dumps(found, indent=2)
