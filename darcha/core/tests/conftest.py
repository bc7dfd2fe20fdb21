"""Page fixtures for the core tests: pages render without `collectstatic` (see darcha/conftest_browser.py)."""

from typing import Any

import pytest

from darcha.conftest_browser import PLAIN_STATIC


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = PLAIN_STATIC
