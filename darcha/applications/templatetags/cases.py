"""Template helpers for case pages: labels from the workflow's declarations."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.text import capfirst

from darcha.applications.workflow import (
    STATES,
    ClockState,
    DeadlineRule,
    EventKind,
    RejectionReason,
    state,
    status_label,
)

register = template.Library()


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


@register.filter(name="status_label")
def status_label_filter(status: str) -> str:
    return capfirst(status_label(status))


@register.filter
def reason_label(code: str) -> str:
    return _label(RejectionReason, code)


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
