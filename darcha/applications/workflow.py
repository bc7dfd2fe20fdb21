"""The workflow of an application, declared once as data, and the one function that applies it.

DOMAIN.md, "Workflow of an application":

    submitted → accepted (documents checked at the front office)
              → in_review (agency back office) ⇄ info_requested (clock stopped)
              → approved | rejected (with a reason code)
    approved → ready (for pick-up) → delivered;  any open state → withdrawn (by the citizen)

Everything about states lives here: which are open, in which the legal clock runs or stands still,
which are final (`STATES`); which actions exist, who may take them, what they need and what they do
to the clock (`ACTIONS`); what "overdue" means (`is_overdue`, `overdue_q`); the kinds of events and
the rules that may move a deadline. `perform` checks and applies an action to a case in memory; the
live service (`darcha.applications.services`) and the demo generator (`darcha.seed.cases`) both call
it, so a rule changes in one place. No other module compares statuses with literals.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from darcha.accounts.roles import Capability, roles_with
from darcha.core.errors import InvalidTransition, NotAllowed, StaleVersion, ValidationFailed


class Status(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("submitted")
    ACCEPTED = "accepted", gettext_lazy("accepted")
    IN_REVIEW = "in_review", gettext_lazy("in review")
    INFO_REQUESTED = "info_requested", gettext_lazy("information requested")
    APPROVED = "approved", gettext_lazy("approved")
    REJECTED = "rejected", gettext_lazy("rejected")
    READY = "ready", gettext_lazy("ready for pick-up")
    DELIVERED = "delivered", gettext_lazy("delivered")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrawn")


class ClockState(enum.StrEnum):
    """The legal deadline's clock while a case is in a state."""

    RUNS = "runs"  # the term counts down; past the deadline the case is overdue
    PAUSED = "paused"  # waiting for the citizen: the days do not count
    STOPPED = "stopped"  # decided, handed over or withdrawn: the term was met or missed for good


@dataclass(frozen=True)
class State:
    status: Status
    clock: ClockState
    # Open: still being worked on (the backlog). Final: nothing can happen any more.
    open: bool = False
    final: bool = False
    # The front office may add documents the citizen brings: while the case waits at the centre
    # or for the citizen's answer.
    takes_documents: bool = False

    @property
    def clock_runs(self) -> bool:
        return self.clock == ClockState.RUNS


STATES: dict[str, State] = {
    s.status.value: s
    for s in (
        State(Status.SUBMITTED, ClockState.RUNS, open=True, takes_documents=True),
        State(Status.ACCEPTED, ClockState.RUNS, open=True),
        State(Status.IN_REVIEW, ClockState.RUNS, open=True),
        State(Status.INFO_REQUESTED, ClockState.PAUSED, open=True, takes_documents=True),
        State(Status.APPROVED, ClockState.STOPPED),
        State(Status.REJECTED, ClockState.STOPPED, final=True),
        State(Status.READY, ClockState.STOPPED),
        State(Status.DELIVERED, ClockState.STOPPED, final=True),
        State(Status.WITHDRAWN, ClockState.STOPPED, final=True),
    )
}

# Derived from the table, never kept by hand.
OPEN_STATES = frozenset(code for code, s in STATES.items() if s.open)
CLOCK_RUNNING_STATES = frozenset(code for code, s in STATES.items() if s.clock_runs)
FINAL_STATES = frozenset(code for code, s in STATES.items() if s.final)
INITIAL_STATE = Status.SUBMITTED


class Clock(models.TextChoices):
    """What an action does to the legal deadline's clock."""

    RUNS = "runs", gettext_lazy("runs")
    PAUSE = "pause", gettext_lazy("stops while the citizen is asked for information")
    RESUME = "resume", gettext_lazy("restarts")
    STOP = "stop", gettext_lazy("ends (decision taken)")


class RejectionReason(models.TextChoices):
    MISSING_DOCUMENTS = "missing_documents", gettext_lazy("Required documents were not provided")
    INVALID_DOCUMENTS = "invalid_documents", gettext_lazy("Documents are invalid or contradictory")
    NOT_ELIGIBLE = "not_eligible", gettext_lazy("The applicant is not eligible for the service")
    INFO_NOT_PROVIDED = "info_not_provided", gettext_lazy("Requested information was not provided in time")
    DUPLICATE = "duplicate", gettext_lazy("A duplicate of an application already being processed")
    LEGAL_BAR = "legal_bar", gettext_lazy("A legal restriction prevents the service")
    OTHER = "other", gettext_lazy("Other legal ground (see comment)")


class EventKind(models.TextChoices):
    """Every kind of entry in an application's history: the actions, and what happens besides them."""

    SUBMIT = "submit", gettext_lazy("Submitted")
    ACCEPT = "accept", gettext_lazy("Accept documents")
    START_REVIEW = "start_review", gettext_lazy("Start review")
    REQUEST_INFO = "request_info", gettext_lazy("Request information")
    PROVIDE_INFO = "provide_info", gettext_lazy("Information provided")
    APPROVE = "approve", gettext_lazy("Approve")
    REJECT = "reject", gettext_lazy("Reject")
    MARK_READY = "mark_ready", gettext_lazy("Result ready for pick-up")
    DELIVER = "deliver", gettext_lazy("Hand over to the citizen")
    WITHDRAW = "withdraw", gettext_lazy("Withdraw (citizen's request)")
    DOCUMENTS = "documents", gettext_lazy("Documents added")
    OVERDUE = "overdue", gettext_lazy("Became overdue")


