"""The demo world: reference data, pilot centres, staff, citizens and a year of applications.

`seed_demo` is idempotent: centres and staff are refreshed, citizens are created only if the
demo centres have none, applications only if the demo centres have none. `add_scale` adds a given
number of applications in batches, for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from darcha.accounts.models import User
from darcha.applications.models import Application
from darcha.catalog.models import BhmRate, Service, ServiceVersion, VersionDocument
from darcha.catalog.selectors import CATALOG
from darcha.centers.models import Center
from darcha.core import refcache
from darcha.people.models import Citizen
from darcha.seed import bulk, patterns
from darcha.seed.cases import (
    BhmTable,
    CentreRules,
    ServiceRules,
    VersionRules,
    WorkingDays,
    World,
    at_minute,
    generate_cases,
    local_date,
)
from darcha.seed.people import build_citizens, households
from darcha.seed.places import CENTRES, ensure_centres
from darcha.seed.staff import agencies_by_size, demo_usernames, ensure_staff, operator_username
from darcha.seed.writer import write_cases

DEFAULT_SEED = 2026
DEFAULT_CITIZENS = 2000
DEFAULT_MONTHS = 12
# About ten applications a year per demo citizen gives 15–25 thousand for the default size.
APPLICATIONS_PER_CITIZEN_YEAR = 10

Log = Callable[[str], None]


@dataclass
class SeedResult:
    centres: int
    staff: int
    citizens: int
    citizens_created: int
    applications_created: int
    events_created: int
    seconds: float


def demo_centres() -> list[Center]:
    return list(Center.objects.filter(code__in=[s.code for s in CENTRES]).order_by("number_block"))


def _ensure_citizens(*, count: int, seed: int, today: dt.date, centres: dict[str, Center]) -> int:
    psc = [s for s in CENTRES if s.kind == Center.Kind.PSC]
    if Citizen.objects.filter(registered_at__in=[centres[s.code] for s in psc]).exists():
        return 0
    by_district = {s.district_soato: centres[s.code] for s in psc}
    citizens = build_citizens(count=count, seed=seed, today=today, centres_by_district=by_district)
    Citizen.objects.bulk_create(citizens, batch_size=1000, ignore_conflicts=True)
    return len(citizens)


def _service_rules() -> list[ServiceRules]:
    documents = Prefetch("documents", queryset=VersionDocument.objects.select_related("document"))
    versions = Prefetch(
        "versions", queryset=ServiceVersion.objects.order_by("-valid_from", "-number").prefetch_related(documents)
    )
    services = list(Service.objects.filter(is_active=True).prefetch_related(versions).order_by("code"))
    per_category: dict[str, int] = {}
    for service in services:
        per_category[service.category] = per_category.get(service.category, 0) + 1
    rules = []
    for service in services:
        version_rules = [
            VersionRules(
                version=v,
                mandatory=tuple(line.document.code for line in v.documents.all() if line.mandatory),
                optional=tuple(line.document.code for line in v.documents.all() if not line.mandatory),
            )
            for v in service.versions.all()
        ]
        if not version_rules:
            continue
        profile = patterns.profile_for(service.category)
        rules.append(
            ServiceRules(
                id=service.pk,
                code=service.code,
                category=service.category,
                agency_id=service.agency_id,
                channels=tuple(service.channels or ()),
                versions=version_rules,
                profile=profile,
                weight=profile.weight / per_category[service.category] * patterns.CODE_WEIGHT.get(service.code, 1.0),
                season=patterns.season_for(service.code, service.category),
                ages=patterns.applicant_ages(service.code),
            )
        )
    return rules


def backdate_first_versions(start: dt.date) -> int:
    """Let the catalog's first rules cover the demo's history.

    The catalog loader dates a service's first version from the moment it ran, so a year of
    history would have no rules in force. For a service without applications, the first version
    is moved back to the start of the demo period (the demo assumes today's rules applied all
    year; docs/demo-data.md). Versions that applications use are never touched.
    """
    moment = at_minute(start, 0)
    used = Application.objects.values("service_version_id")
    moved = 0
    for service in Service.objects.filter(is_active=True).exclude(applications__isnull=False):
        first = service.versions.exclude(pk__in=used).order_by("valid_from", "number").first()
        if (
            first is not None
            and first.valid_from > moment
            and first == service.versions.order_by("valid_from", "number").first()
        ):
            ServiceVersion.objects.filter(pk=first.pk).update(valid_from=moment)
            moved += 1
    if moved:
        refcache.bump(CATALOG)  # a bulk update sends no signal: say that the catalog changed
    return moved


def load_world(*, seed: int, now: dt.datetime) -> World:
    """Read what the generator needs once: catalog, calendar, BHM, centres, staff, citizens."""
    centres = {c.code: c for c in demo_centres()}
    users = {u.username: u for u in User.objects.filter(username__in=demo_usernames())}
    centre_rules = []
    for spec in CENTRES:
        centre = centres.get(spec.code)
        operator = users.get(operator_username(spec.code))
        if centre is None or operator is None:
            continue
        hours = {
            h.weekday: (h.opens.hour * 60 + h.opens.minute, h.closes.hour * 60 + h.closes.minute)
            for h in centre.opening_hours.all()
        }
        centre_rules.append(CentreRules(centre=centre, operator=operator, hours=hours))
    agencies = agencies_by_size()
    officers: dict[int, User] = {}
    for index, agency in enumerate(agencies):
        officer = users.get("officer" if index == 0 else f"officer_{agency.code}")
        if officer is not None:
            officers[agency.pk] = officer
    citizens = list(
        Citizen.objects.filter(registered_at__in=list(centres.values())).select_related("mahalla").order_by("pinfl")
    )
    today = local_date(now)
    return World(
        now=now,
        days=WorkingDays(),
        bhm=BhmTable(list(BhmRate.objects.values_list("effective_from", "value_uzs"))),
        services=_service_rules(),
        centres=centre_rules,
        officers=officers,
        fallback_officer=users["admin"],
        citizens=citizens,
        parent_of=households(citizens, seed, today).parent_of,
    )


def period_start(today: dt.date, months: int) -> dt.date:
    return today - dt.timedelta(days=round(months * 365.25 / 12)) + dt.timedelta(days=1)


def seed_demo(
    *,
    seed: int = DEFAULT_SEED,
    citizens: int = DEFAULT_CITIZENS,
    months: int = DEFAULT_MONTHS,
    applications: int | None = None,
    now: dt.datetime | None = None,
    log: Log = lambda message: None,
) -> SeedResult:
    started = time.monotonic()
    now = now or timezone.now()
    today = local_date(now)
    with transaction.atomic():
        centres = ensure_centres()
        users = ensure_staff(centres)
        created = _ensure_citizens(count=citizens, seed=seed, today=today, centres=centres)
    log(f"centres: {len(centres)}, staff: {len(users)}, citizens created: {created}")
    apps_created = events_created = 0
    if Application.objects.filter(center__in=list(centres.values())).exists():
        log("applications: the demo centres already have applications; none added")
    else:
        with transaction.atomic():
            backdate_first_versions(period_start(today, months))
            world = load_world(seed=seed, now=now)
            if not world.services:
                log("applications: the service catalog is empty; load it first (load_reference_data)")
            else:
                target = (
                    applications
                    if applications is not None
                    else citizens * APPLICATIONS_PER_CITIZEN_YEAR * months // 12
                )
                generated_at = time.monotonic()
                cases = generate_cases(
                    world, count=target, seed=f"darcha-applications-{seed}", start=period_start(today, months)
                )
                written_at = time.monotonic()
                apps_created, events_created = write_cases(cases)
                log(
                    f"applications: {apps_created}, events: {events_created} "
                    f"(simulated in {written_at - generated_at:.1f} s, written in {time.monotonic() - written_at:.1f} s)"
                )
    if apps_created:
        # The demo's cases are written in bulk, past the services (rollups, statistics).
        bulk.after_bulk_load(log=log)
    return SeedResult(
        centres=len(centres),
        staff=len(users),
        citizens=Citizen.objects.filter(registered_at__in=list(centres.values())).count(),
        citizens_created=created,
        applications_created=apps_created,
        events_created=events_created,
        seconds=time.monotonic() - started,
    )


def add_scale(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    months: int = DEFAULT_MONTHS,
    workers: int = 2,
    distinct: float = bulk.DEFAULT_DISTINCT,
    now: dt.datetime | None = None,
    log: Log = lambda message: None,
) -> bulk.BulkResult:
    """Add exactly `count` applications over the last `months` (darcha.seed.bulk)."""
    now = now or timezone.now()
    world = load_world(seed=seed, now=now)
    if not world.services or not world.citizens:
        raise ValueError("Seed the demo (with a service catalog) before adding applications at scale.")
    # Another run must not repeat the same draws: the stream depends on what is already there.
    stream = f"darcha-scale-{seed}-{Application.objects.count()}"
    return bulk.load(
        world,
        count=count,
        seed=stream,
        start=period_start(local_date(now), months),
        workers=workers,
        distinct=distinct,
        log=log,
    )
