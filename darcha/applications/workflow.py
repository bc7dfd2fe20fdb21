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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from darcha.accounts.roles import Capability, roles_with
from darcha.applications.choices import PAYABLE, SETTLED_PAYMENT
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
    # The result waits at the centre: the citizen is told where, when and with what to collect it.
    pickup: bool = False

    @property
    def clock_runs(self) -> bool:
        return self.clock == ClockState.RUNS

    @property
    def waits_for_citizen(self) -> bool:
        """The agency asked the citizen for information; the clock stands until they answer."""
        return self.clock == ClockState.PAUSED


STATES: dict[str, State] = {
    s.status.value: s
    for s in (
        State(Status.SUBMITTED, ClockState.RUNS, open=True, takes_documents=True),
        State(Status.ACCEPTED, ClockState.RUNS, open=True),
        State(Status.IN_REVIEW, ClockState.RUNS, open=True),
        State(Status.INFO_REQUESTED, ClockState.PAUSED, open=True, takes_documents=True),
        State(Status.APPROVED, ClockState.STOPPED),
        State(Status.REJECTED, ClockState.STOPPED, final=True),
        State(Status.READY, ClockState.STOPPED, pickup=True),
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


class WithdrawalReason(models.TextChoices):
    """Why the citizen withdraws (recorded on the event and the case, like a rejection's reason).

    The codes differ from RejectionReason's, so one `reason_code` column and one label function
    serve both."""

    NO_LONGER_NEEDED = "no_longer_needed", gettext_lazy("The citizen no longer needs the service")
    WRONG_SERVICE = "wrong_service", gettext_lazy("Applied for the wrong service or with wrong details")
    DUPLICATE_APPLICATION = "duplicate_application", gettext_lazy("A second application for the same need")
    DOCUMENTS_UNAVAILABLE = "documents_unavailable", gettext_lazy("The citizen cannot bring the missing documents")
    OTHER_REQUEST = "other_request", gettext_lazy("Another reason given by the citizen (see comment)")


def reason_label(code: str) -> str:
    """The label of a rejection or withdrawal reason (their codes never overlap)."""
    for choices in (RejectionReason, WithdrawalReason):
        if code in choices.values:
            return str(choices(code).label)
    return code


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
    PAYMENT = "payment", gettext_lazy("Payment recorded")
    FEE_CONFIRMED = "fee_confirmed", gettext_lazy("No fee due (confirmed)")
    OVERDUE = "overdue", gettext_lazy("Became overdue")
    # Who works on the case (or nobody): a note beside the state machine, the state stays as it is.
    ASSIGN = "assign", gettext_lazy("Assigned")


class DeadlineRule(models.TextChoices):
    """The only rules that set or move a deadline; each event that does names its rule."""

    LEGAL_TERM = "legal_term", gettext_lazy("legal term set")
    CLOCK_PAUSED = "clock_paused", gettext_lazy("clock stopped while waiting for the citizen")
    CLOCK_RESUMED = "clock_resumed", gettext_lazy("clock restarted; deadline moved by the days waited")


@dataclass(frozen=True)
class ReasonRule:
    """An action that must say why: the choices, the form's label, the error when none is chosen,
    and the codes that need a comment besides ("other")."""

    choices: type[models.TextChoices]
    label: Promise
    prompt: Promise
    needs_comment: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Action:
    kind: EventKind
    sources: frozenset[str]
    target: Status
    # Who may take it: roles having any of these capabilities (darcha.accounts.roles).
    by: frozenset[Capability]
    clock: str = Clock.RUNS
    needs_comment: bool = False
    reason: ReasonRule | None = None
    # Refused while a mandatory document is missing.
    needs_complete_checklist: bool = False
    # Refused while the fee is unpaid or still to be confirmed (a result is not handed over unpaid).
    needs_fee_settled: bool = False
    # The front office records what the citizen brought: a text, documents of the checklist, or both.
    takes_answer: bool = False
    # Ends the case against the citizen's interest or by mistake is costly: drawn apart from the main
    # action and confirmed on a page of its own (the staff pages; the API acts at once).
    destructive: bool = False
    # The citizen is told by SMS (applications.messages): only changes they must know about or act on.
    tells_citizen: bool = False
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
    def needs_reason(self) -> bool:
        return self.reason is not None

    @property
    def label(self) -> str | Promise:
        return self.kind.label


FRONT = frozenset({Capability.FRONT_OFFICE})
BACK = frozenset({Capability.BACK_OFFICE})
S = Status

REJECTION = ReasonRule(
    RejectionReason,
    label=gettext_lazy("Reason for the rejection"),
    prompt=gettext_lazy("Choose a reason for the rejection."),
    needs_comment=frozenset({RejectionReason.OTHER.value}),
)
WITHDRAWAL = ReasonRule(
    WithdrawalReason,
    label=gettext_lazy("Reason for the withdrawal"),
    prompt=gettext_lazy("Choose the reason for the withdrawal."),
    needs_comment=frozenset({WithdrawalReason.OTHER_REQUEST.value}),
)

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            EventKind.ACCEPT,
            frozenset({S.SUBMITTED}),
            S.ACCEPTED,
            FRONT,
            needs_complete_checklist=True,
            tells_citizen=True,
        ),
        Action(EventKind.START_REVIEW, frozenset({S.ACCEPTED}), S.IN_REVIEW, BACK),
        Action(
            EventKind.REQUEST_INFO,
            frozenset({S.IN_REVIEW}),
            S.INFO_REQUESTED,
            BACK,
            clock=Clock.PAUSE,
            needs_comment=True,
            tells_citizen=True,
        ),
        Action(
            EventKind.PROVIDE_INFO,
            frozenset({S.INFO_REQUESTED}),
            S.IN_REVIEW,
            FRONT | BACK,
            clock=Clock.RESUME,
            takes_answer=True,
        ),
        Action(EventKind.APPROVE, frozenset({S.IN_REVIEW}), S.APPROVED, BACK, clock=Clock.STOP, tells_citizen=True),
        Action(
            EventKind.REJECT,
            frozenset({S.ACCEPTED, S.IN_REVIEW}),
            S.REJECTED,
            BACK,
            clock=Clock.STOP,
            reason=REJECTION,
            destructive=True,
            tells_citizen=True,
        ),
        Action(EventKind.MARK_READY, frozenset({S.APPROVED}), S.READY, FRONT | BACK, tells_citizen=True),
        Action(EventKind.DELIVER, frozenset({S.READY}), S.DELIVERED, FRONT, needs_fee_settled=True),
        Action(
            EventKind.WITHDRAW,
            OPEN_STATES,
            S.WITHDRAWN,
            FRONT,
            clock=Clock.STOP,
            reason=WITHDRAWAL,
            destructive=True,
            tells_citizen=True,
        ),
    ]
}

