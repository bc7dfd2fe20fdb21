"""The receipt: what the citizen takes home, only for staff in scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from darcha.applications.tests.factories import submit
from darcha.applications.tracking import tracking_code


@pytest.fixture
def application(world: Any) -> Any:
    return submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)


def test_the_receipt_shows_number_deadline_fee_documents_and_a_qr_code(
    client: Client, world: Any, application: Any
) -> None:
    client.force_login(world.operator_a)
    response = client.get(f"/desk/receipt/{application.number}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-number="{application.number}"' in page
    assert application.due_date.strftime("%d.%m.%Y") in page
    assert "legal term 10 working days" in page
    assert "412\u00a0000" in page
    assert '<svg role="img"' in page and "qr-code" in page
    # The application's own tracking link (no digits needed), in the citizen's language.
    assert f"http://testserver/uz/track/{application.number}/{tracking_code(application)}/" in page
    assert world.citizen.pinfl not in page


def test_the_qr_code_uses_the_public_base_url(
    uzbek_default: None, client: Client, world: Any, application: Any, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = "https://darcha.example.uz"
    client.force_login(world.operator_a)
    page = client.get(f"/desk/receipt/{application.number}/").content.decode()
    assert f"https://darcha.example.uz/track/{application.number}/{tracking_code(application)}/" in page


def test_missing_documents_are_on_the_receipt(client: Client, world: Any) -> None:
    application = submit(
        actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=[]
    )
    client.force_login(world.operator_a)
    page = client.get(f"/desk/receipt/{application.number}/").content.decode()
    assert "MISSING (mandatory)" in page
    assert "Bring the missing documents" in page


@pytest.mark.parametrize("who", ["operator_a2", "operator_b", "officer_y"])
def test_staff_outside_the_scope_get_404(client: Client, world: Any, application: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    response = client.get(f"/desk/receipt/{application.number}/")
    assert response.status_code == 404
    assert b"No application with this number." in response.content  # as for a number that does not exist
    assert world.citizen.last_name.encode() not in response.content
    assert world.citizen.last_name.encode() not in response.content


def test_analysts_never_open_receipts(client: Client, world: Any, application: Any) -> None:
    client.force_login(world.analyst)
    assert client.get(f"/desk/receipt/{application.number}/").status_code == 403


@pytest.mark.parametrize("who", ["manager_a", "officer_x", "supervisor_a", "admin"])
def test_staff_in_scope_can_open_it(client: Client, world: Any, application: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    assert client.get(f"/desk/receipt/{application.number}/").status_code == 200


def test_an_unknown_number_is_404(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.get("/desk/receipt/DX-2026-101-999999-0/")
    assert response.status_code == 404
    assert b"No application with this number." in response.content


def test_opening_a_receipt_is_audited(client: Client, world: Any, application: Any) -> None:
    from darcha.audit.models import AuditEntry

    client.force_login(world.manager_a)
    client.get(f"/desk/receipt/{application.number}/")
    entry = AuditEntry.objects.filter(actor_username="mgr_a").get()
    assert entry.object_id == str(world.citizen.pk)
