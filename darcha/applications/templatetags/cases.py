"""Template helpers for case pages: labels from the workflow's declarations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from darcha.applications.workflow import (
    STATES,
    ClockState,
    DeadlineRule,
    EventKind,
    state,
    status_label,
)
from darcha.applications.workflow import (
    reason_label as workflow_reason_label,
)
from darcha.core.templatetags.darcha import uzs

register = template.Library()


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


@register.filter(name="status_label")
def status_label_filter(status: str) -> str:
    return capfirst(status_label(status))


@register.filter
def reason_label(code: str) -> str:
    return workflow_reason_label(code)


@register.filter
def iso_date(value: Any) -> dt.date | None:
    """A date kept as ISO text in an event's data, as a date for the `date` filter."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def fee_amount(application: Any) -> str:
    """The application's fee as an amount, or "to be confirmed" when the catalog does not know it:
    an unknown fee is never printed as 0 or as free."""
    if not application.fee_confirmed:
        return _("to be confirmed")
    return uzs(application.fee_uzs)


@register.filter
def is_overdue(application: Any, today: Any) -> bool:
    return bool(application.is_overdue_on(today))


@register.filter
def action_label(kind: str) -> str:
    return _label(EventKind, kind)


@register.filter
def deadline_rule_label(rule: str) -> str:
    return _label(DeadlineRule, rule)


@register.filter
def clock_paused(status: str) -> bool:
    return status in STATES and state(status).clock == ClockState.PAUSED