# How long the citizen has to answer an information request, in working days of the service's week.
# No legal act found gives one (the rejection reason "information not provided in time" presumes a
# term): the project's default, printed in the SMS and on the tracking page as a date.
INFO_ANSWER_WORKING_DAYS = 10

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


def fee_settled(payment_status: str) -> bool:
    return payment_status in SETTLED_PAYMENT


def refused_by_case(action: Action, case: Case) -> bool:
    """The case's own data refuses the action: accepting with a mandatory document missing, handing
    over a result while the fee is unpaid or still to be confirmed."""
    return (action.needs_complete_checklist and bool(case.documents_missing)) or (
        action.needs_fee_settled and not fee_settled(case.payment_status)
    )


def available_actions(case: Case, role: str) -> list[Action]:
    """What a role may do to this case now (for buttons and the API): `actions_from`, less the
    actions the case's own data refuses (`refused_by_case`)."""
    return [a for a in actions_from(case.status, role) if not refused_by_case(a, case)]


def waiting_actions(case: Case, role: str) -> list[Action]:
    """The actions a role could take now but for the case's data: the page says what is missing."""
    return [a for a in actions_from(case.status, role) if refused_by_case(a, case)]


# --- Overdue: one definition, in Python and as a database filter ---------------------------------


def is_overdue(status: str, due_date: dt.date, today: dt.date) -> bool:
    """The clock runs and the deadline has passed (DOMAIN.md: a term ends at the end of its last day)."""
    return status in CLOCK_RUNNING_STATES and due_date < today


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """`is_overdue` as a filter, for querysets of applications (or of rows reaching one via `prefix`)."""
    return Q(**{f"{prefix}status__in": CLOCK_RUNNING_STATES, f"{prefix}due_date__lt": today})


def decided_in_time(decided_on: dt.date, due_date: dt.date) -> bool:
    """A decision counts as on time when taken on or before the deadline's day (the on-time rate)."""
    return decided_on <= due_date


