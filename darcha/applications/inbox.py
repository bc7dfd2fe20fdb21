"""The back-office inbox: which cases a staff user's list shows, in which order, a page at a time.

The URL contract (docs/inbox.md, shared with the overview's links): GET /desk/inbox/ with optional
status, service, center, agency, due (overdue | soon), age (0 | 3 | 6 | 11), submitted (today),
assigned (me | none), sort (deadline | -submitted) and after (an opaque cursor). Without a status the
list is the backlog (the open states); nearest deadline first.

Lists stay fast whatever the table's size (issue 12):
- keyset pagination: a page continues after the last row of the previous one (`after`, signed so a
  hand-made cursor is refused), so page 200 costs what page 1 costs; no page numbers;
- no exact count over the scope: the count stops at COUNT_CAP ("more than 1,000"), a LIMITed subquery;
- each order is served by an index on (scope column, order columns), partial on the open states for
  the backlog (migration 0005_inbox).

A text search (number prefix, full PINFL, surname prefix) is POSTed and kept in the session: PINFL and
names never travel in URLs. Every search by PINFL or by name is written to the audit chain.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.scoping import restrict
from darcha.applications.models import OPEN_Q, Application
from darcha.applications.numbers import number_prefix
from darcha.applications.selectors import AGE_BANDS, capped_count, inbox_link, start_of_day, today_local
from darcha.applications.workflow import due_soon_q, overdue_q, status_label
from darcha.audit.services import record, record_citizen_view, record_citizen_views
from darcha.core.errors import ValidationFailed
from darcha.core.i18n import localized_fields
from darcha.people.models import Citizen
from darcha.people.pinfl import check_pinfl

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

PAGE_SIZE = 50
# "More than 1,000": the count of a list stops here (a LIMITed subquery, never COUNT(*) over the scope).
# An export holds at most this many rows (the first ones in the list's order).
EXPORT_CAP = 50_000
# "Due soon": the deadline falls within this many calendar days (workflow.due_soon_q).
DUE_SOON_DAYS = 3
CURSOR_SALT = "darcha.applications.inbox.cursor"
SESSION_SEARCH = "inbox_search"
NAME_MIN, NAME_MAX = 2, 100
# A search by name lists at most the cases of this many people (see too_broad).
NAME_CITIZENS_CAP = 300
# … and of numbers beginning with the digits typed.
NUMBER_MATCHES_CAP = 1000


class Sort(enum.StrEnum):
    DEADLINE = "deadline"  # due_date, then submitted_at, then pk: the work that is due first
    NEWEST = "-submitted"  # submitted_at descending, then pk descending


class SearchKind(enum.StrEnum):
    NUMBER = "number"
    PINFL = "pinfl"
    NAME = "name"


@dataclass(frozen=True)
class Search:
    """A text search kept in the session: a number prefix, a full PINFL or a surname prefix."""

    kind: SearchKind
    value: str

    def as_session(self) -> dict[str, str]:
        return {"kind": self.kind.value, "value": self.value}

    @classmethod
    def from_session(cls, data: Any) -> Search | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(kind=SearchKind(str(data.get("kind"))), value=str(data.get("value", "")))
        except ValueError:
            return None

    @property
    def shown(self) -> str:
        """What the page says is searched for: never the PINFL itself (screens are seen by others)."""
        if self.kind == SearchKind.PINFL:
            return "*" * 10 + self.value[-4:]
        return self.value


def parse_search(text: str) -> Search:
    """What a typed search means. 14 digits that are a valid PINFL: the citizen's cases (audited);
    the beginning of an application number, typed however (numbers.number_prefix): those cases;
    letters: the beginning of a surname, any case, and optionally of the first name after it
    ("karimov az"). Anything else is a ValidationFailed."""
    raw = " ".join((text or "").split())
    if not raw:
        raise ValidationFailed(_("Type a number, a PINFL or a surname."), field="q", code="search_empty")
    digits = raw.replace(" ", "")
    if digits.isascii() and digits.isdigit() and len(digits) == 14 and check_pinfl(digits).valid:
        return Search(SearchKind.PINFL, digits)
    prefix = number_prefix(raw)
    # At least the year: a digit or two would list nearly everything.
    if prefix is not None and len(prefix) >= len("DX-2026"):
        return Search(SearchKind.NUMBER, prefix)
    name = raw.replace("’", "ʼ").replace("'", "ʼ") if any(c.isalpha() for c in raw) else ""
    if name and all(c.isalpha() or c in " -ʻʼ‘`" for c in name) and NAME_MIN <= len(name) <= NAME_MAX:
        return Search(SearchKind.NAME, name)
    raise ValidationFailed(
        _(
            "Search by an application number (or its beginning), a full 14-digit PINFL, "
            "or the beginning of a surname (at least two letters)."
        ),
        field="q",
        code="search_invalid",
    )


def record_search(user: Viewer, search: Search) -> None:
    """A search by PINFL is a look-up of that citizen (audited like the desk's look-up); a search by
    name is audited as a search (the log names no one: the surname typed stays out of it)."""
    if search.kind == SearchKind.PINFL:
        found = Citizen.objects.filter(pinfl=search.value).values_list("pk", flat=True).first()
        if found is not None:
            record_citizen_view(actor=user, citizen_id=found, purpose="inbox search by PINFL")
        else:
            record(actor=user, action="search_citizen", object_type="citizen", object_id="-", purpose="inbox: PINFL")
    elif search.kind == SearchKind.NAME:
        record(actor=user, action="search_citizen", object_type="citizen", object_id="-", purpose="inbox: surname")


def number_prefix_q(prefix: str) -> Q:
    """Numbers that begin with `prefix` (normalised: upper-case ASCII), as a range of the number's index.

    PostgreSQL reads `LIKE 'DX-2026%'` from the pattern index Django creates for a unique text column;
    SQLite's LIKE ignores case and so uses no index at all (3 s at 2 million): there the same
    prefix is a range of the unique index, which compares the bytes as they are.
    """
    if connection.vendor == "sqlite":
        return Q(number__gte=prefix, number__lt=prefix + "\U0010ffff")
    return Q(number__startswith=prefix)


def _search_q(search: Search) -> Q:
    if search.kind == SearchKind.NUMBER:
        # The matching numbers first (at most NUMBER_MATCHES_CAP: too_broad refuses more), by the
        # number's index; left to itself SQLite's planner walks the scope's index instead (2 s at 2 million).
        matching = Application.objects.filter(number_prefix_q(search.value))
        return Q(pk__in=list(matching.values_list("pk", flat=True)[: NUMBER_MATCHES_CAP + 1]))
    citizens: QuerySet[Any, Any]
    if search.kind == SearchKind.PINFL:
        citizens = Citizen.objects.filter(pinfl=search.value)
    else:
        citizens = citizens_named(search.value)
    # The people first (one, or at most NAME_CITIZENS_CAP: too_broad refuses more), then their
    # cases by the applicant and representative indexes. With the subquery inside the OR, PostgreSQL
    # scanned every application (7 s at 10 million).
    ids = list(citizens.values_list("pk", flat=True)[: NAME_CITIZENS_CAP + 1])
    return Q(applicant_id__in=ids) | Q(representative_id__in=ids)


def citizens_named(text: str) -> QuerySet[Any, Any]:
    """Citizens whose surname begins with the first word (any case) and, when a second word is
    given, whose first name begins with it. UPPER(last_name) LIKE 'ABC%' is a range of the
    expression index of migration 0005_inbox on PostgreSQL."""
    words = text.upper().split()
    citizens: QuerySet[Any, Any] = Citizen.objects.annotate(upper_last_name=Upper("last_name")).filter(
        upper_last_name__startswith=words[0]
    )
    if len(words) > 1:
        citizens = citizens.annotate(upper_first_name=Upper("first_name")).filter(upper_first_name__startswith=words[1])
    return citizens


def too_broad(search: Search) -> bool:
    """A name search that matches more than NAME_CITIZENS_CAP people in the whole country: the list
    would be a sort of thousands of cases and of no use; the officer is asked for more letters."""
    if search.kind == SearchKind.NUMBER:
        # The same for the beginning of a number ("DX-2026-101" is a centre's whole year): an index
        # range on the unique number column, counted up to the cap.
        matches = Application.objects.filter(number_prefix_q(search.value)).values("pk")
        return matches[: NUMBER_MATCHES_CAP + 1].count() > NUMBER_MATCHES_CAP
    if search.kind != SearchKind.NAME:
        return False
    return citizens_named(search.value).values("pk")[: NAME_CITIZENS_CAP + 1].count() > NAME_CITIZENS_CAP


# --- The query -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxQuery:
    """The validated filters of the contract (an empty value: not filtered)."""

    status: str = ""
    service: str = ""
    center: str = ""
    agency: str = ""
    due: str = ""
    age: int | None = None
    submitted: str = ""
    assigned: str = ""
    sort: Sort = Sort.DEADLINE
    search: Search | None = None
    # Every status when none is chosen (the API's list), instead of the backlog.
    any_status: bool = False

    def params(self) -> dict[str, str]:
        """The query string parameters (not the search: it lives in the session)."""
        values: dict[str, Any] = {
            "status": self.status,
            "service": self.service,
            "center": self.center,
            "agency": self.agency,
            "due": self.due,
            "age": "" if self.age is None else str(self.age),
            "submitted": self.submitted,
            "assigned": self.assigned,
            "sort": "" if self.sort == Sort.DEADLINE else self.sort.value,
        }
        return {k: str(v) for k, v in values.items() if v}

    def describe(self) -> str:
        """The filters for the audit record of an export: codes only, no personal data."""
        shown = [f"{k}={v}" for k, v in self.params().items()]
        if self.search is not None:
            shown.append(f"search={self.search.kind.value}")
        return " ".join(shown) or "default"


def inbox_url(**filters: Any) -> str:
    """The inbox's URL with these filters (the contract's names; empty values are left out)."""
    # Age band 0 is a value: only None, "" and False mean "not filtered".
    return inbox_link(**{k: str(v) for k, v in filters.items() if not (v is None or v is False or v == "")})


def age_q(low: int, today: dt.date) -> Q:
    """The backlog age band that starts at `low` calendar days since submission (selectors.AGE_BANDS)."""
    bands = dict(AGE_BANDS)
    high = bands[low]
    q = Q(submitted_at__lt=start_of_day(today - dt.timedelta(days=low - 1))) if low else Q()
    if high is not None:
        q &= Q(submitted_at__gte=start_of_day(today - dt.timedelta(days=high)))
    return q


def inbox_cases(user: Viewer, query: InboxQuery, *, today: dt.date | None = None) -> QuerySet[Application]:
    """The cases the list shows, scoped to the user and filtered, not yet ordered."""
    today = today or today_local()
    cases = restrict(Application.objects.all(), user)
    if query.status:
        cases = cases.filter(status=query.status)
    elif query.search is None and not query.any_status:
        # The backlog by default; a search looks a case up whatever its status.
        cases = cases.filter(OPEN_Q)
    if query.service:
        cases = cases.filter(service__code=query.service)
    if query.center:
        cases = cases.filter(center__code=query.center)
    if query.agency:
        cases = cases.filter(agency__code=query.agency)
    if query.due == "overdue":
        cases = cases.filter(overdue_q(today))
    elif query.due == "soon":
        cases = cases.filter(due_soon_q(today, DUE_SOON_DAYS))
    if query.age is not None:
        cases = cases.filter(age_q(query.age, today))
    if query.submitted == "today":
        cases = cases.filter(submitted_at__gte=start_of_day(today))
    if query.assigned == "me":
        cases = cases.filter(assigned_to_id=getattr(user, "pk", None))
    elif query.assigned == "none":
        cases = cases.filter(assigned_to__isnull=True)
    if query.search is not None:
        cases = cases.filter(_search_q(query.search))
    return cases


def ordered(cases: QuerySet[Application], sort: Sort) -> QuerySet[Application]:
    if sort == Sort.NEWEST:
        return cases.order_by("-submitted_at", "-pk")
    return cases.order_by("due_date", "submitted_at", "pk")


# --- Keyset pagination -----------------------------------------------------------------------------


class BadCursor(ValidationFailed):
    """A page link that was not made by this server for this order (edited, truncated or stale)."""

    status = 400


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort key of its last row."""

    sort: Sort
    due_date: dt.date
    submitted_at: dt.datetime
    pk: int

    @classmethod
    def after_row(cls, sort: Sort, row: Application) -> Cursor:
        return cls(sort=sort, due_date=row.due_date, submitted_at=row.submitted_at, pk=row.pk)

    def encode(self) -> str:
        value = [self.sort.value, self.due_date.isoformat(), self.submitted_at.isoformat(), self.pk]
        return signing.dumps(value, salt=CURSOR_SALT, compress=True)

    @classmethod
    def decode(cls, token: str, sort: Sort) -> Cursor:
        """The cursor in a page link; BadCursor when it was tampered with or made for another order."""
        problem = BadCursor(
            _("This page link is not valid (it was changed or is for another order). Start from the first page."),
            field="after",
            code="cursor_invalid",
        )
        if len(token) > 300:
            raise problem
        try:
            value = signing.loads(token, salt=CURSOR_SALT)
            kind, due, submitted, pk = value
            cursor = cls(
                sort=Sort(kind),
                due_date=dt.date.fromisoformat(due),
                submitted_at=dt.datetime.fromisoformat(submitted),
                pk=int(pk),
            )
        except (signing.BadSignature, ValueError, TypeError):
            raise problem from None
        if cursor.sort != sort or cursor.submitted_at.tzinfo is None:
            raise problem
        return cursor

    def q(self) -> Q:
        """The rows after this one in its order (a range start the index can seek to, then the ties)."""
        if self.sort == Sort.NEWEST:
            s = self.submitted_at
            return Q(submitted_at__lte=s) & (Q(submitted_at__lt=s) | Q(submitted_at=s, pk__lt=self.pk))
        d, s = self.due_date, self.submitted_at
        return Q(due_date__gte=d) & (
            Q(due_date__gt=d) | Q(due_date=d, submitted_at__gt=s) | Q(due_date=d, submitted_at=s, pk__gt=self.pk)
        )


