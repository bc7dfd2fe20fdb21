from __future__ import annotations

from django_tasks import task

from darcha.applications.services import mark_overdue


@task()
def detect_overdue() -> int:
    """Periodic: flag applications past their deadline (scheduled by `run_worker`)."""
    return mark_overdue()
