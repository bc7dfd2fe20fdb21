"""Reads of applications, always scoped to the user (darcha.accounts.scoping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from darcha.accounts.roles import Capability, Dimension, can
from darcha.accounts.scoping import restrict, scope_of
from darcha.applications.models import Application, ApplicationEvent, ApplicationQuerySet, BacklogCount, DailyCount
from darcha.applications.workflow import (
    FINAL_STATES,
    FRONT_OFFICE_WORK,
    OPEN_STATES,
    EventKind,
    Status,
    WorkList,
    due_soon_q,
    overdue_q,
    state,
)
from darcha.audit.services import record_citizen_view, record_citizen_views
from darcha.catalog.fees import FeeQuote, exemption_categories, quote_for
from darcha.catalog.models import Service, ServiceVersion, VersionDocument
from darcha.catalog.selectors import bhm_on
from darcha.centers.models import Center
from darcha.core.errors import NotFound
from darcha.core.i18n import localized_fields
from darcha.people.models import Citizen

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


def today_local() -> dt.date:
    return timezone.localdate()


def applications_for(user: Viewer) -> QuerySet[Application]:
    return restrict(
        Application.objects.select_related(
            "service", "service_version", "agency", "center", "applicant", "representative", "assigned_to"
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
        queryset = queryset.filter(overdue_q(today))
    elif overdue is False:
        queryset = queryset.exclude(overdue_q(today))
    if due_within_days is not None:
        queryset = queryset.filter(due_soon_q(today, due_within_days))
    return queryset


def application_detail(user: Viewer, number: str) -> Application:
    """One application with its events. Outside the user's scope it is NotFound, like an unknown
    number: a 403 would confirm to a curious user that the number exists."""
    events = ApplicationEvent.objects.select_related("actor").order_by("sequence")
    application = (
        applications_for(user)
        .prefetch_related(Prefetch("events", queryset=events), "payments", "center__opening_hours")
        .filter(number=number)
    )
    found = application.first()
    if found is None:
        raise NotFound(_("No application with this number."))
    return found


def backlog_by_status(queryset: ApplicationQuerySet) -> dict[str, int]:
    rows = queryset.open().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {s: counts.get(s, 0) for s in OPEN_STATES}


# --- Pages (front desk, receipt, back office, centre overview) -------------------------------------


def citizen_at_window(user: Viewer, citizen_id: Any) -> Citizen | None:
    """The citizen the operator found or registered at this window (the id kept in the session).

    The same rule as `darcha.people.selectors.citizen_for_intake`: front-office staff serve whoever
    stands at the window. The id only ever comes from the server-side session, put there after a
    look-up by the full PINFL, never from a URL or a form.
    """
    if not (can(user, Capability.FRONT_OFFICE) and can(user, Capability.SEE_PERSONAL_DATA)):
        return None
    try:
        pk = int(citizen_id)
    except (TypeError, ValueError):
        return None
    return Citizen.objects.select_related("mahalla__district").filter(pk=pk).first()


def quote_for_citizen(version: ServiceVersion, citizen: Citizen, *, channel: str, day: dt.date) -> FeeQuote | None:
    """The fee this citizen would pay today, or None when no BHM value is recorded for the day."""
    try:
        bhm = bhm_on(day)
    except NotFound:
        return None
    groups = exemption_categories(
        disability_group=citizen.disability_group,
        in_social_registry=citizen.in_social_registry,
        age=citizen.age_on(day),
    )
    return quote_for(version, bhm_uzs=bhm, channel=channel, applicant_groups=groups)


@dataclass(frozen=True)
class DocumentLine:
    code: str
    name: str
    mandatory: bool
    presented: bool

    @property
    def missing(self) -> bool:
        return self.mandatory and not self.presented


def document_lines(application: Application) -> list[DocumentLine]:
    """The version's checklist with what was presented at intake (one query)."""
    presented = set(application.documents_presented or [])
    rows = VersionDocument.objects.filter(version_id=application.service_version_id).select_related("document")
    lines = [
        DocumentLine(
            code=row.document.code,
            name=row.document.name,
            mandatory=row.mandatory,
            presented=row.document.code in presented,
        )
        for row in rows
    ]
    known = {line.code for line in lines}
    # A code no longer in the checklist still shows (by its code): nothing presented is hidden.
    lines += [
        DocumentLine(code=c, name=c, mandatory=False, presented=True)
        for c in application.documents_presented
        if c not in known
    ]
    return lines


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight in Tashkent as an aware datetime (submitted_at is stored in UTC)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


# Backlog age bands, in calendar days since submission (inclusive bounds; None = no upper bound).
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 2), (3, 5), (6, 10), (11, None))
# The on-time rate is over the decisions of this many days, today included.
ON_TIME_DAYS = 30


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int
    overdue: int = 0
    # The filtered inbox for the count and for its overdue part ("" when the user has no case pages).
    link: str = ""
    overdue_link: str = ""


@dataclass(frozen=True)
class OnTimeRate:
    """Decisions (approvals, rejections) of the last `days` days and those taken by the deadline."""

    days: int
    decided: int
    on_time: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided else None


