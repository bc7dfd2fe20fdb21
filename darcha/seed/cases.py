"""Applications simulated in memory, event by event, as the live services would have recorded them.

`Case` applies actions with the workflow's own `perform` (the function the live service calls), so
the same table decides what is allowed and the same code moves the deadline; the overdue flag uses
the workflow's `becomes_overdue`, and the same fee function prices the application. Nothing here writes to the database; `darcha.seed.writer`
numbers the cases and bulk-inserts them. A test replays a sample through the real services to
prove the mirror stays faithful (darcha/seed/tests/test_seed_demo.py).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import random
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from darcha.accounts.models import User
from darcha.accounts.roles import role_of
from darcha.applications.choices import PAYABLE
from darcha.applications.models import PaymentStatus, RepresentativeBasis
from darcha.applications.services import initial_payment_status
from darcha.applications.workflow import (
    FINAL_STATES,
    INITIAL_STATE,
    DeadlineRule,
    EventKind,
    RejectionReason,
    WithdrawalReason,
    becomes_overdue,
    perform,
    should_accept_at_intake,
)
from darcha.catalog.choices import CalendarRegime, Channel
from darcha.catalog.fees import FeeQuote, exemption_categories, fee_is_known, quote_for
from darcha.catalog.models import ServiceVersion
from darcha.centers import calendar
from darcha.centers.models import Center
from darcha.payments.models import PaymentMethod
from darcha.people.models import Citizen
from darcha.seed import patterns
from darcha.seed.patterns import Profile

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
BACK_OFFICE_HOURS = (9 * 60, 18 * 60)


def local_date(moment: dt.datetime) -> dt.date:
    # The simulation's own moments are already in local time; others (from the database) are converted.
    return moment.date() if moment.tzinfo is TZ else moment.astimezone(TZ).date()


@functools.lru_cache(maxsize=4096)
def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=TZ)


def at_minute(day: dt.date, minute: int) -> dt.datetime:
    return _midnight(day) + dt.timedelta(minutes=minute)


class WorkingDays:
    """The calendar's own functions, each distinct question asked once per run (they are pure for a run)."""

    def __init__(self) -> None:
        self._open: dict[tuple[dt.date, str], bool] = {}
        self._add: dict[tuple[dt.date, int, str], dt.date] = {}
        self._between: dict[tuple[dt.date, dt.date, str], int] = {}

    def is_working_day(self, day: dt.date, regime: str) -> bool:
        key = (day, regime)
        if key not in self._open:
            self._open[key] = calendar.is_working_day(day, regime)
        return self._open[key]

    def add(self, start: dt.date, count: int, regime: str) -> dt.date:
        key = (start, count, regime)
        if key not in self._add:
            self._add[key] = calendar.add_working_days(start, count, regime)
        return self._add[key]

    def between(self, start: dt.date, end: dt.date, regime: str) -> int:
        key = (start, end, regime)
        if key not in self._between:
            self._between[key] = calendar.working_days_between(start, end, regime)
        return self._between[key]


class BhmTable:
    """`bhm_on` over rows read once: the value in force on a day is the latest one effective by then."""

    def __init__(self, rows: list[tuple[dt.date, int]]) -> None:
        self._rows = sorted(rows)
        self._days = [day for day, _value in self._rows]

    def on(self, day: dt.date) -> int:
        index = bisect.bisect_right(self._days, day) - 1
        if index < 0:
            raise ValueError(f"No BHM value is recorded for {day}.")
        return self._rows[index][1]


@dataclass(frozen=True)
class VersionRules:
    version: ServiceVersion
    mandatory: tuple[str, ...]
    optional: tuple[str, ...]