def decided_in_time_q(decided_on: str, prefix: str = "") -> Q:
    """`decided_in_time` as a filter; `decided_on` names the (annotated) local day of the decision."""
    return Q(**{f"{decided_on}__lte": F(f"{prefix}due_date")})


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
    payment_status: str


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
    documents: Sequence[str] = (),
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
    if action.reason is not None:
        if reason_code not in action.reason.choices.values:
            raise ValidationFailed(str(action.reason.prompt), field="reason_code", code="reason_required")
        if reason_code in action.reason.needs_comment and not comment:
            raise ValidationFailed(_("Explain the reason in the comment."), field="comment", code="comment_required")
    elif reason_code:
        raise ValidationFailed(
            _("A reason is given only when rejecting or withdrawing."), field="reason_code", code="reason_not_expected"
        )
    if action.takes_answer:
        if not comment and not documents:
            raise ValidationFailed(
                _("Write what the citizen provided, or tick the documents they brought."),
                field="comment",
                code="answer_required",
            )
    elif documents:
        raise ValidationFailed(
            _("Documents are recorded with this action only when information is provided."),
            field="documents_presented",
            code="documents_not_expected",
        )
    if action.needs_complete_checklist and case.documents_missing:
        raise ValidationFailed(
            _("Mandatory documents are missing; the application cannot be accepted yet."), code="documents_missing"
        )
    if action.needs_fee_settled and not fee_settled(case.payment_status):
        raise ValidationFailed(
            _("The fee is not paid yet: record the payment before handing over the result."), code="fee_unpaid"
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
    documents: Sequence[str] = (),
) -> Step:
    """Check an action and apply it to the case in memory: state, clock, deadline, version.

    Nothing is saved: the caller saves the case and records the returned step as an event. `today`
    is the local date of `at`; the calendar functions are passed in so that the demo generator can
    use its cached copies of the same calendar. `documents` are the checklist codes the citizen
    brought with an answer (`takes_answer`); the caller adds them to the case's checklist.
    """
    comment = (comment or "").strip()
    action = check(
        case,
        name,
        role=role,
        comment=comment,
        reason_code=reason_code,
        expected_version=expected_version,
        documents=documents,
    )
    from_status, due_before = case.status, case.due_date
    rule = ""
    data: dict[str, Any] = {}
    if documents:
        data["documents"] = list(documents)
    if action.clock == Clock.PAUSE:
        case.clock_paused_on = today
        rule = DeadlineRule.CLOCK_PAUSED
        data["answer_by"] = add_days(today, INFO_ANSWER_WORKING_DAYS, regime).isoformat()
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
            data["on_time"] = decided_in_time(today, case.due_date)
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
    at once; an incomplete one waits as `submitted` until the missing documents are brought, and is
    accepted in the moment they complete it (`services.record_documents`), by the same rule."""
    return not documents_missing


def waits_for_acceptance(status: str) -> bool:
    """The case waits to be accepted: once its checklist is complete, the accept policy applies."""
    return status in ACTIONS[EventKind.ACCEPT.value].sources


# --- The front office's work lists ---------------------------------------------------------------


@dataclass(frozen=True)
class WorkList:
    """Cases the front office must act on, for the desk page (filters of a scoped queryset)."""

    key: str
    label: Promise
    hint: Promise
    statuses: frozenset[str]
    # Only cases whose fee needs a payment recorded (any non-final state).
    unpaid_only: bool = False

    @property
    def single_status(self) -> str:
        """The status, when the list is one status (the inbox filters by it: `?status=`), else ""."""
        return next(iter(self.statuses)) if len(self.statuses) == 1 and not self.unpaid_only else ""

    def q(self, prefix: str = "") -> Q:
        # Sorted lists: the same SQL every time (a partial index is declared with this condition).
        query = Q(**{f"{prefix}status__in": sorted(self.statuses)})
        if self.unpaid_only:
            query &= Q(**{f"{prefix}payment_status__in": sorted(PAYABLE)})
        return query


FRONT_OFFICE_WORK: tuple[WorkList, ...] = (
    WorkList(
        "documents",
        gettext_lazy("Waiting for documents"),
        gettext_lazy("Submitted with a mandatory document missing: accepted as soon as it is brought."),
        frozenset({S.SUBMITTED}),
    ),
    WorkList(
        "information",
        gettext_lazy("Information requested from the citizen"),
        gettext_lazy("The agency waits for the citizen's answer; record it with “Information provided”."),
        frozenset({S.INFO_REQUESTED}),
    ),
    WorkList(
        "pickup",
        gettext_lazy("Ready for pick-up"),
        gettext_lazy("Hand the result over when the citizen comes (the fee must be paid)."),
        frozenset({S.READY}),
    ),
    WorkList(
        "unpaid",
        gettext_lazy("Fee not paid"),
        gettext_lazy("Record the payment (cash desk or terminal receipt) or confirm the fee."),
        frozenset(code for code, s in STATES.items() if not s.final),
        unpaid_only=True,
    ),
)
UNPAID_WORK = next(work for work in FRONT_OFFICE_WORK if work.unpaid_only)
