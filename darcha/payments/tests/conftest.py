"""Page fixtures for the payment page's tests: see darcha/conftest_browser.py."""

from __future__ import annotations

from typing import Any

import pytest

from darcha.conftest_browser import *  # noqa: F403


@pytest.fixture(autouse=True)
def _plain_static(plain_static: Any) -> Any:
    return plain_static
