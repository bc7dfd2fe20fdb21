"""The Content-Security-Policy breaks nothing: Chromium reports no violation on any page we serve.

Chromium writes every refused script, style, image or frame to the console ("Refused to ... because
it violates the following Content Security Policy directive"); the pages are visited the way people
use them: the public site, the staff desk (htmx), the admin and the API documentation (Swagger UI).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from darcha.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page: Any) -> list[str]:
    """Collect CSP violations reported on the page's console."""
    refused: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return refused


def visit(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_public_and_staff_pages_load_under_the_policy(world: Any, live: Any, browser: Any) -> None:
    page = browser.new_page()
    refused = watch(page)
    for path in ["/", "/services/", "/services/SERVICE_X/", "/ru/track/", "/accounts/login/", "/no-such-page/"]:
        visit(page, live(path))
    live.sign_in(page, "op_a", PASSWORD)
    visit(page, live("/en/desk/"))
    page.fill("input[name=pinfl]", world.citizen.pinfl)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.close()
    assert not refused, json.dumps(refused, indent=2)


def test_admin_loads_under_the_policy(world: Any, live: Any, browser: Any) -> None:
    page = browser.new_page()
    refused = watch(page)
    live.sign_in(page, "root", PASSWORD)
    for path in [
        "/en/admin/",
        "/en/admin/catalog/service/",
        f"/en/admin/catalog/service/{world.service_x.pk}/change/",
        "/en/admin/accounts/user/add/",
        "/en/admin/centers/center/",
    ]:
        visit(page, live(path))
        assert page.locator("#content").count() == 1, path
    page.close()
    assert not refused, json.dumps(refused, indent=2)


def test_api_docs_render_under_their_policy(live: Any, browser: Any, db: Any) -> None:
    page = browser.new_page()
    refused = watch(page)
    visit(page, live("/api/v1/docs"))
    # Swagger UI ran: it fetched the schema and drew one block per endpoint.
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() > 5
    page.close()
    assert not refused, json.dumps(refused, indent=2)