class DeadlineRule(models.TextChoices):
    """The only rules that set or move a deadline; each event that does names its rule."""

    LEGAL_TERM = "legal_term", gettext_lazy("legal term set")
    CLOCK_PAUSED = "clock_paused", gettext_lazy("clock stopped while waiting for the citizen")
    CLOCK_RESUMED = "clock_resumed", gettext_lazy("clock restarted; deadline moved by the days waited")


@dataclass(frozen=True)
class Action:
    kind: EventKind
    sources: frozenset[str]
    target: Status
    # Who may take it: roles having any of these capabilities (darcha.accounts.roles).
    by: frozenset[Capability]
    clock: str = Clock.RUNS
    needs_comment: bool = False
    needs_reason: bool = False
    # Refused while a mandatory document is missing.
    needs_complete_checklist: bool = False
    # Ends the case against the citizen's interest or by mistake is costly: drawn apart, confirmed.
    destructive: bool = False
    roles: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        roles: set[str] = set()
        for capability in self.by:
            roles |= roles_with(capability)
        object.__setattr__(self, "roles", frozenset(roles))

    @property
    def name(self) -> str:
        return self.kind.value

    @property
    def label(self) -> str | Promise:
        return self.kind.label


FRONT = frozenset({Capability.FRONT_OFFICE})
BACK = frozenset({Capability.BACK_OFFICE})
S = Status

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(EventKind.ACCEPT, frozenset({S.SUBMITTED}), S.ACCEPTED, FRONT, needs_complete_checklist=True),
        Action(EventKind.START_REVIEW, frozenset({S.ACCEPTED}), S.IN_REVIEW, BACK),
        Action(
            EventKind.REQUEST_INFO,
            frozenset({S.IN_REVIEW}),
            S.INFO_REQUESTED,
            BACK,
            clock=Clock.PAUSE,
            needs_comment=True,
        ),
        Action(EventKind.PROVIDE_INFO, frozenset({S.INFO_REQUESTED}), S.IN_REVIEW, FRONT | BACK, clock=Clock.RESUME),
        Action(EventKind.APPROVE, frozenset({S.IN_REVIEW}), S.APPROVED, BACK, clock=Clock.STOP),
        Action(
            EventKind.REJECT,
            frozenset({S.ACCEPTED, S.IN_REVIEW}),
            S.REJECTED,
            BACK,
            clock=Clock.STOP,
            needs_reason=True,
            destructive=True,
        ),
        Action(EventKind.MARK_READY, frozenset({S.APPROVED}), S.READY, FRONT | BACK),
        Action(EventKind.DELIVER, frozenset({S.READY}), S.DELIVERED, FRONT),
        Action(EventKind.WITHDRAW, OPEN_STATES, S.WITHDRAWN, FRONT, clock=Clock.STOP, destructive=True),
    ]
}

# What a citizen sees on the tracking page: the submission and every status change, never the
# overdue flag or the documents' bookkeeping (and never who did it or their comments).
PUBLIC_EVENTS = frozenset({EventKind.SUBMIT.value, *ACTIONS})


def state(status: str) -> State:
    return STATES[status]


def status_label(status: str) -> str:
    return str(Status(status).label) if status in STATES else status


def actions_from(status: str, role: str) -> list[Action]:
    """Actions a role may take from a state, in declaration order."""
    return [a for a in ACTIONS.values() if status in a.sources and role in a.roles]


def available_actions(case: Case, role: str) -> list[Action]:
    """What a role may do to this case now (for buttons and the API): `actions_from`, less the
    actions the case's own data refuses (accepting with a mandatory document missing)."""
    return [a for a in actions_from(case.status, role) if not (a.needs_complete_checklist and case.documents_missing)]


# --- Overdue: one definition, in Python and as a database filter ---------------------------------


def is_overdue(status: str, due_date: dt.date, today: dt.date) -> bool:
    """The clock runs and the deadline has passed (DOMAIN.md: a term ends at the end of its last day)."""
    return status in CLOCK_RUNNING_STATES and due_date < today


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """`is_overdue` as a filter, for querysets of applications (or of rows reaching one via `prefix`)."""
    return Q(**{f"{prefix}status__in": CLOCK_RUNNING_STATES, f"{prefix}due_date__lt": today})


def due_soon_q(today: dt.date, days: int, prefix: str = "") -> Q:
    """The clock runs and the deadline falls within `days` calendar days from today (not yet overdue)."""
    return Q(
        **{
            f"{prefix}status__in": CLOCK_RUNNING_STATES,
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": today + dt.timedelta(days=days),
        }
    )


# --- Applying an action ----------------------------------------------------------------------------


