"""The applications' background job: flag overdue cases every five minutes (registered with the worker)."""

from __future__ import annotations

from django_tasks import task

from darcha.applications.services import mark_overdue
from darcha.core.periodic import every


@every(seconds=300)
@task()
def detect_overdue() -> int:
    """Flag applications past their deadline; idempotent, so a repeat or a missed round does no harm."""
    return mark_overdue()
