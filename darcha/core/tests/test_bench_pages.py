"""bench/pages.py cannot rot: on a small seeded world, every page and list it times answers 2xx/3xx.

No timing is asserted (speed is measured by the script itself, docs/performance.md); this runs the
script's measurement once per row, so a renamed URL, a role that lost a page or a page that fails
shows up here rather than in the next benchmark run.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import pages
from darcha.accounts.models import ApiToken
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def cases(world: Any) -> None:
    """A few applications in every scope of the test world (centres A and B, agencies X and Y)."""
    for operator, service in ((world.operator_a, world.service_x), (world.operator_a, world.service_y)):
        submit(actor=operator, service=service, applicant=world.citizen)
        submit(actor=operator, service=service, applicant=CitizenFactory())
    submit(actor=world.operator_b, service=world.service_x, applicant=CitizenFactory())


def test_every_page_and_list_the_bench_times_answers(cases: None) -> None:
    rows = pages.measure(runs=1, warmups=0, deep_pages=3)

    measured = {(row.role, row.name) for row in rows}
    for role in pages.ROLES:
        assert (role, "bare view (baseline)") in measured
    # Each role's own pages are there: the desk for the front office, case pages for who sees
    # personal data, the overview for who sees figures, the admin list for the administrator.
    assert {("operator", "desk home"), ("operator", "find a citizen (POST)"), ("manager", "overview")} <= measured
    assert {("officer", "inbox"), ("officer", "case page"), ("supervisor", "inbox, deep page")} <= measured
    assert {("analyst", "overview"), ("admin", "admin applications, search"), ("analyst", "API list")} <= measured
    assert ("analyst", "inbox") not in measured  # no personal data: the analyst has no inbox
    assert len(rows) > 60

    failed = [(row.role, row.name, row.status) for row in rows if not (row.ok or row.unsupported)]
    assert failed == []
    # Only the search, which older inboxes do not take by POST, may be left unserved.
    assert {row.name for row in rows if row.unsupported} <= {
        "inbox search, number prefix",
        "inbox search, PINFL",
        "inbox search, name",
    }
    assert all(row.runs == 1 and not row.skipped for row in rows)
    assert all(row.queries > 0 for row in rows if row.name.startswith(("inbox", "case page", "admin")))
    # The bench's API tokens are revoked when it is done.
    assert not ApiToken.objects.filter(label__startswith="bench/pages.py", revoked_at__isnull=True).exists()


def test_the_deep_page_follows_the_next_link_and_the_cursor() -> None:
    page = '<a href="/desk/inbox/?status=in_review&amp;after=eyJkIjoxfQ" rel="next">Next</a>'
    assert pages.next_link(page) == "/desk/inbox/?status=in_review&after=eyJkIjoxfQ"
    assert pages.next_link('<a href="/desk/inbox/?page=2">2</a>') == ""

    assert pages.next_api_page("/api/v1/applications", {"next": "http://testserver/api/v1/applications?after=x"}) == (
        "/api/v1/applications?after=x"
    )
    assert pages.next_api_page("/api/v1/applications?status=s", {"next_cursor": "abc"}) == (
        "/api/v1/applications?status=s&cursor=abc"
    )
    assert pages.next_api_page("/api/v1/applications?limit=50", {"next": "opaque.cursor", "items": []}) == (
        "/api/v1/applications?limit=50&after=opaque.cursor"
    )
    assert pages.next_api_page("/api/v1/applications", {"next": None, "items": []}) == ""
    assert pages.next_api_page("/api/v1/applications", {"count": 3, "offset": 0, "items": []}) == ""


def test_percentiles_are_nearest_rank() -> None:
    values = [float(x) for x in range(1, 21)]
    assert pages._percentile(values, 0.95) == 19.0
    assert pages._percentile(values, 0.5) == 10.0
    assert pages._percentile([7.0], 0.95) == 7.0
