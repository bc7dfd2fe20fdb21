"""A test SMS gateway selected through settings.SMS_GATEWAY: counts sends, fails on demand.

Its state lives on the class because the outbox builds a new gateway for every delivery run.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from django.db import connection

from darcha.notifications.gateways import GatewayError, MessageRejected


class CountingGateway:
    lock = threading.Lock()
    sends: Counter[str] = Counter()  # message id -> times sent
    texts: dict[str, str] = {}
    in_transaction: list[bool] = []  # connection.in_atomic_block seen during each send
    down = False  # every send fails with GatewayError
    failing: set[str] = set()  # recipients whose sends always fail with GatewayError
    rejected: set[str] = set()  # recipients the operator refuses (permanent)
    exploding: set[str] = set()  # recipients whose sends raise an unexpected exception
    delay = 0.0  # seconds each send takes (concurrency tests)

    @classmethod
    def reset(cls) -> None:
        cls.sends = Counter()
        cls.texts = {}
        cls.in_transaction = []
        cls.down = False
        cls.failing = set()
        cls.rejected = set()
        cls.exploding = set()
        cls.delay = 0.0

    def send(self, *, recipient: str, text: str, message_id: str) -> None:
        with self.lock:
            self.in_transaction.append(connection.in_atomic_block)
        if self.down or recipient in self.failing:
            raise GatewayError("operator unreachable")
        if recipient in self.rejected:
            raise MessageRejected("number not served")
        if recipient in self.exploding:
            raise ZeroDivisionError("division by zero in the operator's client")
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.sends[message_id] += 1
            self.texts[message_id] = text

    @classmethod
    def sent_once(cls, message_ids: list[str]) -> bool:
        return all(cls.sends[m] == 1 for m in message_ids) and sum(cls.sends.values()) == len(message_ids)
