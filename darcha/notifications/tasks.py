"""The outbox's background job: deliver what is due, every 15 seconds (registered with the worker)."""

from __future__ import annotations

from django_tasks import task

from darcha.core.periodic import every
from darcha.notifications.services import deliver_pending


@every(seconds=15)
@task()
def deliver_outbox() -> dict[str, int]:
    return deliver_pending().as_dict()
