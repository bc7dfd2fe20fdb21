"""Gateways to the outside. Each is an interface with a local implementation for development and tests.

A gateway is called by the worker outside any database transaction. It raises GatewayError for a
failure that may heal (operator down, timeout: the message is retried with back-off) and
MessageRejected for one that cannot (the operator refuses the number: the message becomes a dead
letter at once). Any other exception is treated like GatewayError and recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A temporary failure: the message stays in the outbox and is retried."""


class MessageRejected(GatewayError):
    """A permanent failure for this one message: retrying cannot help."""


class UnknownChannel(LookupError):
    """No gateway is configured for the row's channel."""


class SmsGateway(Protocol):
    def send(self, *, recipient: str, text: str, message_id: str) -> None: ...


class LocalSmsGateway:
    """Delivers to var/sms.jsonl, one JSON object a line: what a real operator's API would receive."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.VAR_DIR) / "sms.jsonl"

    def send(self, *, recipient: str, text: str, message_id: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"id": message_id, "to": recipient, "text": text, "at": timezone.now().isoformat()}
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def sms_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.SMS_GATEWAY)()
    return gateway


# One entry per channel; Telegram and e-mail join here with their own settings.
CHANNELS = {"sms": sms_gateway}


def gateway_for(channel: str) -> SmsGateway:
    try:
        factory = CHANNELS[channel]
    except KeyError:
        raise UnknownChannel(channel) from None
    return factory()
