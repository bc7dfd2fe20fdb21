"""Staff pages and API lists at scale: p50/p95 of every staff page and list, beside a bare Django view.

    .venv/bin/python bench/pages.py [--size 200000] [--runs 20] [--only inbox] [--json out.json] [--markdown]
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/darcha_pagesbench --size 300000

What it does, on this machine only:
1. the database: SQLite in var/bench/pages.sqlite3 (the demo database is never touched), or the
   PostgreSQL database of --database-url (or DATABASE_URL), whose name must contain "bench". It is
   migrated, then reused if it holds about --size applications already (counted cheaply: pg_class.reltuples
   on PostgreSQL, MAX(id) on SQLite); otherwise `seed_demo` (the demo world, if there is none) and
   `seed_demo --scale <missing>` fill it up, and PostgreSQL gets an ANALYZE. Nothing is ever deleted;
2. in this process, with django.test.Client and the seeded staff of each role (operator, officer,
   manager, supervisor, analyst, administrator: the demo user of that name, else the first of that
   role), signed in with force_login, it requests every staff page and API list the role may open:
   the desk home, finding a citizen, the inbox (default view, a status, a service and an overdue
   filter, a deep page, searches by number prefix, PINFL and name), a case page, a receipt, the
   overview, the admin's application list (default, search, filter), and with a bearer token
   GET /api/v1/applications (default, filtered, deep), /api/v1/me and /api/v1/services;
3. each row: 2 warm-ups, then --runs timed requests (fewer if the row's --row-seconds run out;
   rows after --max-seconds are skipped), with the status, p50, p95, max and queries per request;
   and for each role the same figures for a bare view returning "ok" through the same middleware
   (bench/urls.py), so a row reads as what the page costs on top of Django itself;
4. a plain table (rows over 300 ms p95 flagged), `--markdown` a table for docs/performance.md,
   `--json` the whole run.

The pages are found by URL, so the script measures today's code and the rebuilt inbox, overview and
API alike: the deep inbox page follows the "next" link (`after=` cursor) 50 pages deep when the page
has one, else asks for ?page=200 (offset pagination); the deep API page follows a `next` link or
cursor in the JSON (`next`, sent back as `after`), else asks for offset=10000; searches are POSTed
as `q` to inbox/search/ when that URL exists (the rebuilt inbox, which redirects to the list: both
requests are the sample), else to the inbox itself, and a 405 there (today's inbox) is marked "not
served by this code", not failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import logging
import math
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_SQLITE = BENCH_DIR / "pages.sqlite3"
GOAL_MS = 300.0
ROLES = ("operator", "officer", "manager", "supervisor", "analyst", "admin")
DEEP_PAGES = 50  # the inbox and the API list are followed this many pages deep by their cursor
OLD_DEEP_PAGE = 200  # without a cursor: ?page=200 (the inbox, 25 a page) / offset 10,000 (the API, 50 a page)
OK_STATUSES = range(200, 400)

Log = Callable[[str], None]


@dataclass
class Target:
    """One request to time: a page or list as one role opens it."""

    name: str
    role: str
    method: str
    path: str
    data: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    follow: bool = False  # a POST answered by a redirect: the page it leads to is part of the sample
    optional: bool = False  # older code may not serve it (a 4xx is noted, not a failure)
    note: str = ""


@dataclass
class Row:
    name: str
    role: str
    path: str
    status: str = ""
    runs: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: int = 0
    baseline_p50_ms: float = 0.0
    ok: bool = False
    unsupported: bool = False
    skipped: bool = False
    note: str = ""

    @property
    def over_goal(self) -> bool:
        return self.runs > 0 and self.p95_ms > GOAL_MS


# --- The database ---------------------------------------------------------------------------------


def bench_environment(database_url: str, sqlite_path: Path) -> dict[str, str]:
    """The variables this run uses: a throwaway instance on 127.0.0.1 (as bench/intake.py)."""
    env = {
        "DARCHA_BENCH": "1",  # development defaults accepted; rate limits may be switched off
        "RATE_LIMITS_ENABLED": "false",  # every request comes from one client
        "DARCHA_PLAIN_STATIC": "1",  # pages render without collectstatic
        "DARCHA_VAR_DIR": str(BENCH_DIR),
        "DARCHA_REQUIRE_2FA": "false",  # staff are signed in with force_login, as in the page tests
        "DEBUG": "false",
        "DARCHA_DEMO": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "darcha.settings",
    }
    if database_url:
        name = urllib.parse.urlparse(database_url).path.lstrip("/")
        if "bench" not in name:
            raise SystemExit(
                f"The database is named {name!r}: bench/pages.py seeds it, so the name must contain 'bench'."
            )
        env["DATABASE_URL"] = database_url
    else:
        env["DATABASE_URL"] = ""
        env["SQLITE_PATH"] = str(sqlite_path)
    return env


def _manage(*args: str) -> None:
    """A management command in its own process (its memory is given back), its output passed through."""
    began = time.monotonic()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=dict(os.environ), check=False)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    print(f"  manage.py {' '.join(args)}: {time.monotonic() - began:.0f} s", flush=True)


def application_estimate() -> int:
    """About how many applications there are, without a COUNT(*): see _estimates."""
    return max(_estimates())


def _estimates() -> tuple[int, int]:
    """(pg_class.reltuples, MAX(id)); reltuples is 0 on SQLite or before PostgreSQL's first ANALYZE.

    MAX(id) is one index look-up and never lags behind a bulk load; reltuples is PostgreSQL's own
    count as of its last ANALYZE (and ignores ids burnt by rolled-back inserts). The larger is taken:
    a stale reltuples right after a seed must not start another seed.
    """
    from django.db import connection

    from darcha.applications.models import Application

    table = Application._meta.db_table
    if table not in connection.introspection.table_names():
        return 0, 0
    with connection.cursor() as cursor:
        analysed = 0
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            analysed = max(0, int(cursor.fetchone()[0] or 0))  # -1: never analysed
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
        return analysed, int(cursor.fetchone()[0] or 0)


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        began = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  ANALYZE: {time.monotonic() - began:.0f} s", flush=True)


def _statistics_are_stale() -> bool:
    """PostgreSQL's statistics lag well behind the table (a bulk load since the last ANALYZE)."""
    from django.db import connection

    analysed, top = _estimates()
    return connection.vendor == "postgresql" and analysed < 0.9 * top


