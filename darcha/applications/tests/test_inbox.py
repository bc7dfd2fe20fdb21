"""The inbox's list logic (darcha.applications.inbox): filters, orders, keyset pages, capped counts,
search kinds and scoping, through the page and the module the page calls."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from darcha.applications import inbox
from darcha.applications.inbox import (
    Cursor,
    InboxQuery,
    Search,
    SearchKind,
    Sort,
    inbox_page,
    inbox_url,
    parse_search,
)
from darcha.applications.models import Application
from darcha.applications.numbers import number_prefix
from darcha.applications.services import assign_application, perform_transition
from darcha.applications.tests.factories import submit
from darcha.audit.models import AuditEntry
from darcha.core.errors import ValidationFailed
from darcha.people.tests.factories import CitizenFactory

URL = "/desk/inbox/"


def shown(response: Any) -> list[str]:
    return [a.number for a in response.context["page"].rows]


@pytest.fixture
def spread(world: Any) -> dict[str, Application]:
    """Cases of different ages at centres A, A2 and B; one delivered-like final case is not open."""
    now = timezone.now()
    made = {
        "a_old": submit(
            actor=world.operator_a,
            service=world.service_x,
            applicant=CitizenFactory(last_name="Qoraboyev"),
            at=now - dt.timedelta(days=40),
        ),
        "a_mid": submit(
            actor=world.operator_a,
            service=world.service_y,
            applicant=CitizenFactory(last_name="Toshmatova"),
            at=now - dt.timedelta(days=4),
        ),
        "a_new": submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen),
        "a2": submit(
            actor=world.operator_a2,
            service=world.service_x,
            applicant=CitizenFactory(last_name="Qoraboyeva"),
            at=now - dt.timedelta(days=7),
        ),
        "b": submit(
            actor=world.operator_b,
            service=world.service_x,
            applicant=CitizenFactory(last_name="Qoraboyev"),
            at=now - dt.timedelta(days=1),
        ),
    }
    closed = submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    perform_transition(actor=world.operator_a, number=closed.number, action="withdraw", reason_code="no_longer_needed")
    made["closed"] = closed
    return made


def test_the_default_list_is_open_cases_nearest_deadline_first(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    numbers = shown(client.get(URL))
    assert spread["closed"].number not in numbers
    cases = Application.objects.filter(number__in=numbers)
    keys = {a.number: (a.due_date, a.submitted_at, a.pk) for a in cases}
    assert numbers == sorted(numbers, key=lambda n: keys[n])
    assert numbers[0] == spread["a_old"].number


def test_newest_first_order(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    numbers = shown(client.get(URL, {"sort": "-submitted"}))
    stamps = {a.number: (a.submitted_at, a.pk) for a in Application.objects.filter(number__in=numbers)}
    assert numbers == sorted(numbers, key=lambda n: stamps[n], reverse=True)
    assert numbers[0] == spread["a_new"].number


def test_a_final_status_is_listed_when_asked_for(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    assert shown(client.get(URL, {"status": "withdrawn"})) == [spread["closed"].number]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"center": "psc-a2"}, {"a2"}),
        ({"agency": "cadastre"}, {"a_mid"}),
        ({"service": "SERVICE_Y"}, {"a_mid"}),
        ({"due": "overdue"}, {"a_old"}),
        ({"age": "0"}, {"a_new", "b"}),
        ({"age": "3"}, {"a_mid"}),
        ({"age": "6"}, {"a2"}),
        ({"age": "11"}, {"a_old"}),
        ({"submitted": "today"}, {"a_new"}),
        ({"assigned": "none"}, {"a_old", "a_mid", "a_new", "a2", "b"}),
    ],
)
def test_each_filter_of_the_contract(
    client: Client, world: Any, spread: Any, params: dict[str, str], expected: set[str]
) -> None:
    client.force_login(world.admin)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert set(shown(response)) == {spread[k].number for k in expected}


def test_due_soon_is_the_workflows_rule(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    today = timezone.localdate()
    expected = {
        a.number
        for a in Application.objects.open()
        if a.status != "info_requested" and today <= a.due_date <= today + dt.timedelta(days=inbox.DUE_SOON_DAYS)
    }
    assert set(shown(client.get(URL, {"due": "soon"}))) == expected


def test_my_cases(client: Client, world: Any, spread: Any) -> None:
    assign_application(actor=world.officer_x, number=spread["a2"].number, assignee_id=world.officer_x.pk)
    client.force_login(world.officer_x)
    assert shown(client.get(URL, {"assigned": "me"})) == [spread["a2"].number]
    assert spread["a2"].number not in shown(client.get(URL, {"assigned": "none"}))


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"due": "yesterday"},
        {"age": "4"},
        {"sort": "name"},
        {"assigned": "someone"},
        {"center": "nowhere"},
        {"agency": "nobody"},
        {"submitted": "tomorrow"},
        {"after": "garbage"},
        {"after": "x" * 500},
    ],
)
def test_bad_values_are_a_400_with_a_message(client: Client, world: Any, params: dict[str, str]) -> None:
    client.force_login(world.admin)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert b"There is a problem" in response.content


def test_a_cursor_made_for_another_order_is_refused(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    row = spread["a_old"]
    token = Cursor.after_row(Sort.NEWEST, row).encode()
    assert client.get(URL, {"after": token}).status_code == 400
    assert client.get(URL, {"after": token, "sort": "-submitted"}).status_code == 200


def test_a_tampered_cursor_is_refused(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    token = Cursor.after_row(Sort.DEADLINE, spread["a_old"]).encode()
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(URL, {"after": tampered})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_the_count_stops_at_the_cap(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    page = inbox_page(world.admin, InboxQuery())
    assert (page.count, page.more) == (5, False)
    assert inbox.capped_count(Application.objects.all(), cap=3) == (3, True)
    assert inbox.capped_count(Application.objects.all(), cap=10) == (6, False)


def test_the_page_says_more_than_the_cap(client: Client, world: Any, spread: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(inbox.capped_count, "__defaults__", (3,))
    client.force_login(world.admin)
    response = client.get(URL)
    assert 'data-count="more"' in response.content.decode()


def test_an_operator_never_sees_another_centres_cases(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.operator_a)
    mine = {spread[k].number for k in ("a_old", "a_mid", "a_new")}
    assert set(shown(client.get(URL))) == mine
    # Not through a search for the other centre's number or the other centre's citizen …
    session = client.session
    session[inbox.SESSION_SEARCH] = Search(SearchKind.NUMBER, spread["b"].number).as_session()
    session.save()
    assert shown(client.get(URL)) == []
    # … nor through a cursor taken from a list that had them (the admin's).
    token = Cursor.after_row(Sort.DEADLINE, Application.objects.order_by("due_date").first()).encode()  # type: ignore[arg-type]
    assert set(shown(client.get(URL, {"after": token}))) <= mine


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=1, max_value=7), sort=st.sampled_from(list(Sort)))
def test_paging_through_returns_each_row_exactly_once_in_order(world: Any, many: Any, size: int, sort: Sort) -> None:
    query = InboxQuery(sort=sort, any_status=True)
    expected = [a.number for a in inbox.ordered(inbox.inbox_cases(world.admin, query), sort)]
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        page = inbox_page(world.admin, query, after=cursor, size=size, count=False)
        seen += [a.number for a in page.rows]
        if not page.next_cursor:
            break
        cursor = Cursor.decode(page.next_cursor, sort)
    assert seen == expected
    assert len(set(seen)) == len(seen) == len(many)


@pytest.fixture
def many(world: Any) -> list[Application]:
    """Cases with ties: several submitted in the same second with the same deadline."""
    moment = timezone.now().replace(microsecond=0) - dt.timedelta(days=2)
    made = []
    for i in range(13):
        at = moment if i % 3 else moment - dt.timedelta(days=i)
        made.append(submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=at))
    return made


# --- Search ------------------------------------------------------------------------------------------


def test_a_search_by_number_prefix_typed_loosely(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    number = spread["a2"].number  # DX-YYYY-102-…
    typed = "дх " + number[3:7] + " 102"
    response = client.post("/desk/inbox/search/", {"q": typed})
    assert response.status_code == 302
    page = client.get(URL)
    assert shown(page) == [number]
    assert typed not in response["Location"] and "102" not in response["Location"]


def test_a_full_number_finds_a_closed_case(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    client.post("/desk/inbox/search/", {"q": spread["closed"].number.lower().replace("-", "")})
    assert shown(client.get(URL)) == [spread["closed"].number]


def test_a_search_by_pinfl_is_audited_and_kept_out_of_urls(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    pinfl = world.citizen.pinfl
    before = AuditEntry.objects.count()
    response = client.post("/desk/inbox/search/", {"q": pinfl})
    assert pinfl not in response["Location"]
    entry = AuditEntry.objects.order_by("id").last()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.object_id, entry.purpose) == (
        "view_citizen",
        str(world.citizen.pk),
        "inbox search by PINFL",
    )
    page = client.get(URL)
    assert shown(page) == [spread["a_new"].number]
    body = page.content.decode()
    assert pinfl not in body
    assert "Clear search" in body


def test_a_search_by_an_unknown_pinfl_is_audited_without_the_pinfl(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    unknown = CitizenFactory.build().pinfl
    client.post("/desk/inbox/search/", {"q": unknown})
    entry = AuditEntry.objects.order_by("id").last()
    assert entry.action == "search_citizen"
    assert unknown not in (entry.object_id + entry.purpose)
    assert shown(client.get(URL)) == []


def test_a_search_by_surname_prefix_any_case(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.supervisor_a)  # region A: not centre B's Qoraboyev
    client.post("/desk/inbox/search/", {"q": "qorab"})
    assert set(shown(client.get(URL))) == {spread["a_old"].number, spread["a2"].number}
    assert AuditEntry.objects.order_by("id").last().purpose == "inbox: surname"


def test_a_surname_and_the_beginning_of_a_first_name(client: Client, world: Any, spread: Any) -> None:
    target = spread["a_old"].applicant
    client.force_login(world.admin)
    client.post("/desk/inbox/search/", {"q": f"qorab {target.first_name[:2].lower()}"})
    assert spread["a_old"].number in shown(client.get(URL))


def test_a_name_search_matching_too_many_people_asks_for_more(
    client: Client, world: Any, spread: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(inbox, "NAME_CITIZENS_CAP", 2)
    client.force_login(world.admin)
    response = client.post("/desk/inbox/search/", {"q": "Qorab"}, follow=True)
    assert "Too many people" in response.content.decode()
    assert inbox.SESSION_SEARCH not in client.session
    client.post("/desk/inbox/search/", {"q": "Toshmat"})
    assert client.session[inbox.SESSION_SEARCH]["kind"] == "name"


def test_a_number_beginning_matching_too_many_asks_for_more_digits(
    client: Client, world: Any, spread: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(inbox, "NUMBER_MATCHES_CAP", 2)
    client.force_login(world.admin)
    response = client.post("/desk/inbox/search/", {"q": spread["a_old"].number[:11]}, follow=True)
    assert "type more digits" in response.content.decode()
    assert inbox.SESSION_SEARCH not in client.session


def test_clear_search(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    client.post("/desk/inbox/search/", {"q": "Toshmat"})
    assert shown(client.get(URL)) == [spread["a_mid"].number]
    response = client.post("/desk/inbox/search/clear/", {"sort": "-submitted"})
    assert response["Location"] == inbox_url(sort="-submitted")
    assert len(shown(client.get(URL))) == 5


def test_the_search_keeps_the_filters(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.admin)
    response = client.post("/desk/inbox/search/", {"q": "Qorab", "center": "psc-b"})
    assert response["Location"] == inbox_url(center="psc-b")
    assert shown(client.get(response["Location"])) == [spread["b"].number]


@pytest.mark.parametrize("typed", ["", "   ", "1", "@@", "x", "a" * 101, "DX-2026-1O1"])
def test_a_search_that_means_nothing_is_refused_with_a_message(client: Client, world: Any, typed: str) -> None:
    client.force_login(world.admin)
    response = client.post("/desk/inbox/search/", {"q": typed}, follow=True)
    assert response.status_code == 200
    assert inbox.SESSION_SEARCH not in client.session
    assert response.context["messages"]


def test_the_search_needs_csrf(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    assert client.post("/desk/inbox/search/", {"q": "Karim"}).status_code == 403


def test_parse_search_kinds(world: Any) -> None:
    assert parse_search(world.citizen.pinfl).kind == SearchKind.PINFL
    assert parse_search("DX-2026-101").value == "DX-2026-101"
    assert parse_search("2026 101 0000").value == "DX-2026-101-0000"
    assert parse_search("Oʻrinboyev").kind == SearchKind.NAME
    assert parse_search("Каримов").kind == SearchKind.NAME
    with pytest.raises(ValidationFailed):
        parse_search("12ab")


def test_number_prefix_forms() -> None:
    assert number_prefix("dx") is None
    assert number_prefix("DX-2026-101-000123-4") == "DX-2026-101-000123-4"
    assert number_prefix("20261010001234") == "DX-2026-101-000123-4"
    assert number_prefix("ДХ 2026") == "DX-2026"
    assert number_prefix("2026101000123412") is None
    assert number_prefix("Karimov") is None


# --- The URL helper ---------------------------------------------------------------------------------


def test_inbox_url_leaves_out_empty_filters() -> None:
    assert inbox_url() == "/desk/inbox/"
    assert inbox_url(status="accepted", center="", due=None, age=0) == "/desk/inbox/?status=accepted&age=0"
    assert inbox_url(center="psc-a", due="overdue") == "/desk/inbox/?center=psc-a&due=overdue"


def test_links_of_the_contract_open(client: Client, world: Any, spread: Any) -> None:
    client.force_login(world.supervisor_a)
    for link in (
        inbox_url(status="accepted"),
        inbox_url(due="overdue", center="psc-a"),
        inbox_url(age=11),
        inbox_url(submitted="today"),
        inbox_url(service="SERVICE_X", sort="-submitted"),
    ):
        assert client.get(link).status_code == 200, link


def test_the_desk_work_lists_say_more_than_the_cap(client: Client, world: Any, spread: Any, monkeypatch: Any) -> None:
    """The desk counts its work lists up to the cap (no count of every case at the centre)."""
    from darcha.applications import selectors

    monkeypatch.setattr(selectors.capped_count, "__defaults__", (1,))
    client.force_login(world.operator_a)
    page = client.get("/desk/").content.decode()
    assert "more than 1" in page
