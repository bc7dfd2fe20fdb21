"""Fixtures for the page tests and the browser tests (Playwright driving Debian's chromium).

pytest only discovers fixtures in conftest.py files, so darcha/portal/tests/conftest.py and
darcha/applications/tests/conftest.py import everything from here. What is here:

- `plain_static` (autouse there): serves static files from the finders, so page tests need no
  `collectstatic` (the manifest storage of production would fail on a missing manifest).
- `browser`: a headless chromium from /usr/bin/chromium (never `playwright install`).
- `live`: the live server's base URL with the cache emptied (the cache table outlives the
  transactional test database's flush; rate limits are in a model table, which the flush empties),
  plus `sign_in` / `sign_out` helpers.
- `axe_violations`: runs axe-core on a page and returns the serious and critical violations.

Playwright's sync API runs an asyncio loop in the main thread; Django refuses database calls
from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The test process is
not serving async requests, so this is safe here (and only here).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def plain_static(settings: Any) -> Any:
    settings.STORAGES = PLAIN_STATIC
    return settings


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/ensure-chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


T = TypeVar("T")


def read_db(query: Callable[[], T]) -> T:
    """Run a database read from a browser test and close the connection it used.

    While Playwright's event loop runs, Django gives such a read a connection of its own (connections
    are kept per async context) that nothing else closes: PostgreSQL then cannot drop the test
    database at the end ("being accessed by other users").
    """
    from django.db import connection

    try:
        return query()
    finally:
        connection.close()


class Live:
    """The live server, and the moves every journey repeats."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def __call__(self, path: str) -> str:
        return self.url + path

    def sign_in(self, page: Any, username: str, password: str, *, language: str = "en") -> None:
        """Staff journeys run in English so that button texts stay stable as translations arrive."""
        prefix = "" if language == "uz" else f"/{language}"
        page.goto(self(f"{prefix}/accounts/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_load_state()

    def sign_out(self, page: Any) -> None:
        page.click("form[action$='/accounts/logout/'] button[type=submit]")
        page.wait_for_load_state()


@pytest.fixture
def live(live_server: Any, plain_static: Any) -> Iterator[Live]:
    from django.core.cache import cache
    from django.db import connections

    cache.clear()
    yield Live(live_server.url)
    connections.close_all()


@pytest.fixture
def axe_violations() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page: Any) -> list[dict[str, Any]]:
        results = axe.run(page)
        return [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]

    return run
