"""The admin's application list: search by number (full or its beginning) on the index, no full count."""

from __future__ import annotations

from typing import Any

from django.test import Client

from darcha.applications.admin import ApplicationAdmin, CappedPaginator
from darcha.applications.models import Application
from darcha.applications.tests.factories import submit
from darcha.people.tests.factories import CitizenFactory

CHANGELIST = "/admin/applications/application/"


def listed(response: Any) -> set[str]:
    return {a.number for a in response.context["cl"].result_list}


def test_search_by_full_number_typed_loosely_and_by_prefix(client: Client, world: Any) -> None:
    a = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    b = submit(actor=world.operator_b, service=world.service_x, applicant=CitizenFactory())
    client.force_login(world.admin)
    assert listed(client.get(CHANGELIST, {"q": a.number.lower().replace("-", " ")})) == {a.number}
    assert listed(client.get(CHANGELIST, {"q": b.number[:11]})) == {b.number}  # DX-YYYY-201
    assert listed(client.get(CHANGELIST, {"q": "Karimova"})) == set()
    assert listed(client.get(CHANGELIST)) == {a.number, b.number}


def test_the_list_never_counts_the_whole_table(world: Any) -> None:
    assert ApplicationAdmin.show_full_result_count is False
    assert ApplicationAdmin.paginator is CappedPaginator
    for _ in range(3):
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    paginator = CappedPaginator(Application.objects.order_by("pk"), 1)
    paginator.CAP = 2
    assert paginator.count == 2
    assert paginator.num_pages == 2


def test_pages_keep_the_lists_order_and_its_rows(world: Any) -> None:
    """A page is read as keys first, then rows: the same rows in the same order as a plain slice."""
    for _ in range(5):
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory())
    ordered = Application.objects.select_related("service", "center").order_by("-submitted_at", "-pk")
    paginator = CappedPaginator(ordered, 2)
    seen = [a.number for number in paginator.page_range for a in paginator.page(number).object_list]
    assert seen == [a.number for a in ordered]
    assert paginator.page(3).object_list[0].service.code == world.service_x.code
