"""Administrators add and remove dated calendar exceptions; deadlines see them at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from darcha.centers.calendar import is_working_day, overrides
from darcha.centers.models import CalendarOverride
from darcha.centers.services import remove_calendar_override, set_calendar_override
from darcha.core.errors import NotAllowed, NotFound, ValidationFailed


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The world fixture hashes ten staff passwords; Argon2 would make each test take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A Wednesday with no holiday in any year's decree.
ORDINARY_WEDNESDAY = dt.date(2027, 6, 16)
ORDINARY_SATURDAY = dt.date(2027, 6, 19)


def declare_day_off(actor, day=ORDINARY_WEDNESDAY, applies_to="all"):  # type: ignore[no-untyped-def]
    return set_calendar_override(
        actor=actor,
        date=day,
        kind=CalendarOverride.Kind.DAY_OFF,
        applies_to=applies_to,
        name="Extra day off",
        source="Presidential decree (test)",
    )


def test_a_declared_day_off_stops_being_a_working_day_at_once(world) -> None:
    assert is_working_day(ORDINARY_WEDNESDAY)
    overrides()  # warm the cache: the service must drop it
    declare_day_off(world.admin)
    assert not is_working_day(ORDINARY_WEDNESDAY)
    assert not is_working_day(ORDINARY_WEDNESDAY, "6day")


def test_a_working_saturday_applies_only_to_its_working_week(world) -> None:
    assert not is_working_day(ORDINARY_SATURDAY, "5day")
    set_calendar_override(
        actor=world.admin,
        date=ORDINARY_SATURDAY,
        kind=CalendarOverride.Kind.WORKING_DAY,
        applies_to="5day",
        name="Working Saturday",
        source="decree",
    )
    assert is_working_day(ORDINARY_SATURDAY, "5day")


def test_setting_the_same_day_again_replaces_the_override(world) -> None:
    declare_day_off(world.admin)
    set_calendar_override(
        actor=world.admin,
        date=ORDINARY_WEDNESDAY,
        kind=CalendarOverride.Kind.WORKING_DAY,
        applies_to="all",
        name="Cancelled",
        source="",
    )
    assert CalendarOverride.objects.filter(date=ORDINARY_WEDNESDAY).count() == 1
    assert is_working_day(ORDINARY_WEDNESDAY)


def test_removing_an_override_restores_the_ordinary_calendar(world) -> None:
    declare_day_off(world.admin)
    assert not is_working_day(ORDINARY_WEDNESDAY)
    remove_calendar_override(actor=world.admin, date=ORDINARY_WEDNESDAY, applies_to="all")
    assert not CalendarOverride.objects.exists()
    assert is_working_day(ORDINARY_WEDNESDAY)


def test_removing_a_missing_override_is_not_found(world) -> None:
    with pytest.raises(NotFound):
        remove_calendar_override(actor=world.admin, date=ORDINARY_WEDNESDAY, applies_to="all")


@pytest.mark.parametrize("role", ["operator_a", "manager_a", "officer_x", "supervisor_a", "analyst"])
def test_only_administrators_change_the_calendar(world, role: str) -> None:
    with pytest.raises(NotAllowed):
        declare_day_off(getattr(world, role))
    declare_day_off(world.admin)
    with pytest.raises(NotAllowed):
        remove_calendar_override(actor=getattr(world, role), date=ORDINARY_WEDNESDAY, applies_to="all")
    assert CalendarOverride.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "applies_to", "name", "field"),
    [
        ("party", "all", "x", "kind"),
        ("day_off_moved", "4day", "x", "applies_to"),
        ("day_off_moved", "all", "  ", "name"),
    ],
)
def test_invalid_overrides_are_refused(world, kind: str, applies_to: str, name: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        set_calendar_override(
            actor=world.admin, date=ORDINARY_WEDNESDAY, kind=kind, applies_to=applies_to, name=name, source=""
        )
    assert caught.value.field == field
    assert not CalendarOverride.objects.exists()