def prepare(size: int) -> int:
    """Migrate, then seed up to about `size` applications if there are fewer; returns the estimate."""
    from django.db import connection

    _manage("migrate", "--noinput", "-v0")
    _manage("createcachetable")
    have = application_estimate()
    if have >= size * 0.98:  # reltuples is an estimate
        print(f"Reusing the database: about {have:,} applications (wanted {size:,}).", flush=True)
        if _statistics_are_stale():
            # Without statistics after a bulk load PostgreSQL plans 10-40x slower (issue 12): the
            # figures would measure the missing ANALYZE, not the pages.
            print("  The planner's statistics are stale (a bulk load since the last ANALYZE):", flush=True)
            _analyze()
        return have
    if have == 0:
        _manage("seed_demo")  # the demo world: centres, staff, citizens, a year of applications
        _analyze()
        have = application_estimate()
    missing = size - have
    if missing > 0:
        print(f"About {have:,} applications: seeding {missing:,} more …", flush=True)
        _manage("seed_demo", "--scale", str(missing))
        connection.close()
        _analyze()
        have = application_estimate()
    return have


def database_label() -> str:
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000} ({connection.settings_dict['NAME']})"
    path = Path(connection.settings_dict["NAME"])
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} ({shown})"


# --- What each role opens ---------------------------------------------------------------------------


def staff_by_role() -> dict[str, Any]:
    """A seeded user of each role: the demo user named after the role if there is one, else the first."""
    from darcha.accounts.models import Role, User

    wanted = {
        "operator": Role.OPERATOR,
        "officer": Role.OFFICER,
        "manager": Role.MANAGER,
        "supervisor": Role.SUPERVISOR,
        "analyst": Role.ANALYST,
        "admin": Role.ADMIN,
    }
    found: dict[str, Any] = {}
    for name, role in wanted.items():
        users = User.objects.filter(role=role, is_active=True).order_by("username")
        if name == "admin":
            users = users.filter(is_superuser=True)
        user = users.filter(username=name).first() or users.first()
        if user is not None:
            found[name] = user
    return found


@dataclass
class Sample:
    """Real data in a role's scope to put in URLs: an application, its applicant, a status, a service."""

    number: str = ""
    pinfl: str = ""
    name: str = ""  # "surname first-name", as an officer types it
    service: str = ""
    center: str = ""


