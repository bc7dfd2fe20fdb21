"""Page fixtures for the core tests: pages render without `collectstatic` (see darcha/conftest_browser.py)."""

from typing import Any

import pytest

from darcha.conftest_browser import PLAIN_STATIC


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = PLAIN_STATIC


@pytest.fixture
def admin_client(client: Any, db: Any) -> Any:
    """pytest-django's admin_client, with an administrator that has Darcha's role (a check constraint wants one)."""
    from darcha.accounts.tests import factories as staff

    client.force_login(staff.admin(username="site_admin"))
    return client