@dataclass
class ServiceRules:
    id: int
    code: str
    category: str
    agency_id: int
    channels: tuple[str, ...]
    versions: list[VersionRules]  # newest first, as `version_in_force` orders them
    profile: Profile
    weight: float
    season: tuple[float, ...]
    ages: tuple[int, int]

    def version_at(self, at: dt.datetime) -> VersionRules:
        for rules in self.versions:
            if rules.version.valid_from <= at:
                return rules
        # A catalog loaded later than the history it is used for: the first rules stand in.
        return self.versions[-1]

    def channel_at(self, centre: Center) -> str | None:
        """The channel an application at this centre comes through, or None if the service is not offered there."""
        wanted = [Channel.MOBILE_UNIT, Channel.FRONT_DESK] if centre.kind == Center.Kind.MOBILE_UNIT else []
        wanted += [Channel.FRONT_DESK, Channel.HOME_VISIT]
        if not self.channels:
            return wanted[0]
        return next((c for c in wanted if c in self.channels), None)


@dataclass
class CentreRules:
    centre: Center
    operator: User
    hours: dict[int, tuple[int, int]]  # weekday -> (opens, closes) in minutes

    def is_open(self, day: dt.date, days: WorkingDays) -> bool:
        return day.weekday() in self.hours and days.is_working_day(day, CalendarRegime.SIX_DAY)

    def next_open_day(self, day: dt.date, count: int, days: WorkingDays) -> dt.date:
        """The `count`-th day the centre is open after `day` (count 0: `day` itself if open)."""
        if count == 0 and self.is_open(day, days):
            return day
        remaining = max(count, 1)
        while True:
            day += dt.timedelta(days=1)
            if self.is_open(day, days):
                remaining -= 1
                if not remaining:
                    return day