def sample_for(user: Any) -> Sample:
    from darcha.accounts.roles import Capability, can
    from darcha.applications.selectors import applications_for

    if not can(user, Capability.SEE_PERSONAL_DATA):
        return Sample()
    application = applications_for(user).order_by("-pk").first()
    if application is None:
        return Sample()
    return Sample(
        number=application.number,
        pinfl=application.applicant.pinfl,
        name=f"{application.applicant.last_name} {application.applicant.first_name}",
        service=application.service.code,
        center=application.center.code,
    )


def _query(**params: Any) -> str:
    return "?" + urllib.parse.urlencode(params)


def page_targets(role: str, user: Any, sample: Sample) -> list[Target]:
    """The staff pages `role` may open (by its capabilities), in the order a day goes."""
    from django.urls import NoReverseMatch, reverse

    from darcha.accounts.roles import Capability, can
    from darcha.applications.workflow import Status

    targets: list[Target] = []
    if can(user, Capability.FRONT_OFFICE) and getattr(user, "center_id", None):
        desk = reverse("applications:desk")
        targets.append(Target("desk home", role, "GET", desk))
        if sample.pinfl:
            targets.append(
                Target("find a citizen (POST)", role, "POST", reverse("applications:find"), {"pinfl": sample.pinfl})
            )
            targets.append(Target("desk, citizen found", role, "GET", desk, note="after finding the citizen"))
    if can(user, Capability.SEE_PERSONAL_DATA):
        inbox = reverse("applications:inbox")
        targets.append(Target("inbox", role, "GET", inbox))
        targets.append(Target("inbox, status filter", role, "GET", inbox + _query(status=Status.IN_REVIEW.value)))
        if sample.service:
            targets.append(Target("inbox, service filter", role, "GET", inbox + _query(service=sample.service)))
        targets.append(Target("inbox, overdue", role, "GET", inbox + _query(due="overdue")))
        targets.append(Target("inbox, deep page", role, "GET", inbox))  # the path is found by following the cursor
        if sample.number:
            prefix = sample.number[: len(sample.number) - 4]  # DX-2026-101-0001 of DX-2026-101-000123-4
            try:  # the rebuilt inbox takes its search at inbox/search/ and redirects to the list
                search = reverse("applications:inbox_search")
            except NoReverseMatch:
                search = inbox  # today's inbox takes no POST: a 405, marked as not served
            for what, text in (("number prefix", prefix), ("PINFL", sample.pinfl), ("name", sample.name)):
                targets.append(
                    Target(f"inbox search, {what}", role, "POST", search, {"q": text}, follow=True, optional=True)
                )
            targets.append(Target("case page", role, "GET", reverse("applications:detail", args=[sample.number])))
            targets.append(Target("receipt", role, "GET", reverse("applications:receipt", args=[sample.number])))
    if can(user, Capability.SEE_MANAGEMENT_FIGURES):
        targets.append(Target("overview", role, "GET", reverse("applications:overview")))
    if can(user, Capability.ADMINISTER) and user.is_staff:
        changelist = reverse("admin:applications_application_changelist")
        targets.append(Target("admin applications", role, "GET", changelist))
        if sample.number:
            targets.append(Target("admin applications, search", role, "GET", changelist + _query(q=sample.number)))
        targets.append(
            Target("admin applications, filter", role, "GET", changelist + _query(status__exact="in_review"))
        )
    return targets


def api_targets(role: str, token: str, sample: Sample, *, services: bool) -> list[Target]:
    auth = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    api = "/api/v1/applications"
    targets = [
        Target("API list", role, "GET", api, headers=auth),
        Target("API list, status filter", role, "GET", api + _query(status="in_review"), headers=auth),
        Target("API list, deep page", role, "GET", api, headers=auth),
        Target("API me", role, "GET", "/api/v1/me", headers=auth),
    ]
    if services:
        targets.append(Target("API services", role, "GET", "/api/v1/services", headers=auth))
    return targets


# --- Deep pages: follow the cursor if there is one ----------------------------------------------------

_NEXT_LINK = re.compile(r"""href\s*=\s*["']([^"']*[?&](?:amp;)?after=[^"']*)["']""", re.IGNORECASE)


