"""The workflow of an application, declared once as data (DOMAIN.md, "Workflow of an application").

    submitted → accepted (documents checked at the front office)
              → in_review (agency back office) ⇄ info_requested (clock stopped)
              → approved | rejected (with a reason code)
    approved → ready (for pick-up) → delivered;  any open state → withdrawn (by the citizen)

`darcha.applications.services.perform_transition` is the only code that applies this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from darcha.accounts.models import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    IN_REVIEW = "in_review", _("in review")
    INFO_REQUESTED = "info_requested", _("information requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    READY = "ready", _("ready for pick-up")
    DELIVERED = "delivered", _("delivered")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Clock(models.TextChoices):
    """What an action does to the legal deadline's clock."""

    RUNS = "runs", _("runs")
    PAUSE = "pause", _("stops while the citizen is asked for information")
    RESUME = "resume", _("restarts")
    STOP = "stop", _("ends (decision taken)")


class RejectionReason(models.TextChoices):
    MISSING_DOCUMENTS = "missing_documents", _("Required documents were not provided")
    INVALID_DOCUMENTS = "invalid_documents", _("Documents are invalid or contradictory")
    NOT_ELIGIBLE = "not_eligible", _("The applicant is not eligible for the service")
    INFO_NOT_PROVIDED = "info_not_provided", _("Requested information was not provided in time")
    DUPLICATE = "duplicate", _("A duplicate of an application already being processed")
    LEGAL_BAR = "legal_bar", _("A legal restriction prevents the service")
    OTHER = "other", _("Other legal ground (see comment)")


OPEN_STATES = frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_REVIEW, Status.INFO_REQUESTED})
# Decided: the legal term has been met or missed for good.
DECIDED_STATES = frozenset({Status.APPROVED, Status.REJECTED, Status.READY, Status.DELIVERED})
FINAL_STATES = frozenset({Status.REJECTED, Status.DELIVERED, Status.WITHDRAWN})
# States whose deadline counts toward "overdue" (the clock runs).
CLOCK_RUNNING_STATES = frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_REVIEW})

FRONT = frozenset({Role.OPERATOR, Role.MANAGER, Role.ADMIN})
BACK = frozenset({Role.OFFICER, Role.ADMIN})


@dataclass(frozen=True)
class Action:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    clock: str = Clock.RUNS
    needs_comment: bool = False
    needs_reason: bool = False
    # Shown as the primary button; a destructive action is drawn differently.
    destructive: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("accept", _("Accept documents"), frozenset({Status.SUBMITTED}), Status.ACCEPTED, FRONT),
        Action("start_review", _("Start review"), frozenset({Status.ACCEPTED}), Status.IN_REVIEW, BACK),
        Action(
            "request_info",
            _("Request information"),
            frozenset({Status.IN_REVIEW}),
            Status.INFO_REQUESTED,
            BACK,
            clock=Clock.PAUSE,
            needs_comment=True,
        ),
        Action(
            "provide_info",
            _("Information provided"),
            frozenset({Status.INFO_REQUESTED}),
            Status.IN_REVIEW,
            FRONT | BACK,
            clock=Clock.RESUME,
        ),
        Action("approve", _("Approve"), frozenset({Status.IN_REVIEW}), Status.APPROVED, BACK, clock=Clock.STOP),
        Action(
            "reject",
            _("Reject"),
            frozenset({Status.ACCEPTED, Status.IN_REVIEW}),
            Status.REJECTED,
            BACK,
            clock=Clock.STOP,
            needs_reason=True,
            destructive=True,
        ),
        Action("mark_ready", _("Result ready for pick-up"), frozenset({Status.APPROVED}), Status.READY, FRONT | BACK),
        Action("deliver", _("Hand over to the citizen"), frozenset({Status.READY}), Status.DELIVERED, FRONT),
        Action(
            "withdraw",
            _("Withdraw (citizen's request)"),
            frozenset(OPEN_STATES),
            Status.WITHDRAWN,
            FRONT,
            clock=Clock.STOP,
            destructive=True,
        ),
    ]
}


def actions_from(status: str, role: str) -> list[Action]:
    """Actions a role may take from a state, in declaration order (for buttons and the API)."""
    return [a for a in ACTIONS.values() if status in a.sources and role in a.roles]


def reachable_states() -> set[str]:
    states = {Status.SUBMITTED.value}
    changed = True
    while changed:
        changed = False
        for action in ACTIONS.values():
            if states & action.sources and action.target not in states:
                states.add(action.target)
                changed = True
    return states