@dataclass
class InboxPage:
    rows: list[Application]
    next_cursor: str
    # The number of matching cases, counted up to COUNT_CAP + 1; `more` when it stopped there.
    count: int
    more: bool
    first_page: bool
    shown_count: str = field(default="")


# The columns a list row shows (no JSON documents or fee details to decode for 50 rows).
LIST_COLUMNS = (
    "number",
    "status",
    "due_date",
    "submitted_at",
    "applicant_id",
    "representative_id",
    "service__code",
    *[f"service__{f}" for f in localized_fields("name")],
    "center__code",
    *[f"center__{f}" for f in localized_fields("name")],
    "applicant__pinfl",
    "assigned_to__username",
)


def listed(cases: QuerySet[Application]) -> QuerySet[Application]:
    return cases.select_related("service", "center", "applicant", "assigned_to").only(*LIST_COLUMNS)


def inbox_page(
    user: Viewer,
    query: InboxQuery,
    *,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
    today: dt.date | None = None,
    count: bool = True,
) -> InboxPage:
    """One page of the list: `size` rows after the cursor, the cursor of the next page, a capped count."""
    cases = inbox_cases(user, query, today=today)
    total, more = capped_count(cases) if count else (0, False)
    rows = _page_rows(cases, query.sort, after, 0, size + 1, listed)
    next_cursor = Cursor.after_row(query.sort, rows[size - 1]).encode() if len(rows) > size else ""
    return InboxPage(rows=rows[:size], next_cursor=next_cursor, count=total, more=more, first_page=after is None)