@dataclass
class World:
    """Everything the generator reads, loaded once from the database."""

    now: dt.datetime
    days: WorkingDays
    bhm: BhmTable
    services: list[ServiceRules]
    centres: list[CentreRules]
    officers: dict[int, User]  # agency id -> back-office officer
    fallback_officer: User
    citizens: list[Citizen]
    parent_of: dict[int, int]
    home_share: float = 0.88  # applications made at the centre of the applicant's own district
    by_district: dict[int, list[Citizen]] = field(default_factory=dict)
    by_id: dict[int, Citizen] = field(default_factory=dict)
    adults_by_mahalla: dict[int | None, list[Citizen]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        today = self.today
        for citizen in self.citizens:
            district_id = citizen.mahalla.district_id if citizen.mahalla else 0
            self.by_district.setdefault(district_id, []).append(citizen)
            self.by_id[citizen.pk] = citizen
            if citizen.age_on(today) >= 18:
                self.adults_by_mahalla.setdefault(citizen.mahalla_id, []).append(citizen)

    @property
    def today(self) -> dt.date:
        return local_date(self.now)


@dataclass(slots=True)
class ApplicationRow:
    """The columns of an `Application`, light enough to make a million of (written by darcha.seed.writer)."""

    uuid: uuid.UUID
    service_id: int
    service_version_id: int
    agency_id: int
    applicant_id: int
    center_id: int
    number_block: int
    channel: str
    fee_uzs: int
    fee_details: dict[str, Any]
    payment_status: str
    created_by_id: int | None
    documents_presented: list[str]
    documents_missing: list[str]
    representative_id: int | None = None
    representative_basis: str = ""
    representative_document: str = ""
    number: str = ""
    status: str = INITIAL_STATE
    version: int = 1
    submitted_at: dt.datetime = dt.datetime.min
    due_date: dt.date = dt.date.min
    clock_paused_on: dt.date | None = None
    paused_working_days: int = 0
    decided_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    reason_code: str = ""
    overdue_since: dt.date | None = None
    pk: int | None = None


@dataclass(slots=True)
class PaymentRow:
    """The columns of a `darcha.payments.models.Payment`: the receipt the cashier recorded."""

    uuid: uuid.UUID
    amount_uzs: int
    method: str
    receipt_number: str
    confirmed_fee: bool
    recorded_by_id: int | None
    recorded_at: dt.datetime
    application_id: int | None = None


@dataclass(slots=True)
class EventRow:
    """The columns of an `ApplicationEvent`."""

    uuid: uuid.UUID
    sequence: int
    action: str
    from_status: str
    to_status: str
    actor_id: int | None
    actor_role: str
    at: dt.datetime
    comment: str
    reason_code: str
    due_date_before: dt.date | None
    due_date_after: dt.date
    deadline_rule: str
    data: dict[str, Any]
    application_id: int | None = None


class Case:
    """One application and its events, changed only the way the live services change them."""

    def __init__(self, application: ApplicationRow, regime: str, days: WorkingDays, rng: random.Random) -> None:
        self.app = application
        self.regime = regime
        self.days = days
        self.rng = rng
        self.events: list[EventRow] = []
        self.payment: PaymentRow | None = None

    @property
    def last_at(self) -> dt.datetime:
        return self.events[-1].at

    def _record(
        self,
        *,
        action: str,
        from_status: str,
        actor: User | None,
        at: dt.datetime,
        comment: str = "",
        reason_code: str = "",
        due_before: dt.date | None = None,
        deadline_rule: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            EventRow(
                uuid=uuid.UUID(int=self.rng.getrandbits(128), version=4),
                sequence=len(self.events) + 1,
                action=action,
                from_status=from_status,
                to_status=self.app.status,
                actor_id=actor.id if actor else None,
                actor_role=_role(actor) if actor else "",
                at=at,
                comment=comment,
                reason_code=reason_code,
                due_date_before=due_before,
                due_date_after=self.app.due_date,
                deadline_rule=deadline_rule,
                data=data or {},
            )
        )

    def submit(self, *, actor: User, at: dt.datetime, version: ServiceVersion) -> None:
        """As `submit_application`: the deadline is the legal term in working days of the service's week."""
        self.app.status = INITIAL_STATE
        self.app.submitted_at = at
        self.app.due_date = self.days.add(local_date(at), version.term_working_days, version.calendar_regime)
        self._record(
            action=EventKind.SUBMIT,
            from_status="",
            actor=actor,
            at=at,
            deadline_rule=DeadlineRule.LEGAL_TERM,
            data={"term_working_days": version.term_working_days, "version": version.number},
        )

    def apply(self, name: str, *, actor: User, at: dt.datetime, comment: str = "", reason_code: str = "") -> None:
        """As `services.perform_transition`: the workflow's `perform` refuses what the live service would."""
        self.catch_up_overdue(at)
        step = perform(
            self.app,
            name,
            role=role_of(actor),
            at=at,
            today=local_date(at),
            regime=self.regime,
            add_days=self.days.add,
            days_between=self.days.between,
            comment=comment,
            reason_code=reason_code,
        )
        self._record(actor=actor, at=at, **step.event())

    def catch_up_overdue(self, moment: dt.datetime) -> None:
        """As the worker's `mark_overdue` (every five minutes): flag a running clock past its deadline once."""
        app = self.app
        if not becomes_overdue(app, local_date(moment)):
            return
        marked = max(at_minute(app.due_date + dt.timedelta(days=1), 5), self.last_at + dt.timedelta(minutes=5))
        if marked > moment:
            return
        app.overdue_since = local_date(marked)
        self._record(action=EventKind.OVERDUE, from_status=app.status, actor=None, at=marked)

    def pay(self, *, actor: User, at: dt.datetime, method: str, receipt_number: str) -> None:
        """As `darcha.payments.services.record_payment`: the fee paid in full, or (a fee to be
        confirmed) confirmed by the receipt's amount; a `payment` entry and the cashier's receipt."""
        app = self.app
        if app.status in FINAL_STATES or app.payment_status not in PAYABLE:
            raise ValueError(f"No payment can be recorded for a case {app.status}, fee {app.payment_status}.")
        confirming = app.payment_status == PaymentStatus.UNCONFIRMED
        amount = app.fee_uzs
        app.payment_status = PaymentStatus.PAID
        data: dict[str, Any] = {"amount_uzs": amount, "method": method, "receipt_number": receipt_number}
        if confirming:
            app.fee_details = {**app.fee_details, "total_uzs": amount}
            data["fee_confirmed"] = True
        self.payment = PaymentRow(
            uuid=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            amount_uzs=amount,
            method=method,
            receipt_number=receipt_number,
            confirmed_fee=confirming,
            recorded_by_id=actor.pk,
            recorded_at=at,
        )
        self._record(action=EventKind.PAYMENT, from_status=app.status, actor=actor, at=at, data=data)

    def confirm_no_fee(self, *, actor: User, at: dt.datetime, basis: str) -> None:
        """As `darcha.payments.services.confirm_no_fee`: a fee to be confirmed is not due, on a basis."""
        app = self.app
        if app.status in FINAL_STATES or app.payment_status != PaymentStatus.UNCONFIRMED:
            raise ValueError(f"No fee can be confirmed for a case {app.status}, fee {app.payment_status}.")
        app.fee_uzs = 0
        app.fee_details = {**app.fee_details, "total_uzs": 0}
        app.payment_status = PaymentStatus.NOT_REQUIRED
        self._record(action=EventKind.FEE_CONFIRMED, from_status=app.status, actor=actor, at=at, data={"basis": basis})


_ROLES: dict[int, str] = {}


def _role(actor: User) -> str:
    """`role_of`, read once per demo user: the staff do not change during a run."""
    if actor.pk is None:
        return role_of(actor)
    role = _ROLES.get(actor.pk)
    if role is None:
        role = _ROLES[actor.pk] = role_of(actor)
    return role


class _Stop(Exception):
    """The next planned step lies after `now`: the case stays as it is today."""


def _time_on(
    rng: random.Random, day: dt.date, after: dt.datetime | None, window: tuple[int, int], *, morning: bool = False
) -> dt.datetime:
    opens, closes = window
    if after is not None and local_date(after) >= day:
        if local_date(after) > day:
            day = local_date(after)
        local = after.astimezone(TZ)
        opens = max(opens, local.hour * 60 + local.minute + 1)
    if opens >= closes:
        return (after or at_minute(day, closes)) + dt.timedelta(minutes=rng.randint(1, 5))
    span = closes - opens
    offset = rng.triangular(0, span, span * 0.3) if morning else rng.uniform(0, span)
    return at_minute(day, opens + int(offset)) + dt.timedelta(seconds=int(rng.random() * 60))


class Generator:
    """Draws applications for a period with the rhythms of `darcha.seed.patterns`."""

    def __init__(self, world: World, rng: random.Random, start: dt.date) -> None:
        self.world = world
        self.rng = rng
        self.start = start
        self._slots: list[tuple[dt.date, CentreRules]] = []
        self._cum: list[float] = []
        self._service_cum: dict[tuple[int, bool], tuple[list[ServiceRules], list[float]]] = {}
        self._quotes: dict[tuple[int, int, str, frozenset[str]], FeeQuote] = {}
        self._build_slots()

    def _build_slots(self) -> None:
        world = self.world
        sizes = {c.centre.pk: len(world.by_district.get(c.centre.district_id, [])) for c in world.centres}
        total = 0.0
        day = self.start
        now_local = world.now.astimezone(TZ)
        while day <= world.today:
            for centre in world.centres:
                if not centre.is_open(day, world.days):
                    continue
                opens, closes = centre.hours[day.weekday()]
                # The mobile unit serves one district's remote villages two days a week: a smaller share.
                size = sizes[centre.centre.pk] * (0.5 if centre.centre.kind == Center.Kind.MOBILE_UNIT else 1.0)
                weight = size * patterns.WEEKDAY_FACTOR[day.weekday()] * self._month_volume(day.month)
                if day == world.today:
                    elapsed = now_local.hour * 60 + now_local.minute - opens
                    weight *= min(max(elapsed / (closes - opens), 0.0), 1.0)
                if weight <= 0:
                    continue
                total += weight
                self._slots.append((day, centre))
                self._cum.append(total)
            day += dt.timedelta(days=1)

    @functools.cache  # noqa: B019 - one generator per run; twelve months
    def _month_volume(self, month: int) -> float:
        services = self.world.services
        weight = sum(s.weight for s in services) or 1.0
        return sum(s.weight * s.season[month - 1] for s in services) / weight

    def _services_for(self, month: int, centre: CentreRules) -> tuple[list[ServiceRules], list[float]]:
        key = (month, centre.centre.kind == Center.Kind.MOBILE_UNIT)
        if key not in self._service_cum:
            offered = [s for s in self.world.services if s.channel_at(centre.centre)]
            cum, total = [], 0.0
            for service in offered:
                total += service.weight * service.season[month - 1]
                cum.append(total)
            self._service_cum[key] = (offered, cum)
        return self._service_cum[key]

    def generate(self, count: int) -> list[Case]:
        if not self._slots or not self.world.services:
            return []
        cases = []
        for slot in self.rng.choices(range(len(self._slots)), cum_weights=self._cum, k=count):
            case = self._one(*self._slots[slot])
            if case is not None:
                cases.append(case)
        return cases

    @property
    def slots(self) -> list[tuple[dt.date, CentreRules]]:
        """(day, centre) pairs when a centre is open, in order of time."""
        return self._slots

    def slot_weights(self) -> list[float]:
        """The expected share of applications of each slot (unnormalised)."""
        return [high - low for low, high in zip([0.0, *self._cum[:-1]], self._cum, strict=True)]

    def generate_at(self, slot: int, count: int) -> list[Case]:
        """Exactly `count` cases submitted on one slot's day at its centre (fewer only if none can be drawn)."""
        day, centre = self._slots[slot]
        cases: list[Case] = []
        attempts = 0
        while len(cases) < count and attempts < 50 * count + 100:
            attempts += 1
            case = self._one(day, centre)
            if case is not None:
                cases.append(case)
        return cases

    def _applicant(self, centre: CentreRules, service: ServiceRules, day: dt.date) -> Citizen | None:
        world, rng = self.world, self.rng
        district = centre.centre.district_id
        if centre.centre.kind != Center.Kind.MOBILE_UNIT and rng.random() > world.home_share:
            district = rng.choice(sorted(world.by_district))
        pool = world.by_district.get(district) or []
        if not pool:
            return None
        low, high = service.ages
        for _attempt in range(40):
            citizen = rng.choice(pool)
            if low <= citizen.age_on(day) <= high:
                return citizen
        eligible = [c for c in pool if low <= c.age_on(day) <= high]
        return rng.choice(eligible) if eligible else None

    def _representative(self, applicant: Citizen, day: dt.date) -> tuple[Citizen | None, str, str]:
        rng = self.rng
        if applicant.age_on(day) < 16:
            parent = self.world.by_id.get(self.world.parent_of.get(applicant.pk, 0))
            if parent is None:
                return None, "missing", ""
            return parent, RepresentativeBasis.PARENT, f"Tugʻilganlik haqida guvohnoma №{rng.randint(100000, 999999)}"
        if applicant.disability_group == "1" and rng.random() < 0.4:
            relatives = [c for c in self.world.adults_by_mahalla.get(applicant.mahalla_id, []) if c.pk != applicant.pk]
            if relatives:
                return (
                    rng.choice(relatives),
                    RepresentativeBasis.POWER_OF_ATTORNEY,
                    f"Notarial ishonchnoma №{rng.randint(1000, 99999)}",
                )
        return None, "", ""

    def _one(self, day: dt.date, centre: CentreRules) -> Case | None:
        world, rng = self.world, self.rng
        services, cum = self._services_for(day.month, centre)
        if not services:
            return None
        service = rng.choices(services, cum_weights=cum)[0]
        applicant = self._applicant(centre, service, day)
        if applicant is None:
            return None
        representative, basis, basis_document = self._representative(applicant, day)
        if basis == "missing":
            return None
        opens, closes = centre.hours[day.weekday()]
        if day == world.today:
            local = world.now.astimezone(TZ)
            closes = min(closes, local.hour * 60 + local.minute)
        submitted_at = _time_on(rng, day, None, (opens, closes), morning=True)
        if submitted_at >= world.now:
            return None
        rules = service.version_at(submitted_at)
        version = rules.version
        presented = list(rules.mandatory) + [code for code in rules.optional if rng.random() < 0.5]
        if rules.mandatory and rng.random() < 0.03:
            presented.remove(rng.choice(rules.mandatory))
        presented = [c for c in rules.mandatory + rules.optional if c in presented]  # the checklist's order
        missing = [c for c in rules.mandatory if c not in presented]
        channel = service.channel_at(centre.centre) or Channel.FRONT_DESK
        if channel == Channel.HOME_VISIT and service.code != "HOME_VISIT_SERVICE":
            channel = Channel.FRONT_DESK if Channel.FRONT_DESK in service.channels else channel
        groups = exemption_categories(
            disability_group=applicant.disability_group,
            in_social_registry=applicant.in_social_registry,
            age=applicant.age_on(day),
        )
        bhm = world.bhm.on(day)
        key = (version.pk, bhm, channel, frozenset(groups))
        quote = self._quotes.get(key)
        if quote is None:  # a pure function of its inputs: asked once per combination
            quote = self._quotes[key] = quote_for(version, bhm_uzs=bhm, channel=channel, applicant_groups=groups)
        application = ApplicationRow(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            service_id=service.id,
            service_version_id=version.pk,
            agency_id=service.agency_id,
            applicant_id=applicant.pk,
            representative_id=representative.pk if representative else None,
            representative_basis=basis,
            representative_document=basis_document,
            center_id=centre.centre.pk,
            number_block=centre.centre.number_block,
            channel=channel,
            documents_presented=presented,
            documents_missing=missing,
            fee_uzs=quote.total_uzs,
            fee_details=quote.as_dict(),
            payment_status=initial_payment_status(fee_known=fee_is_known(version), total_uzs=quote.total_uzs),
            created_by_id=centre.operator.pk,
        )
        case = Case(application, version.calendar_regime, world.days, rng)
        case.submit(actor=centre.operator, at=submitted_at, version=version)
        with contextlib.suppress(_Stop):
            self._live(case, service, centre, version)
        case.catch_up_overdue(world.now)
        return case

    def _live(self, case: Case, service: ServiceRules, centre: CentreRules, version: ServiceVersion) -> None:
        """Plan the rest of the case's life and play it until `now`."""
        world, rng, days = self.world, self.rng, self.world.days
        regime = version.calendar_regime
        operator = centre.operator
        officer = world.officers.get(service.agency_id, world.fallback_officer)
        profile = service.profile
        front = centre.hours

        def go(name: str, actor: User, at: dt.datetime, **kw: str) -> None:
            if at > world.now:
                raise _Stop
            case.apply(name, actor=actor, at=at, **kw)

        def front_time(day: dt.date) -> dt.datetime:
            return _time_on(rng, day, case.last_at, front.get(day.weekday(), BACK_OFFICE_HOURS))

        def back_time(day: dt.date) -> dt.datetime:
            return _time_on(rng, day, case.last_at, BACK_OFFICE_HOURS)

        submitted_on = local_date(case.app.submitted_at)
        if not should_accept_at_intake(documents_missing=case.app.documents_missing):
            # Never accepted: most citizens withdraw and come back with the documents.
            if rng.random() < 0.7:
                go(
                    EventKind.WITHDRAW,
                    operator,
                    front_time(centre.next_open_day(submitted_on, rng.randint(1, 10), days)),
                    reason_code=WithdrawalReason.DOCUMENTS_UNAVAILABLE,
                )
            return
        # The intake policy: a complete checklist is accepted in the same moment, by the same operator.
        go(EventKind.ACCEPT, operator, case.app.submitted_at)
        if rng.random() < 0.85:  # most pay at the cash desk or terminal right after the intake
            self._settle(case, operator, case.last_at)
        accepted_on = local_date(case.last_at)
        if rng.random() < 0.015:
            go(
                EventKind.WITHDRAW,
                operator,
                front_time(centre.next_open_day(accepted_on, rng.randint(1, 5), days)),
                reason_code=WithdrawalReason.NO_LONGER_NEEDED,
            )
            return

        term = version.term_working_days
        if rng.random() < profile.late:
            offset = term + rng.randint(1, max(2, term // 2 + 3))
        else:
            offset = min(term, max(0, round(rng.triangular(term * 0.15, term, term * 0.55))))
        decision_day = max(days.add(submitted_on, offset, regime), accepted_on)
        review_day = min(decision_day, days.add(accepted_on, rng.choice((0, 0, 1, 1, 2)), regime))
        go(EventKind.START_REVIEW, officer, back_time(review_day))

        if rng.random() < profile.info and review_day < decision_day:
            left = days.between(review_day, decision_day, regime)
            request_day = days.add(review_day, rng.randint(0, max(0, left - 1)), regime)
            remaining = days.between(request_day, decision_day, regime)
            go(EventKind.REQUEST_INFO, officer, back_time(request_day), comment=rng.choice(patterns.INFO_REQUESTS))
            if rng.random() < 0.12:
                # The citizen never comes back; some withdraw later, the rest stay paused.
                if rng.random() < 0.6:
                    withdraw_day = centre.next_open_day(request_day, rng.randint(10, 25), days)
                    go(
                        EventKind.WITHDRAW,
                        operator,
                        front_time(withdraw_day),
                        reason_code=WithdrawalReason.DOCUMENTS_UNAVAILABLE,
                    )
                return
            answered_on = centre.next_open_day(request_day, rng.randint(1, 8), days)
            go(EventKind.PROVIDE_INFO, operator, front_time(answered_on), comment=patterns.INFO_ANSWER)
            decision_day = days.add(answered_on, remaining, regime)
        elif rng.random() < 0.01:
            withdraw_day = centre.next_open_day(review_day, rng.randint(1, 3), days)
            if withdraw_day <= decision_day:
                go(
                    EventKind.WITHDRAW,
                    operator,
                    front_time(withdraw_day),
                    reason_code=WithdrawalReason.NO_LONGER_NEEDED,
                )
                return

        if rng.random() < profile.reject:
            reasons = [r for r, _w in patterns.REJECTION_REASONS]
            reason = rng.choices(reasons, weights=[w for _r, w in patterns.REJECTION_REASONS])[0]
            comment = patterns.OTHER_REJECTION_COMMENT if reason == RejectionReason.OTHER else ""
            go(EventKind.REJECT, officer, back_time(decision_day), reason_code=reason, comment=comment)
            return
        go(EventKind.APPROVE, officer, back_time(decision_day))
        ready_day = days.add(decision_day, rng.choice((0, 0, 1, 2)), regime)
        go(EventKind.MARK_READY, officer, back_time(ready_day))
        if rng.random() < 0.92:
            pickup = front_time(centre.next_open_day(ready_day, rng.randint(0, 8), days))
            if pickup > world.now:
                return
            if case.app.payment_status in PAYABLE:
                # The result is handed over only once the fee is settled (workflow: `deliver`).
                if rng.random() < 0.1:
                    return  # the citizen came without the money: the result waits
                self._settle(case, operator, pickup)
                pickup += dt.timedelta(minutes=rng.randint(1, 4))
            go(EventKind.DELIVER, operator, pickup)

    def _settle(self, case: Case, operator: User, at: dt.datetime) -> None:
        """At the desk: a known fee paid, a fee to be confirmed paid as the receipt says or confirmed as not due."""
        app, rng = case.app, self.rng
        if app.payment_status not in PAYABLE:
            return
        if app.payment_status == PaymentStatus.UNCONFIRMED and not app.fee_uzs:
            case.confirm_no_fee(actor=operator, at=at, basis=patterns.NO_FEE_BASIS)
            return
        method = PaymentMethod.CASH_DESK if rng.random() < 0.6 else PaymentMethod.TERMINAL
        prefix = "K" if method == PaymentMethod.CASH_DESK else "T"
        case.pay(actor=operator, at=at, method=method, receipt_number=f"{prefix}-{rng.randint(100000, 9999999)}")


def generate_cases(world: World, *, count: int, seed: str, start: dt.date) -> list[Case]:
    return Generator(world, random.Random(seed), start).generate(count)
