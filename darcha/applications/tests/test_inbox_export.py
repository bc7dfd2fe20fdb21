"""Export of the inbox's current list to CSV and XLSX: scoped, capped, audited, PINFL masked."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from darcha.applications import inbox
from darcha.applications.models import Application
from darcha.applications.tests.factories import submit
from darcha.audit.models import AuditEntry
from darcha.audit.services import verify_chain
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def cases(world: Any) -> dict[str, Application]:
    return {
        "a_x": submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen),
        "a_y": submit(actor=world.operator_a, service=world.service_y, applicant=CitizenFactory()),
        "b_x": submit(actor=world.operator_b, service=world.service_x, applicant=CitizenFactory()),
    }


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_is_scoped_masked_and_streamed(client: Client, world: Any, cases: Any) -> None:
    client.force_login(world.operator_a)
    response = client.get("/desk/inbox/export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    rows = csv_rows(response)
    assert rows[0][0] == "Number"
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {cases["a_x"].number, cases["a_y"].number}
    body = "\n".join(",".join(r) for r in rows)
    assert world.citizen.pinfl not in body
    assert world.citizen.masked_pinfl in body
    assert world.citizen.last_name not in body


def test_the_export_follows_the_filters(client: Client, world: Any, cases: Any) -> None:
    client.force_login(world.admin)
    rows = csv_rows(client.get("/desk/inbox/export.csv", {"service": "SERVICE_Y"}))
    assert [r[0] for r in rows[1:]] == [cases["a_y"].number]


def test_the_export_follows_the_search_in_the_session(client: Client, world: Any, cases: Any) -> None:
    client.force_login(world.admin)
    client.post("/desk/inbox/search/", {"q": world.citizen.pinfl})
    rows = csv_rows(client.get("/desk/inbox/export.csv"))
    assert [r[0] for r in rows[1:]] == [cases["a_x"].number]


def test_an_export_is_audited_once_with_its_filter_and_count_and_each_citizen(
    client: Client, world: Any, cases: Any
) -> None:
    client.force_login(world.operator_a)
    before = AuditEntry.objects.count()
    csv_rows(client.get("/desk/inbox/export.csv", {"sort": "-submitted"}))
    entries = list(AuditEntry.objects.order_by("id")[before:])
    export = [e for e in entries if e.action == "export_applications"]
    assert len(export) == 1
    assert export[0].object_id == "2"
    assert "sort=-submitted" in export[0].purpose
    viewed = {e.object_id for e in entries if e.action == "view_citizen"}
    assert viewed == {str(cases["a_x"].applicant_id), str(cases["a_y"].applicant_id)}
    assert verify_chain().intact


def test_xlsx_export(client: Client, world: Any, cases: Any) -> None:
    client.force_login(world.officer_x)
    response = client.get("/desk/inbox/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Number"
    assert {r[0] for r in values[1:]} == {cases["a_x"].number, cases["b_x"].number}
    assert all(world.citizen.pinfl not in str(cell) for row in values for cell in row)


def test_the_export_is_capped(client: Client, world: Any, cases: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(inbox, "EXPORT_CAP", 1)
    client.force_login(world.admin)
    assert len(csv_rows(client.get("/desk/inbox/export.csv"))) == 2


def test_export_bad_input(client: Client, world: Any, cases: Any) -> None:
    client.force_login(world.admin)
    assert client.get("/desk/inbox/export.pdf").status_code == 404
    assert client.get("/desk/inbox/export.csv", {"status": "lost"}).status_code == 400
    client.force_login(world.analyst)
    assert client.get("/desk/inbox/export.csv").status_code == 403


def test_a_cell_that_looks_like_a_formula_is_neutralised() -> None:
    from darcha.core.exports import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("DX-2026-101-000001-4") == "DX-2026-101-000001-4"
    assert safe_cell(5) == 5