def next_link(page: str) -> str:
    """The inbox's "next page" link (a URL with an `after=` cursor), or ""."""
    found = _NEXT_LINK.search(page)
    return html.unescape(found.group(1)) if found else ""


def next_api_page(path: str, body: Any) -> str:
    """The next page of an API list: `next` as a link, or a cursor sent back as `after` (docs/api.md:
    `next` is an opaque string to send back as `after`) or, from `next_cursor`/`cursor`, as `cursor`."""
    if not isinstance(body, dict):
        return ""
    for key in ("next", "next_url"):
        link = body.get(key)
        if isinstance(link, str) and link.startswith(("/", "http")):
            parts = urllib.parse.urlsplit(link)
            return urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
    for key, param in (("next", "after"), ("next_cursor", "cursor"), ("cursor", "cursor"), ("after", "after")):
        cursor = body.get(key)
        if isinstance(cursor, str) and cursor:
            parts = urllib.parse.urlsplit(path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            query[param] = cursor
            return urllib.parse.urlunsplit(("", "", parts.path, urllib.parse.urlencode(query), ""))
    return ""


def deep_path(client: Any, target: Target, *, pages: int, seconds: float) -> tuple[str, str]:
    """Where a deep page is: `pages` pages down the cursor chain, or the old offset page. (path, note)"""
    api = target.path.startswith("/api/")
    path, depth, began = target.path, 0, time.monotonic()
    while depth < pages and time.monotonic() - began < seconds:
        response = client.get(path, headers=target.headers)
        if response.status_code != 200:
            break
        content = response.content
        following = next_api_page(path, json.loads(content)) if api else next_link(content.decode())
        if not following:
            break
        path, depth = following, depth + 1
    if depth:
        return path, f"cursor, {depth} pages deep"
    if api:
        return target.path + _query(offset=OLD_DEEP_PAGE * 50, limit=50), f"no cursor: offset {OLD_DEEP_PAGE * 50:,}"
    return target.path + _query(page=OLD_DEEP_PAGE), f"no cursor: ?page={OLD_DEEP_PAGE}"


# --- Timing -------------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank: the value that `share` of the samples do not exceed."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def _request(client: Any, target: Target, path: str) -> Any:
    if target.method == "POST":
        response = client.post(path, target.data or {}, headers=target.headers)
        if target.follow and response.status_code in (301, 302, 303) and response.has_header("Location"):
            response = client.get(response["Location"], headers=target.headers)
    else:
        response = client.get(path, headers=target.headers)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def time_target(
    client: Any, target: Target, path: str, *, runs: int, warmups: int, seconds: float
) -> tuple[list[float], Counter[int], list[int]]:
    """`warmups` untimed requests, then up to `runs` timed ones within `seconds` (at least one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    began = time.monotonic()
    statuses: Counter[int] = Counter()
    for _ in range(warmups):
        _request(client, target, path)
        if time.monotonic() - began > seconds:
            break
    latencies: list[float] = []
    queries: list[int] = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = _request(client, target, path)
            latencies.append(time.perf_counter() - started)
        statuses[response.status_code] += 1
        queries.append(len(captured.captured_queries))
        if time.monotonic() - began > seconds:
            break
    return latencies, statuses, queries


def _row(target: Target, path: str, latencies: list[float], statuses: Counter[int], queries: list[int]) -> Row:
    ms = [x * 1000 for x in latencies]
    codes = sorted(s for s, n in statuses.items() if n)
    ok = bool(codes) and all(s in OK_STATUSES for s in codes)
    unsupported = not ok and target.optional and all(400 <= s < 500 for s in codes)
    note = target.note
    if unsupported:
        note = f"not served by this code ({'/'.join(map(str, codes))})"
    return Row(
        name=target.name,
        role=target.role,
        path=path,
        status="/".join(map(str, codes)),
        runs=len(ms),
        p50_ms=round(statistics.median(ms), 1) if ms else 0.0,
        p95_ms=round(_percentile(ms, 0.95), 1) if ms else 0.0,
        max_ms=round(max(ms), 1) if ms else 0.0,
        queries=int(statistics.median(queries)) if queries else 0,
        ok=ok,
        unsupported=unsupported,
        note=note,
    )


@contextmanager
def bench_urls() -> Iterator[None]:
    """The project's URLs plus the bare view (bench/urls.py), for this run only."""
    from django.test.utils import override_settings
    from django.urls import clear_url_caches

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    clear_url_caches()
    try:
        with override_settings(ROOT_URLCONF="bench.urls"):
            yield
    finally:
        clear_url_caches()


def measure(
    *,
    runs: int = 20,
    warmups: int = 2,
    only: str = "",
    row_seconds: float = 30.0,
    max_seconds: float = 1800.0,
    deep_pages: int = DEEP_PAGES,
    log: Log = lambda line: None,
) -> list[Row]:
    """Time every staff page and API list for each seeded role; the bare view first for each role."""
    from django.test import Client

    from darcha.accounts.models import ApiToken
    from darcha.accounts.services import issue_token, revoke_token
    from darcha.core.errors import DomainError

    # A search the old inbox does not take is a 405 the table reports; Django need not log each one.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    rows: list[Row] = []
    began = time.monotonic()
    label = f"bench/pages.py {dt.datetime.now():%Y-%m-%d %H:%M}"
    with bench_urls():
        from bench.urls import BARE_PATH

        staff = staff_by_role()
        for index, role in enumerate(ROLES):
            user = staff.get(role)
            if user is None:
                log(f"No active {role} in the database: skipped.")
                continue
            sample = sample_for(user)
            targets = [Target("bare view (baseline)", role, "GET", BARE_PATH), *page_targets(role, user, sample)]
            try:
                token = issue_token(user=user, label=label, days=1)
                targets += api_targets(role, token, sample, services=index == 0)
            except DomainError as error:
                log(f"No API token for {role}: {error}")
            baseline = 0.0
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for target in targets:
                wanted = f"{target.name} {role}".lower()
                if only and only.lower() not in wanted and target.name != "bare view (baseline)":
                    continue
                if time.monotonic() - began > max_seconds:
                    rows.append(Row(target.name, role, target.path, skipped=True, note="--max-seconds reached"))
                    continue
                if target.name.startswith("inbox search") or target.name.startswith("find a citizen"):
                    # The search and the citizen at the window are kept in the session: a fresh one each.
                    client = Client(raise_request_exception=False)
                    client.force_login(user)
                path, note = target.path, target.note
                if target.name.endswith("deep page"):
                    path, note = deep_path(client, target, pages=deep_pages, seconds=row_seconds)
                target.note = note
                latencies, statuses, queries = time_target(
                    client, target, path, runs=runs, warmups=warmups, seconds=row_seconds
                )
                row = _row(target, path, latencies, statuses, queries)
                if target.name == "bare view (baseline)":
                    baseline = row.p50_ms
                row.baseline_p50_ms = baseline
                rows.append(row)
                log(_line(row))
        for issued in ApiToken.objects.filter(label=label, revoked_at__isnull=True):
            revoke_token(token=issued)
    return rows


# --- Reports ------------------------------------------------------------------------------------------

HEADER = f"{'page':<34} {'role':<10} {'status':>7} {'runs':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>7} {'× bare':>7}"


def _ratio(row: Row) -> str:
    return f"{row.p50_ms / row.baseline_p50_ms:.1f}" if row.baseline_p50_ms and row.runs else ""


def _line(row: Row) -> str:
    if row.skipped:
        return f"{row.name:<34} {row.role:<10} skipped ({row.note})"
    flag = f"  > {GOAL_MS:.0f} ms" if row.over_goal else ""
    flag += "  FAILED" if not row.ok and not row.unsupported else ""
    note = f"  [{row.note}]" if row.note else ""
    return (
        f"{row.name:<34} {row.role:<10} {row.status:>7} {row.runs:>4} {row.p50_ms:>8.1f} {row.p95_ms:>8.1f} "
        f"{row.max_ms:>8.1f} {row.queries:>7} {_ratio(row):>7}{flag}{note}"
    )


def plain_table(run: dict[str, Any], rows: list[Row]) -> str:
    lines = [_heading(run), HEADER, "-" * len(HEADER), *(_line(r) for r in rows)]
    over = [r for r in rows if r.over_goal]
    failed = [r for r in rows if r.runs and not r.ok and not r.unsupported]
    lines.append(
        f"{len(over)} of {sum(1 for r in rows if r.runs)} rows over {GOAL_MS:.0f} ms p95; {len(failed)} failed."
    )
    return "\n".join(lines)


def markdown_table(run: dict[str, Any], rows: list[Row]) -> str:
    lines = [
        f"#### {_heading(run)}",
        "",
        f"Command: `{run['command']}`",
        "",
        "| page | role | status | p50 ms | p95 ms | max ms | queries | × bare view | note |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row.skipped:
            lines.append(f"| {row.name} | {row.role} | | | | | | | skipped |")
            continue
        p95 = f"**{row.p95_ms:,.1f}** ⚠" if row.over_goal else f"{row.p95_ms:,.1f}"
        status = row.status if row.ok or row.unsupported else f"**{row.status}**"
        lines.append(
            f"| {row.name} | {row.role} | {status} | {row.p50_ms:,.1f} | {p95} | {row.max_ms:,.1f} | "
            f"{row.queries} | {_ratio(row)} | {row.note} |"
        )
    over = sum(1 for r in rows if r.over_goal)
    lines += ["", f"{over} of {sum(1 for r in rows if r.runs)} rows over {GOAL_MS:.0f} ms p95 (⚠)."]
    return "\n".join(lines) + "\n"


def _heading(run: dict[str, Any]) -> str:
    machine = run["machine"]
    return (
        f"{run['date']}: {run['database']}, about {run['applications']:,} applications, {run['runs']} runs a row "
        f"after {run['warmups']} warm-ups, commit {run['commit']}; {machine['cpus']} CPUs ({machine['cpu']}), "
        f"Python {machine['python']}, load average {run['load_before']} before, {machine['load_average']} after"
    )


def _machine() -> dict[str, str]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (x.split(":", 1)[1].strip() for x in cpuinfo.read_text().splitlines() if x.startswith("model name")), ""
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _commit() -> str:
    result = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL (name with 'bench')."
    )
    parser.add_argument("--sqlite", type=Path, default=DEFAULT_SQLITE, help="SQLite file when no --database-url.")
    parser.add_argument("--size", type=int, default=200_000, help="Applications wanted (seeded if fewer).")
    parser.add_argument("--runs", type=int, default=20, help="Timed requests a row.")
    parser.add_argument("--warmups", type=int, default=2, help="Untimed requests a row first.")
    parser.add_argument("--only", default="", help="Only rows whose page or role contains this text.")
    parser.add_argument("--row-seconds", type=float, default=30.0, help="At most this long a row.")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="Rows after this long are skipped.")
    parser.add_argument("--no-seed", action="store_true", help="Measure the database as it is.")
    parser.add_argument("--json", type=Path, help="Write the run here as JSON.")
    parser.add_argument("--markdown", action="store_true", help="Also print a Markdown table (docs/performance.md).")
    args = parser.parse_args()

    os.environ.update(bench_environment(args.database_url, args.sqlite))
    (BENCH_DIR / "static").mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    applications = application_estimate() if args.no_seed else prepare(args.size)
    connection.close()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    started, commit = dt.datetime.now(dt.UTC), _commit()  # the code measured, whatever is committed meanwhile
    print(f"Measuring {database_label()} with about {applications:,} applications …", flush=True)
    print(HEADER, flush=True)
    rows = measure(
        runs=args.runs,
        warmups=args.warmups,
        only=args.only,
        row_seconds=args.row_seconds,
        max_seconds=args.max_seconds,
        log=lambda line: print(line, flush=True),
    )
    from_environment = args.database_url and not any(a.startswith("--database-url") for a in sys.argv)
    prefix = f"DATABASE_URL={args.database_url} " if from_environment else ""
    run = {
        "date": f"{started:%Y-%m-%d %H:%M}–{dt.datetime.now(dt.UTC):%H:%M} UTC",
        "database": database_label(),
        "applications": applications,
        "runs": args.runs,
        "warmups": args.warmups,
        "commit": commit,
        "command": f"{prefix}.venv/bin/python bench/pages.py {shlex.join(sys.argv[1:])}".strip(),
        "machine": _machine(),
        "load_before": load_before,
        "goal_ms": GOAL_MS,
        "rows": [asdict(r) for r in rows],
    }
    print()
    print(plain_table(run, rows))
    if args.markdown:
        print()
        print(markdown_table(run, rows))
    if args.json:
        args.json.write_text(json.dumps(run, indent=2, ensure_ascii=False))
        print(f"Saved {args.json}")


if __name__ == "__main__":
    main()
