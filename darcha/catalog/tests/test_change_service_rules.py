"""Changing a service's rules adds a version; only administrators may do it; bad rules are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from darcha.accounts.tests.factories import UserFactory
from darcha.applications.tests.factories import submit
from darcha.catalog.choices import Verification
from darcha.catalog.selectors import version_in_force
from darcha.catalog.services import change_service_rules
from darcha.catalog.tests.factories import DocumentTypeFactory
from darcha.core.errors import NotAllowed, ValidationFailed


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The world fixture hashes ten staff passwords; Argon2 would make each test take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rules(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "fee_bhm": "1.5",
        "fee_uzs_fixed": 0,
        "online_fee_percent": 90,
        "exemptions": [{"category": "disability_i_ii", "percent_off": 50}],
        "term_working_days": 7,
        "calendar_regime": "5day",
        "documents": [("passport", True), ("photo", False)],
        "change_note": "Cabinet resolution No. 1 of 01.01.2027",
    }
    values.update(overrides)
    return values


def test_an_administrator_adds_version_two_with_the_new_rules(world) -> None:
    version = change_service_rules(actor=world.admin, service=world.service_x, **rules())
    assert version.number == 2
    assert version.fee_bhm == Decimal("1.5")
    assert version.online_fee_percent == 90
    assert version.exemptions == [{"category": "disability_i_ii", "percent_off": 50}]
    assert [(d.document.code, d.mandatory) for d in version.documents.all()] == [("passport", True), ("photo", False)]
    assert version.change_note == "Cabinet resolution No. 1 of 01.01.2027"
    assert version_in_force(world.service_x).number == 2


def test_numbers_keep_counting_up_and_earlier_versions_are_untouched(world) -> None:
    first = world.service_x.versions.get(number=1)
    change_service_rules(actor=world.admin, service=world.service_x, **rules())
    third = change_service_rules(actor=world.admin, service=world.service_x, **rules(term_working_days=9))
    assert third.number == 3
    first.refresh_from_db()
    assert (first.fee_bhm, first.term_working_days) == (Decimal("1"), 10)
    assert list(world.service_x.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_an_application_keeps_the_version_it_was_made_under(world) -> None:
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    change_service_rules(actor=world.admin, service=world.service_x, **rules())
    application.refresh_from_db()
    assert application.service_version.number == 1


def test_a_future_start_leaves_the_current_rules_in_force_until_then(world) -> None:
    start = timezone.now() + dt.timedelta(days=30)
    change_service_rules(actor=world.admin, service=world.service_x, valid_from=start, **rules())
    assert version_in_force(world.service_x).number == 1
    assert version_in_force(world.service_x, start + dt.timedelta(minutes=1)).number == 2


def test_verification_flags_carry_over_unless_given(world) -> None:
    world.service_x.versions.filter(number=1).update(fee_verified=Verification.YES)
    carried = change_service_rules(actor=world.admin, service=world.service_x, **rules())
    assert carried.fee_verified == Verification.YES
    given = change_service_rules(
        actor=world.admin, service=world.service_x, fee_verified=Verification.PARTLY, **rules(term_working_days=8)
    )
    assert given.fee_verified == Verification.PARTLY


@pytest.mark.parametrize("role", ["operator_a", "manager_a", "officer_x", "supervisor_a", "analyst"])
def test_staff_other_than_administrators_are_refused(world, role: str) -> None:
    with pytest.raises(NotAllowed):
        change_service_rules(actor=getattr(world, role), service=world.service_x, **rules())
    assert world.service_x.versions.count() == 1


def test_a_superuser_without_the_admin_role_may_change_rules(world) -> None:
    root = UserFactory(username="super", role="analyst", is_superuser=True, is_staff=True)
    assert change_service_rules(actor=root, service=world.service_x, **rules()).number == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"term_working_days": 0}, "term_working_days"),
        ({"term_working_days": -3}, "term_working_days"),
        ({"fee_bhm": "-0.1"}, "fee_bhm"),
        ({"fee_bhm": "abc"}, "fee_bhm"),
        ({"fee_uzs_fixed": -1}, "fee_uzs_fixed"),
        ({"online_fee_percent": 101}, "online_fee_percent"),
        ({"online_fee_percent": -1}, "online_fee_percent"),
        ({"exemptions": [{"category": "veterans", "percent_off": 50}]}, "exemptions"),
        ({"exemptions": [{"category": "disability_i_ii", "percent_off": 150}]}, "exemptions"),
        ({"documents": [("passport", True), ("no_such_paper", False)]}, "documents"),
        ({"documents": [("passport", True), ("passport", False)]}, "documents"),
        ({"calendar_regime": "7day"}, "calendar_regime"),
        ({"change_note": "  "}, "change_note"),
    ],
)
def test_invalid_rules_are_refused_and_add_no_version(world, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_service_rules(actor=world.admin, service=world.service_x, **rules(**overrides))
    assert caught.value.field == field
    assert str(caught.value)
    assert world.service_x.versions.count() == 1


def test_new_rules_cannot_start_before_the_latest_version(world) -> None:
    latest = world.service_x.versions.get()
    with pytest.raises(ValidationFailed) as caught:
        change_service_rules(
            actor=world.admin, service=world.service_x, valid_from=latest.valid_from - dt.timedelta(days=1), **rules()
        )
    assert caught.value.field == "valid_from"


def test_identical_rules_are_not_a_change(world) -> None:
    DocumentTypeFactory(code="passport")
    same = rules(
        fee_bhm="1",
        online_fee_percent=100,
        exemptions=[],
        term_working_days=10,
        documents=[("passport", True), ("photo", False)],
    )
    with pytest.raises(ValidationFailed) as caught:
        change_service_rules(actor=world.admin, service=world.service_x, **same)
    assert caught.value.code == "no_change"
