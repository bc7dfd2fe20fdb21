"""The admin adds and deletes calendar overrides through the services, so deadlines see them at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from darcha.accounts.models import Role
from darcha.accounts.tests.factories import UserFactory
from darcha.centers.calendar import is_working_day, overrides
from darcha.centers.models import CalendarOverride

ORDINARY_WEDNESDAY = dt.date(2027, 6, 16)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Fast hashing for the world's staff; plain static files for error pages (no collected manifest).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def root(client: Client, world: Any) -> Client:
    client.force_login(world.admin)
    return client


def add_override(client: Client, **overrides_: str) -> Any:
    data = {
        "date": ORDINARY_WEDNESDAY.isoformat(),
        "kind": "day_off_moved",
        "applies_to": "all",
        "name": "Extra day off",
        "source": "Presidential decree (test)",
    }
    data.update(overrides_)
    return client.post(reverse("admin:centers_calendaroverride_add"), data)


def test_an_override_added_in_the_admin_changes_the_calendar_at_once(root: Client) -> None:
    overrides()  # warm the cache
    response = add_override(root)
    assert response.status_code == 302
    assert CalendarOverride.objects.get().name == "Extra day off"
    assert not is_working_day(ORDINARY_WEDNESDAY)


def test_an_override_deleted_in_the_admin_restores_the_day(root: Client) -> None:
    add_override(root)
    override = CalendarOverride.objects.get()
    assert not is_working_day(ORDINARY_WEDNESDAY)
    response = root.post(reverse("admin:centers_calendaroverride_delete", args=[override.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert is_working_day(ORDINARY_WEDNESDAY)


def test_bulk_delete_goes_through_the_service_too(root: Client) -> None:
    add_override(root)
    add_override(root, date="2027-06-17")
    assert not is_working_day(dt.date(2027, 6, 17))
    response = root.post(
        reverse("admin:centers_calendaroverride_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(CalendarOverride.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert is_working_day(dt.date(2027, 6, 17))


def test_a_second_override_for_the_same_day_and_week_is_a_form_error(root: Client) -> None:
    add_override(root)
    response = add_override(root, name="Again")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert CalendarOverride.objects.count() == 1


def test_an_override_cannot_be_edited_in_place(root: Client) -> None:
    add_override(root)
    override = CalendarOverride.objects.get()
    response = root.post(
        reverse("admin:centers_calendaroverride_change", args=[override.pk]),
        {"date": "2027-06-18", "kind": "holiday", "applies_to": "all", "name": "Moved", "source": ""},
    )
    assert response.status_code == 403
    override.refresh_from_db()
    assert override.date == ORDINARY_WEDNESDAY


def test_staff_who_are_not_administrators_cannot_add_overrides(client: Client, world: Any) -> None:
    manager = UserFactory(username="staff_mgr", role=Role.MANAGER, center=world.center_a, is_staff=True)
    client.force_login(manager)
    assert add_override(client).status_code in {302, 403}  # outside the admin altogether
    assert not CalendarOverride.objects.exists()
