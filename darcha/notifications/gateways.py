"""Gateways to the outside. Each is an interface with a local implementation for development and tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A temporary failure: the message stays in the outbox and is retried."""


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
