"""Reads of applications, always scoped to the user (darcha.accounts.scoping)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.scoping import restrict_applications
from darcha.applications.models import Application, ApplicationEvent
from darcha.applications.workflow import CLOCK_RUNNING_STATES, OPEN_STATES, Status
from darcha.core.errors import NotAllowed, NotFound


def today_local() -> dt.date:
    return timezone.localdate()


def applications_for(user: Any) -> QuerySet[Application]:
    return restrict_applications(
        Application.objects.select_related(
            "service", "service_version", "agency", "center", "applicant", "representative"
        ),
        user,
    )


def filter_applications(
    queryset: QuerySet[Application],
    *,
    status: str = "",
    service_code: str = "",
    center_code: str = "",
    overdue: bool | None = None,
    due_within_days: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Application]:
    today = today or today_local()
    if status:
        queryset = queryset.filter(status=status)
    if service_code:
        queryset = queryset.filter(service__code=service_code)
    if center_code:
        queryset = queryset.filter(center__code=center_code)
    if overdue is True:
        queryset = queryset.filter(status__in=CLOCK_RUNNING_STATES, due_date__lt=today)
    elif overdue is False:
        queryset = queryset.exclude(status__in=CLOCK_RUNNING_STATES, due_date__lt=today)
    if due_within_days is not None:
        queryset = queryset.filter(
            status__in=CLOCK_RUNNING_STATES,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=due_within_days),
        )
    return queryset


def application_detail(user: Any, number: str) -> Application:
    """One application with its events; NotFound if it does not exist, NotAllowed outside scope."""
    events = ApplicationEvent.objects.select_related("actor").order_by("sequence")
    application = (
        Application.objects.select_related(
            "service", "service_version", "agency", "center", "applicant", "representative"
        )
        .prefetch_related(Prefetch("events", queryset=events))
        .filter(number=number)
        .first()
    )
    if application is None:
        raise NotFound(_("No application with this number."))
    if not restrict_applications(Application.objects.filter(pk=application.pk), user).exists():
        raise NotAllowed(_("This application is outside your area of work."))
    return application


def backlog_by_status(queryset: QuerySet[Application]) -> dict[str, int]:
    rows = queryset.filter(status__in=OPEN_STATES).values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {s: counts.get(s, 0) for s in OPEN_STATES}


def status_label(status: str) -> str:
    return str(Status(status).label)
