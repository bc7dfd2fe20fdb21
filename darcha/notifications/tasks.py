from __future__ import annotations

from django_tasks import task

from darcha.notifications.services import deliver_pending


@task()
def deliver_outbox() -> int:
    return deliver_pending()