def _page_rows(
    cases: QuerySet[Application],
    sort: Sort,
    after: Cursor | None,
    start: int,
    stop: int,
    load: Callable[[QuerySet[Application]], QuerySet[Application]],
) -> list[Application]:
    """The rows of a page in two steps: their keys in the list's order (the scope's filters and the
    ordering index alone), then the rows with what they show. In one query with the joins of the
    shown columns, SQLite's planner starts from the centres and sorts every case in scope (3–9 s at
    2 million for a national or regional list)."""
    if after is not None:
        cases = cases.filter(after.q())
    keys = list(ordered(cases, sort).values_list("pk", flat=True)[start:stop])
    found = load(Application.objects.filter(pk__in=keys)).in_bulk(keys)
    return [found[key] for key in keys if key in found]


def api_page(
    user: Viewer,
    query: InboxQuery,
    *,
    overdue: bool | None,
    after: Cursor | None,
    offset: int,
    size: int,
    today: dt.date,
) -> InboxPage:
    """A page of the API's list: the inbox's query, keyset pages (`offset` kept for old clients)."""
    cases = inbox_cases(user, query, today=today)
    if overdue is True:
        cases = cases.filter(overdue_q(today))
    elif overdue is False:
        cases = cases.exclude(overdue_q(today))
    total, more = capped_count(cases)
    rows = _page_rows(
        cases,
        query.sort,
        after,
        offset,
        offset + size + 1,
        lambda found: found.select_related(
            "service", "service_version", "agency", "center", "applicant", "representative"
        ),
    )
    next_cursor = Cursor.after_row(query.sort, rows[size - 1]).encode() if len(rows) > size else ""
    return InboxPage(rows=rows[:size], next_cursor=next_cursor, count=total, more=more, first_page=after is None)