class Case(Protocol):
    """What `perform` reads and changes: an Application, or the demo generator's lighter row."""

    status: str
    version: int
    due_date: dt.date
    clock_paused_on: dt.date | None
    paused_working_days: int
    overdue_since: dt.date | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    reason_code: str
    documents_missing: list[str]


@dataclass(frozen=True)
class Step:
    """What `perform` did, for the event it must be recorded by."""

    action: Action
    from_status: str
    due_before: dt.date
    comment: str
    reason_code: str
    deadline_rule: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def event(self) -> dict[str, Any]:
        """The fields of the history entry that records this step (the service's and the demo's)."""
        return {
            "action": self.action.name,
            "from_status": self.from_status,
            "comment": self.comment,
            "reason_code": self.reason_code,
            "due_before": self.due_before,
            "deadline_rule": self.deadline_rule,
            "data": self.data,
        }


def check(
    case: Case,
    name: str,
    *,
    role: str,
    comment: str = "",
    reason_code: str = "",
    expected_version: int | None = None,
) -> Action:
    """Refuse an action that the workflow does not allow now, with the reason a person can act on."""
    action = ACTIONS.get(name)
    if action is None:
        raise ValidationFailed(_("Unknown action."), field="action", code="unknown_action")
    if role not in action.roles:
        raise NotAllowed(_("Your role may not perform this action."), code="role_not_allowed")
    if expected_version is not None and expected_version != case.version:
        raise StaleVersion(
            _(
                "The application was changed by someone else (version %(current)s, you saw %(seen)s). Reload and try again."
            )
            % {"current": case.version, "seen": expected_version}
        )
    if case.status not in action.sources:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the application is %(status)s.")
            % {"action": action.label, "status": status_label(case.status)}
        )
    if action.needs_comment and not comment:
        raise ValidationFailed(_("Write a message saying what is needed."), field="comment", code="comment_required")
    if action.needs_reason:
        if reason_code not in RejectionReason.values:
            raise ValidationFailed(_("Choose a reason for the rejection."), field="reason_code", code="reason_required")
        if reason_code == RejectionReason.OTHER and not comment:
            raise ValidationFailed(
                _("Explain the legal ground in the comment."), field="comment", code="comment_required"
            )
    elif reason_code:
        raise ValidationFailed(_("A reason code is given only when rejecting."), field="reason_code")
    if action.needs_complete_checklist and case.documents_missing:
        raise ValidationFailed(
            _("Mandatory documents are missing; the application cannot be accepted yet."), code="documents_missing"
        )
    return action


def perform(
    case: Case,
    name: str,
    *,
    role: str,
    at: dt.datetime,
    today: dt.date,
    regime: str,
    add_days: Callable[[dt.date, int, str], dt.date],
    days_between: Callable[[dt.date, dt.date, str], int],
    comment: str = "",
    reason_code: str = "",
    expected_version: int | None = None,
) -> Step:
    """Check an action and apply it to the case in memory: state, clock, deadline, version.

    Nothing is saved: the caller saves the case and records the returned step as an event. `today`
    is the local date of `at`; the calendar functions are passed in so that the demo generator can
    use its cached copies of the same calendar.
    """
    comment = (comment or "").strip()
    action = check(case, name, role=role, comment=comment, reason_code=reason_code, expected_version=expected_version)
    from_status, due_before = case.status, case.due_date
    rule = ""
    data: dict[str, Any] = {}
    if action.clock == Clock.PAUSE:
        case.clock_paused_on = today
        rule = DeadlineRule.CLOCK_PAUSED
    elif action.clock == Clock.RESUME and case.clock_paused_on is not None:
        lost = days_between(case.clock_paused_on, today, regime)
        case.paused_working_days += lost
        case.due_date = add_days(case.due_date, lost, regime) if lost else case.due_date
        case.clock_paused_on = None
        rule = DeadlineRule.CLOCK_RESUMED
        data["paused_working_days"] = lost
        if case.due_date >= today:
            case.overdue_since = None  # back within the term: may become overdue again later
    elif action.clock == Clock.STOP:
        case.clock_paused_on = None
        if action.target in {Status.APPROVED, Status.REJECTED}:
            case.decided_at = at
            data["on_time"] = today <= case.due_date
    case.status = action.target
    if state(action.target).final:
        case.closed_at = at
    if action.needs_reason:
        case.reason_code = reason_code
    case.version += 1
    return Step(
        action=action,
        from_status=from_status,
        due_before=due_before,
        comment=comment,
        reason_code=reason_code,
        deadline_rule=str(rule),
        data=data,
    )


def becomes_overdue(case: Case, today: dt.date) -> bool:
    """Whether the overdue job flags this case today (once: `overdue_since` remembers it)."""
    return case.overdue_since is None and is_overdue(case.status, case.due_date, today)


def should_accept_at_intake(*, documents_missing: list[str]) -> bool:
    """The accept policy: documents are checked at the window, so a complete checklist is accepted
    at once; an incomplete one waits as `submitted` until the missing documents are brought."""
    return not documents_missing
