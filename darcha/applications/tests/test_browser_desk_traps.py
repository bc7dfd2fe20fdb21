"""The desk journey of issue 12 in a real browser, in Russian and Uzbek Cyrillic: a double submission
makes one application, the fee is recorded at the desk, a second application for the same service is
confirmed, and a withdrawal goes through its confirmation page with a reason. axe checks the new pages.

Controls are found by structure (data attributes, names), not by their translated text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from darcha.accounts.tests.factories import PASSWORD
from darcha.applications.models import Application
from darcha.conftest_browser import read_db
from darcha.payments.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, axe_violations: Any, found: dict[str, Any], name: str) -> None:
    page.wait_for_load_state()
    problems = axe_violations(page)
    if problems:
        found[name] = [{"id": v["id"], "targets": [n["target"] for n in v["nodes"]][:5]} for v in problems]


@pytest.mark.parametrize("language", ["ru", "uz-cyrl"])
def test_double_submission_payment_duplicate_warning_and_withdrawal(
    world: Any, live: Any, browser: Any, axe_violations: Any, language: str
) -> None:
    found: dict[str, Any] = {}
    page = browser.new_page()
    live.sign_in(page, "op_a", PASSWORD, language=language)
    page.fill("#id_pinfl", world.citizen.pinfl)
    page.click("form[action$='/find/'] button[type=submit]")
    expect(page.locator("[data-current-applications]")).to_be_visible()
    page.click("[data-service=SERVICE_X] a")
    page.check("input[name=documents][value=passport]")
    submit = page.locator("button[name=intent][value=submit]")

    # Submit, Back, Submit again: the same receipt, one application.
    submit.click()
    first = page.locator("[data-number]").get_attribute("data-number") or ""
    page.go_back()
    page.locator("button[name=intent][value=submit]").click()
    expect(page.locator("[data-number]")).to_have_attribute("data-number", first)
    assert read_db(lambda: Application.objects.filter(applicant=world.citizen).count()) == 1

    # The fee, recorded at the desk from the receipt.
    expect(page.locator("[data-payment-status]")).to_have_attribute("data-payment-status", "unpaid")
    page.click("a[data-record-payment]")
    check(page, axe_violations, found, "payment form")
    page.check("input[name=method][value=terminal]")
    page.fill("#id_receipt_number", "RRN 0042")
    expect(page.locator("#id_amount")).to_have_value("412000")
    page.click("form[data-payment-form] button[type=submit]")
    expect(page.locator("[data-payment-status]")).to_have_attribute("data-payment-status", "paid")
    assert read_db(lambda: Payment.objects.get().receipt_number) == "RRN 0042"

    # "Another application for the same service": the open one is named and a confirmation is asked.
    page.click("a[href*='/apply/SERVICE_X/?another=1']")
    expect(page.locator("[data-duplicate-warning]")).to_contain_text(first)
    check(page, axe_violations, found, "application form with the duplicate warning")
    page.check("input[name=documents][value=passport]")
    page.locator("button[name=intent][value=submit]").click()
    expect(page.locator("[data-error-summary] a[href='#id_confirm_duplicate']")).to_be_visible()
    check(page, axe_violations, found, "application form: confirmation missing")
    page.check("#id_confirm_duplicate")
    page.locator("button[name=intent][value=submit]").click()
    second = page.locator("[data-number]").get_attribute("data-number") or ""
    assert second and second != first

    # The desk lists both; the second is withdrawn through its confirmation page, with a reason.
    page.goto(live(f"/{language}/desk/"))
    expect(page.locator(f"[data-current='{first}']")).to_be_visible()
    page.click(f"[data-current='{second}'] a")
    expect(page.locator("[data-action=withdraw]")).to_have_count(0)
    page.click("a[data-confirm-action=withdraw]")
    expect(page).to_have_url(re.compile(r"/confirm/withdraw/$"))
    check(page, axe_violations, found, "withdrawal confirmation")
    page.click("form[data-confirm-form] button[type=submit]")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    check(page, axe_violations, found, "withdrawal confirmation: reason missing")
    page.select_option("#id_withdraw_reason_code", "duplicate_application")
    page.click("form[data-confirm-form] button[type=submit]")
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "withdrawn")
    expect(page.locator("[data-reason]")).to_have_attribute("data-reason", "duplicate_application")
    check(page, axe_violations, found, "case page after the withdrawal")
    statuses = read_db(lambda: dict(Application.objects.values_list("number", "status")))
    assert statuses == {first: "accepted", second: "withdrawn"}
    page.close()
    assert not found, json.dumps(found, indent=2)


def test_the_withdrawal_confirmation_works_without_javascript(world: Any, live: Any, browser: Any) -> None:
    from darcha.applications.tests.factories import submit

    number = read_db(lambda: submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen).number)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    live.sign_in(page, "op_a", PASSWORD, language="ru")
    page.goto(live(f"/ru/desk/applications/{number}/"))
    page.click("a[data-confirm-action=withdraw]")
    page.select_option("#id_withdraw_reason_code", "no_longer_needed")
    page.click("form[data-confirm-form] button[type=submit]")
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "withdrawn")
    context.close()