# --- Export ----------------------------------------------------------------------------------------


def export_header() -> list[str]:
    return [
        _("Number"),
        _("Service"),
        _("Centre"),
        _("Applicant"),
        _("Submitted"),
        _("Deadline"),
        _("Status"),
        _("Overdue"),
        _("Assigned to"),
    ]


def export_rows(user: Viewer, query: InboxQuery, *, today: dt.date | None = None) -> tuple[int, Iterator[list[Any]]]:
    """The rows of an export of the current list (scoped, at most EXPORT_CAP, in the list's order),
    audited before anything is sent: one record of the export (filters and row count) and one view
    of each citizen it lists. PINFL masked, no names (like the list on screen)."""
    today = today or today_local()
    cases = ordered(inbox_cases(user, query, today=today), query.sort)
    pairs = list(cases.values_list("applicant_id", "representative_id")[:EXPORT_CAP])
    record(
        actor=user,
        action="export_applications",
        object_type="application_list",
        object_id=str(len(pairs)),
        purpose=f"inbox export: {query.describe()}"[:200],
    )
    citizens = dict.fromkeys(pk for pair in pairs for pk in pair if pk is not None)
    record_citizen_views(actor=user, citizen_ids=citizens, purpose="inbox export")
    rows = listed(cases)[:EXPORT_CAP]

    def generate() -> Iterator[list[Any]]:
        yes, no = _("yes"), _("no")
        for a in rows.iterator(chunk_size=2000):
            yield [
                a.number,
                a.service.name,
                a.center.name,
                a.applicant.masked_pinfl,
                dt_local(a.submitted_at),
                a.due_date.strftime("%d.%m.%Y"),
                status_label(a.status),
                yes if a.is_overdue_on(today) else no,
                a.assigned_to.username if a.assigned_to else "",
            ]

    return len(pairs), generate()


def dt_local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")
