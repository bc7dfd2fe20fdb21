"""The admin reads citizens like every page: administrators only, through `restrict`, each view audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from darcha.accounts.models import Role
from darcha.accounts.tests.factories import UserFactory
from darcha.applications.tests.factories import submit
from darcha.audit.models import AuditEntry


def test_an_administrator_opening_a_citizen_is_audited(client: Client, world: Any) -> None:
    client.force_login(world.admin)
    url = reverse("admin:people_citizen_change", args=[world.citizen.pk])
    response = client.get(url)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="view_citizen", purpose="admin: citizen record")
    assert (entry.object_id, entry.actor_username) == (str(world.citizen.pk), "root")


def test_each_citizen_on_an_admin_list_is_audited(client: Client, world: Any) -> None:
    client.force_login(world.admin)
    response = client.get(reverse("admin:people_citizen_changelist"), {"q": world.citizen.pinfl})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(purpose="admin: citizen list", object_id=str(world.citizen.pk)).count() == 1


def test_an_application_in_the_admin_audits_its_applicant(client: Client, world: Any) -> None:
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    client.force_login(world.admin)
    assert client.get(reverse("admin:applications_application_change", args=[app.pk])).status_code == 200
    assert AuditEntry.objects.filter(purpose="admin: application", object_id=str(world.citizen.pk)).exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SUPERVISOR])
def test_staff_flags_do_not_open_the_admin_to_other_roles(client: Client, world: Any, role: str) -> None:
    """An analyst (or any non-administrator) marked is_staff used to browse every citizen in the admin."""
    user = UserFactory(username=f"staff_{role}", role=role, region=world.region_a, is_staff=True)
    client.force_login(user)
    for name, args in [
        ("admin:index", []),
        ("admin:people_citizen_changelist", []),
        ("admin:people_citizen_change", [world.citizen.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], name
    assert not AuditEntry.objects.filter(action="view_citizen").exists()
