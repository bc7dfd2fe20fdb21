"""Timings and query plans of the inbox, the API list and the admin search on a seeded database.

    DARCHA_DEMO=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/darcha_inbox \\
        .venv/bin/python bench/inbox_plans.py [--repeat 7] [--explain]

Seed the database first (`manage.py migrate && manage.py seed_demo --scale N`, then ANALYZE). The
script never writes except the audit entries the pages themselves write (API pages, searches).

In-process, with Django's test client (the whole middleware stack, no network): for each demo role
(operator, officer, supervisor, analyst, admin) and each case (default list, a status filter,
overdue, page 51 after following 50 "Next page" links, a number-prefix search, a surname search),
it times `--repeat` requests and prints p50 and p95 in ms beside a baseline (the public health
check). It runs on the code before the keyset inbox too (no `darcha.applications.inbox`): then the
deep page is `?page=51` and the searches are skipped. `--explain` prints EXPLAIN ANALYZE of the
slowest query of each case.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "darcha.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from darcha.accounts.models import User  # noqa: E402

try:
    from darcha.applications import inbox as keyset_inbox
except ImportError:  # the code before the keyset inbox
    keyset_inbox = None  # type: ignore[assignment]

ROLES = ["operator", "officer", "supervisor", "analyst", "admin"]
# Responses carry their template context (the deep page follows the "Next page" links in it).
setup_test_environment()
settings.ALLOWED_HOSTS = ["*"]
# No collected static files needed: plain storage, as the tests use.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float, int, float, int]:
    """p50 and p95 of the whole request (ms), the last status, the p50 of the time spent in SQL
    (ms: what the indexes decide, less disturbed by other processes on the CPU) and the query count."""
    samples = []
    sql = []
    status = 0
    count = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - start) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        count = len(queries.captured_queries)
        status = response.status_code
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, status, statistics.median(sql), count


def line(name: str, result: tuple[float, float, int, float, int]) -> None:
    p50, p95, status, sql, count = result
    print(f"{name:42s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  SQL p50 {sql:7.1f} ms in {count:2d} queries  [{status}]")


def deep_url(client: Client, pages: int) -> str:
    """The URL of page `pages + 1`, reached as a user would: by the "Next page" links."""
    if keyset_inbox is None:
        return f"/desk/inbox/?page={pages + 1}"
    url = "/desk/inbox/"
    for _ in range(pages):
        response = client.get(url)
        nxt = response.context["next_url"]
        if not nxt:
            # A smaller scope (a centre's backlog) ends sooner: its last page is the deepest.
            break
        url = nxt
    return url


def explain(client: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall()[:14])
    return f"-- {slowest['time']} s: {slowest['sql'][:300]}\n{plan}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM applications_application")
        apps = cursor.fetchone()[0]
        size = ""
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
    code = "keyset inbox" if keyset_inbox is not None else "offset inbox (before)"
    print(f"# {code}; {connection.vendor} {settings.DATABASES['default']['NAME']}: {apps:,} applications, {size}")
    anonymous = Client()
    anonymous.get("/healthz")  # warm-up: URL resolver, templates, connection
    line("baseline /healthz", timed(lambda: anonymous.get("/healthz"), args.repeat))

    from darcha.applications.models import Application

    number = Application.objects.order_by("-pk").values_list("number", flat=True).first() or "DX-2026"
    for role in args.roles.split(","):
        run_role(role, number, args)


def run_role(role: str, number: str, args: argparse.Namespace) -> None:
    user = User.objects.filter(username=role).first()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cases: list[tuple[str, str]] = [
        ("default", "/desk/inbox/"),
        ("status=in_review", "/desk/inbox/?status=in_review"),
        ("due=overdue", "/desk/inbox/?due=overdue"),
        ("sort=-submitted", "/desk/inbox/?sort=-submitted"),
    ]
    first = client.get("/desk/inbox/")
    if first.status_code != 200:
        print(f"{role + ' inbox':45s} status {first.status_code} (no access)")
    else:
        cases.append(("page 51", deep_url(client, 50)))
    for name, url in cases if first.status_code == 200 else []:
        line(role + " inbox " + name, timed(lambda url=url: client.get(url), args.repeat))  # type: ignore[misc]
        if args.explain:
            print(explain(client, url))
    if keyset_inbox is not None and first.status_code == 200:
        rows = keyset_inbox.inbox_page(user, keyset_inbox.InboxQuery(), count=False).rows
        mine = rows[0].number if rows else number
        for name, typed in (("search number prefix", mine[:11]), ("search surname", "Karim")):
            client.post("/desk/inbox/search/", {"q": typed})
            line(role + " inbox " + name, timed(lambda: client.get("/desk/inbox/"), args.repeat))
            if args.explain:
                print(explain(client, "/desk/inbox/"))
        client.post("/desk/inbox/search/clear/")
    # The API list (token-less: the session is not an API credential, so use a token).
    from darcha.accounts.services import issue_token

    token = issue_token(user=user)
    headers = {"Authorization": f"Bearer {token}"}
    line(role + " API list", timed(lambda: client.get("/api/v1/applications", headers=headers), args.repeat))
    if keyset_inbox is not None:
        url = "/api/v1/applications"
        for _ in range(50):
            nxt = client.get(url, headers=headers).json().get("next")
            if not nxt:
                break
            url = f"/api/v1/applications?after={nxt}"
    else:
        url = "/api/v1/applications?offset=2500"
    line(role + " API list page 51", timed(lambda url=url: client.get(url, headers=headers), args.repeat))  # type: ignore[misc]
    if role == "admin":
        for name, url in (
            ("admin list", "/admin/applications/application/"),
            ("admin search full number", "/admin/applications/application/?q=" + number),
            ("admin search prefix", "/admin/applications/application/?q=DX-2026-1"),
        ):
            line(name, timed(lambda url=url: client.get(url), args.repeat))  # type: ignore[misc]
            if args.explain:
                print(explain(client, url))


if __name__ == "__main__":
    main()