@dataclass
class Overview:
    scope_label: str
    personal_data: bool
    today_count: int
    open_count: int
    overdue_count: int
    by_status: list[Tally]
    by_age: list[Tally]
    by_service: list[Tally]
    by_center: list[Tally]
    on_time: OnTimeRate
    # Links of the three headline figures to the filtered inbox ("" without case pages).
    today_link: str = ""
    open_link: str = ""
    overdue_link: str = ""


def _scope_label(user: Viewer) -> str:
    scope = scope_of(user)
    if scope is None:
        return ""
    if scope.is_national:
        return _("Whole country")
    place = {
        Dimension.CENTER: getattr(user, "center", None),
        Dimension.REGION: getattr(user, "region", None),
        Dimension.AGENCY: getattr(user, "agency", None),
    }.get(scope.dimension)
    return str(place.name) if place is not None else ""


def inbox_link(base: str = "", **filters: str | int) -> str:
    """The back-office inbox filtered as the inbox's URL contract says (status, service, center, due,
    age, submitted); `base` is the inbox's URL when the caller has it already (reverse() once a page)."""
    url = base or reverse("applications:inbox")
    return f"{url}?{urlencode(filters)}" if filters else url


def age_band_q(low: int, high: int | None, today: dt.date, *, day_field: str = "submitted_on") -> Q:
    """Submitted between `high` and `low` calendar days before today (a row of AGE_BANDS)."""
    band = Q(**{f"{day_field}__lte": today - dt.timedelta(days=low)}) if low else Q()
    if high is not None:
        band &= Q(**{f"{day_field}__gte": today - dt.timedelta(days=high)})
    return band


def _sum(field: str, q: Q | None = None) -> Coalesce:
    return Coalesce(Sum(field, filter=q), 0)


def overview_for(user: Viewer, *, today: dt.date | None = None) -> Overview:
    """Figures for the management overview, inside the user's scope, read from the rollups.

    Every figure is a small sum over the rollup tables (darcha/applications/rollups.py) restricted
    to the user's scope like the applications themselves: a handful of queries over a few thousand
    rows whatever the number of applications. The cases behind a figure are one click away: each
    figure links to the inbox filtered to them (today's intake, the overdue cases nearest deadline
    first …), which pages through them by keyset. A national analyst, who has no case pages, gets
    the figures alone, without links.
    """
    today = today or today_local()
    scope = scope_of(user)
    personal = can(user, Capability.SEE_PERSONAL_DATA)
    # Figures link to the filtered inbox for those who may open it (the inbox's own capability).
    inbox = reverse("applications:inbox")

    def link(**filters: str | int) -> str:
        return inbox_link(inbox, **filters) if personal else ""

    late = overdue_q(today)
    backlog = restrict(BacklogCount.objects.all(), user).order_by()

    bands = {f"age_{low}": _sum("count", age_band_q(low, high, today)) for low, high in AGE_BANDS}
    per_status = {
        row["status"]: row
        for row in backlog.values("status").annotate(n=_sum("count"), late=_sum("count", late), **bands)
    }
    by_status = [
        Tally(
            key=s.value,
            label=str(s.label),
            count=per_status.get(s.value, {}).get("n", 0),
            link=link(status=s.value),
        )
        for s in Status
        if s.value in OPEN_STATES
    ]
    by_age = []
    for low, high in AGE_BANDS:
        label = (
            _("%(low)s–%(high)s days") % {"low": low, "high": high}
            if high is not None
            else _("over %(days)s days") % {"days": low - 1}
        )
        count = sum(row[f"age_{low}"] for row in per_status.values())
        by_age.append(Tally(key=f"{low}", label=label, count=count, link=link(age=low)))

    def grouped(field: str) -> list[dict[str, Any]]:
        return list(
            backlog.values(field)
            .annotate(n=_sum("count"), late=_sum("count", late))
            .filter(n__gt=0)
            .order_by("-n", field)
        )

    named = [*localized_fields("name")]
    service_rows = grouped("service_id")
    services = Service.objects.only("code", *named).in_bulk([row["service_id"] for row in service_rows])
    by_service = [
        Tally(
            key=services[r["service_id"]].code,
            label=services[r["service_id"]].name,
            count=r["n"],
            overdue=r["late"],
            link=link(service=services[r["service_id"]].code),
            overdue_link=link(service=services[r["service_id"]].code, due="overdue"),
        )
        for r in service_rows
    ]
    by_center: list[Tally] = []
    if scope is not None and scope.dimension != Dimension.CENTER:
        center_rows = grouped("center_id")
        centers = Center.objects.only("code", *named).in_bulk([row["center_id"] for row in center_rows])
        by_center = [
            Tally(
                key=centers[r["center_id"]].code,
                label=centers[r["center_id"]].name,
                count=r["n"],
                overdue=r["late"],
                link=link(center=centers[r["center_id"]].code),
                overdue_link=link(center=centers[r["center_id"]].code, due="overdue"),
            )
            for r in center_rows
        ]

    since = today - dt.timedelta(days=ON_TIME_DAYS - 1)
    days = (
        restrict(DailyCount.objects.all(), user)
        .filter(day__gte=since, day__lte=today)
        .aggregate(today=_sum("submitted", Q(day=today)), decided=_sum("decided"), on_time=_sum("decided_on_time"))
    )

    return Overview(
        scope_label=_scope_label(user),
        personal_data=personal,
        today_count=days["today"],
        open_count=sum(row["n"] for row in per_status.values()),
        overdue_count=sum(row["late"] for row in per_status.values()),
        by_status=by_status,
        by_age=by_age,
        by_service=by_service,
        by_center=by_center,
        on_time=OnTimeRate(days=ON_TIME_DAYS, decided=days["decided"], on_time=days["on_time"]),
        today_link=link(submitted="today"),
        open_link=link(),
        overdue_link=link(due="overdue"),
    )


