"""One scoping mechanism, proved as a matrix: every role × every application and citizen."""

import pytest

from darcha.accounts.scoping import restrict_centers
from darcha.applications.selectors import applications_for
from darcha.applications.tests.factories import submit
from darcha.centers.models import Center
from darcha.people.models import Citizen
from darcha.people.selectors import citizen_for_intake, citizens_for
from darcha.people.tests.factories import CitizenFactory


@pytest.fixture
def cases(world):
    """Applications at centre A (service X and Y), at A2 (X), at B (Y), each by a different citizen."""
    people = {name: CitizenFactory() for name in ("ax", "ay", "a2x", "by")}
    return {
        "ax": submit(actor=world.operator_a, service=world.service_x, applicant=people["ax"]),
        "ay": submit(actor=world.operator_a, service=world.service_y, applicant=people["ay"]),
        "a2x": submit(actor=world.operator_a2, service=world.service_x, applicant=people["a2x"]),
        "by": submit(actor=world.operator_b, service=world.service_y, applicant=people["by"]),
    }, people


VISIBLE = {
    "operator_a": {"ax", "ay"},
    "operator_a2": {"a2x"},
    "operator_b": {"by"},
    "manager_a": {"ax", "ay"},
    "officer_x": {"ax", "a2x"},
    "officer_y": {"ay", "by"},
    "supervisor_a": {"ax", "ay", "a2x"},
    "analyst": {"ax", "ay", "a2x", "by"},
    "admin": {"ax", "ay", "a2x", "by"},
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_sees_exactly_its_applications(world, cases, role):
    apps, _people = cases
    seen = set(applications_for(getattr(world, role)).values_list("number", flat=True))
    assert seen == {apps[name].number for name in VISIBLE[role]}


# Analysts see no personal data at all; the world's own citizen (registered nowhere, no case) is seen by none
# but the administrator.
CITIZENS = {**{role: names for role, names in VISIBLE.items()}, "analyst": set()}


@pytest.mark.parametrize("role", sorted(CITIZENS))
def test_each_role_sees_exactly_its_citizens(world, cases, role):
    _apps, people = cases
    seen = set(citizens_for(getattr(world, role)).values_list("pk", flat=True))
    expected = {people[name].pk for name in CITIZENS[role]}
    if role == "admin":
        expected |= {world.citizen.pk}
    assert seen == expected


def test_citizen_registered_at_a_centre_is_seen_by_its_operator_before_any_application(world):
    citizen = CitizenFactory(registered_at=world.center_a)
    assert citizens_for(world.operator_a).filter(pk=citizen.pk).exists()
    assert not citizens_for(world.operator_b).filter(pk=citizen.pk).exists()


def test_front_desk_finds_any_citizen_by_full_pinfl_but_back_office_cannot(world):
    assert citizen_for_intake(world.operator_b, world.citizen.pinfl) == world.citizen
    assert citizen_for_intake(world.officer_x, world.citizen.pinfl) is None
    assert citizen_for_intake(world.analyst, world.citizen.pinfl) is None


def test_anonymous_users_see_nothing(world, cases):
    from django.contrib.auth.models import AnonymousUser

    assert not applications_for(AnonymousUser()).exists()
    assert not citizens_for(AnonymousUser()).exists()


def test_inactive_users_see_nothing(world, cases):
    world.operator_a.is_active = False
    world.operator_a.save()
    assert not applications_for(world.operator_a).exists()


def test_centres_visible_to_managers_and_supervisors(world):
    assert set(restrict_centers(Center.objects.all(), world.manager_a)) == {world.center_a}
    assert set(restrict_centers(Center.objects.all(), world.supervisor_a)) == {world.center_a, world.center_a2}
    assert restrict_centers(Center.objects.all(), world.analyst).count() == 3


def test_citizens_count_is_unaffected_by_join_duplicates(world, cases):
    _apps, people = cases
    submit(actor=world.operator_a, service=world.service_x, applicant=people["ax"])
    assert citizens_for(world.operator_a).count() == 2
    assert Citizen.objects.count() == 5
