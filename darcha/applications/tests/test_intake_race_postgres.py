"""Simultaneous intakes of one new PINFL (PostgreSQL, real concurrency through the HTTP stack).

Before: both requests inserted the citizen, the loser hit the unique index, answered 500 and wrote
the PINFL into the error log. Now: one citizen, no 5xx, no PINFL in any log line.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from darcha.accounts.services import issue_token
from darcha.applications.models import Application
from darcha.applications.tests.test_api_intake import body, new_person
from darcha.people.models import Citizen

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL (DATABASE_URL)"),
]


class Remember(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Any:
    handler = Remember()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(exc_text)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.lines
    root.removeHandler(handler)


def post_together(token: str, payloads: list[dict[str, Any]], keys: list[str]) -> list[Any]:
    barrier = threading.Barrier(len(payloads))
    answers: list[Any] = [None] * len(payloads)

    def worker(i: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            answers[i] = client.post(
                "/api/v1/applications",
                json.dumps(payloads[i]),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": keys[i]},
            )
        except Exception as error:  # pragma: no cover - reported by the assertion below
            answers[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(payloads))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


@pytest.mark.parametrize("same_key", [False, True])
def test_simultaneous_intakes_of_a_new_pinfl_make_one_citizen_and_no_5xx(world, logged, same_key):
    token = issue_token(user=world.operator_a)
    for round_ in range(4):
        person = new_person(serial=100 + round_ * 2 + int(same_key))
        payload = body(applicant=person)
        keys = [f"race-{uuid.uuid4()}"] * 4 if same_key else [f"race-{uuid.uuid4()}" for _ in range(4)]
        answers = post_together(token, [payload] * 4, keys)
        statuses = [getattr(a, "status_code", a) for a in answers]
        assert statuses == [201] * 4, [getattr(a, "content", a) for a in answers]
        assert Citizen.objects.filter(pinfl=person["pinfl"]).count() == 1
        numbers = {a.json()["number"] for a in answers}
        if same_key:
            assert len(numbers) == 1  # one application, three replays
            assert sum(a.get("Idempotent-Replayed") == "true" for a in answers) == 3
        else:
            assert len(numbers) == 4
        assert Application.objects.filter(applicant__pinfl=person["pinfl"]).count() == len(numbers)
        assert not any(person["pinfl"] in line for line in logged), [line for line in logged if person["pinfl"] in line]