def record_listed_citizens(user: Viewer, applications: list[Application], *, purpose: str) -> None:
    """A list that names applicants is a view of each of them: one audit entry per citizen shown."""
    shown = dict.fromkeys(pk for a in applications for pk in (a.applicant_id, a.representative_id) if pk is not None)
    # One lock of the chain's head and one batch insert for the page (was one round of queries each).
    record_citizen_views(actor=user, citizen_ids=shown, purpose=purpose)


def application_for_staff(user: Viewer, number: str, *, purpose: str) -> Application:
    """`application_detail` for a staff page that shows the applicant: the view is audited.

    Staff pages (receipt, case page) show names and phone numbers, so each opening is written to
    the audit chain, like a front-desk look-up by PINFL (ARCHITECTURE.md, "Personal data").
    """
    application = application_detail(user, number)
    record_citizen_view(actor=user, citizen_id=application.applicant_id, purpose=purpose)
    if application.representative_id:
        record_citizen_view(actor=user, citizen_id=application.representative_id, purpose=purpose)
    return application


# --- The front desk: the citizen's current cases, the centre's work, information requests ----------


def current_applications_of(user: Viewer, citizen: Citizen, *, limit: int = 20) -> list[Application]:
    """The citizen's applications not yet closed (open, approved or ready), as applicant or
    representative, that the user's scope shows: the desk lists them when the citizen is found, so a
    second application for the same need is a decision, not an accident."""
    rows = (
        applications_for(user)
        .filter(Q(applicant=citizen) | Q(representative=citizen))
        .exclude(status__in=FINAL_STATES)
        .order_by("-submitted_at", "-pk")
    )
    return list(rows[:limit])


def open_for_service(applications: list[Application], service: Service) -> list[Application]:
    """Of a citizen's current applications, those still open for this service (a likely duplicate)."""
    return [a for a in applications if a.service_id == service.pk and a.status in OPEN_STATES]


@dataclass(frozen=True)
class WorkQueue:
    work: WorkList
    # Counted up to COUNT_CAP; `more` when there are more.
    count: int
    more: bool
    applications: list[Application]


def front_office_work(user: Viewer, *, limit: int = 10) -> list[WorkQueue]:
    """What the front office must act on at the user's centre (workflow.FRONT_OFFICE_WORK): cases
    waiting for documents or for the citizen's answer, results to hand over, fees to take. Oldest
    first: the longest wait is served first."""
    cases = restrict(Application.objects.all(), user)
    service_names = [f"service__{f}" for f in localized_fields("name")]
    queues = []
    for work in FRONT_OFFICE_WORK:
        rows = cases.filter(work.q())
        count, more = capped_count(rows)
        listed = (
            rows.select_related("service")
            .only("number", "submitted_at", "fee_uzs", "payment_status", "service__code", *service_names)
            .order_by("submitted_at", "pk")[:limit]
        )
        queues.append(WorkQueue(work=work, count=count, more=more, applications=list(listed)))
    return queues


# Lists say "more than 1,000" rather than count every row in scope (issue 12: no COUNT(*) per request).
COUNT_CAP = 1000


def capped_count(cases: QuerySet[Application], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting at most `cap` + 1 (SELECT COUNT(*) FROM (… LIMIT cap+1))."""
    n = cases.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


@dataclass(frozen=True)
class InfoRequest:
    """The officer's request to the citizen, for the pages that must show it prominently."""

    text: str
    requested_at: dt.datetime
    answer_by: dt.date | None
    officer: str


def open_info_request(application: Application) -> InfoRequest | None:
    """The request the case is waiting on (from its prefetched events), or None when it waits for nothing."""
    if not state(application.status).waits_for_citizen:
        return None
    events = [e for e in application.events.all() if e.action == EventKind.REQUEST_INFO]
    if not events:
        return None
    latest = events[-1]
    answer_by = latest.data.get("answer_by")
    return InfoRequest(
        text=latest.comment,
        requested_at=latest.at,
        answer_by=dt.date.fromisoformat(answer_by) if answer_by else None,
        officer=latest.actor.username if latest.actor else "",
    )
