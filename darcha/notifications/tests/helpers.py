"""Small helpers shared by the outbox tests: a registered test template, a message, a later moment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import enqueue

GREETING = "tests.greeting"


def greeting(context: Mapping[str, Any]) -> str:
    # The language the outbox renders in shows in the text, so tests can check it.
    return f"[{translation.get_language()}] hello {context['name']}"


def message(recipient: str = "+998901234567", *, language: str = "uz", **context: Any) -> OutboxMessage:
    return enqueue(recipient=recipient, language=language, template=GREETING, context={"name": "Karim", **context})


def later(moment: dt.datetime | None = None, **delta: float) -> dt.datetime:
    return (moment or timezone.now()) + dt.timedelta(**delta)
