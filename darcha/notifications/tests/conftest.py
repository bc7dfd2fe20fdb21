"""Outbox fixtures: the test template registered for every test, and the counting gateway."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from darcha.notifications import templates
from darcha.notifications.tests.gateways import CountingGateway
from darcha.notifications.tests.helpers import GREETING, greeting


@pytest.fixture(autouse=True)
def greeting_template() -> Iterator[str]:
    templates.register(GREETING)(greeting)
    yield GREETING
    templates._templates.pop(GREETING, None)


@pytest.fixture
def gateway(settings: Any) -> Iterator[type[CountingGateway]]:
    CountingGateway.reset()
    settings.SMS_GATEWAY = "darcha.notifications.tests.gateways.CountingGateway"
    yield CountingGateway
    CountingGateway.reset()


@pytest.fixture
def plain_static(settings: Any) -> None:
    """Admin pages use the static files; tests have no collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
