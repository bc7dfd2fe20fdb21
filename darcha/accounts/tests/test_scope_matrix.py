"""One scoping mechanism, proved as a matrix: every role × every application, citizen and centre,
through the functions production calls (selectors, services, the API and the pages)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from darcha.accounts.scoping import EVERYTHING, ScopePaths, restrict
from darcha.accounts.services import issue_token
from darcha.applications.models import Application
from darcha.applications.selectors import application_detail, applications_for, overview_for
from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tests.factories import submit
from darcha.centers.models import Center
from darcha.core.errors import NotFound
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
ROLES = sorted(VISIBLE)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_exactly_its_applications(world, cases, role):
    apps, _people = cases
    seen = set(applications_for(getattr(world, role)).values_list("number", flat=True))
    assert seen == {apps[name].number for name in VISIBLE[role]}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_applications_and_others_are_unknown(world, cases, role):
    apps, _people = cases
    user = getattr(world, role)
    for name, app in apps.items():
        if name in VISIBLE[role]:
            assert application_detail(user, app.number).pk == app.pk
        else:
            with pytest.raises(NotFound):
                application_detail(user, app.number)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_404_outside_the_scope_like_an_unknown_number(world, cases, client, role):
    apps, _people = cases
    token = issue_token(user=getattr(world, role))
    for name, app in apps.items():
        response = client.get(f"/api/v1/applications/{app.number}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == (200 if name in VISIBLE[role] else 404), (role, name)
        if name not in VISIBLE[role]:
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_answers_404_outside_the_scope(world, cases, client, role):
    apps, _people = cases
    user = getattr(world, role)
    client.force_login(user)
    for name, app in apps.items():
        status = client.get(f"/desk/applications/{app.number}/").status_code
        if role == "analyst":
            assert status == 403  # no case pages at all for the analyst's role
        else:
            assert status == (200 if name in VISIBLE[role] else 404), (role, name)


@pytest.mark.parametrize("role", ["operator_b", "officer_y", "operator_a2"])
def test_acting_outside_the_scope_is_unknown_too(world, cases, role):
    apps, _people = cases
    with pytest.raises(NotFound):
        perform_transition(actor=getattr(world, role), number=apps["ax"].number, action="withdraw")
    if role != "officer_y":  # documents are the front office's; an officer is refused for the role
        with pytest.raises(NotFound):
            record_documents(actor=getattr(world, role), number=apps["ax"].number, documents=["photo"])


# Analysts see no personal data at all; the world's own citizen (registered nowhere, no case) is seen by none
# but the administrator.
CITIZENS = {**{role: names for role, names in VISIBLE.items()}, "analyst": set()}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_citizens(world, cases, role):
    _apps, people = cases
    seen = set(citizens_for(getattr(world, role)).values_list("pk", flat=True))
    expected = {people[name].pk for name in CITIZENS[role]}
    if role == "admin":
        expected |= {world.citizen.pk}
    assert seen == expected


def test_a_representative_is_in_the_scope_of_the_case_they_appear_on(world):
    representative = CitizenFactory()
    submit(
        actor=world.operator_b,
        service=world.service_y,
        applicant=CitizenFactory(),
        representative=representative,
        representative_basis="relative",
    )
    assert citizens_for(world.officer_y).filter(pk=representative.pk).exists()
    assert not citizens_for(world.officer_x).filter(pk=representative.pk).exists()


def test_citizen_registered_at_a_centre_is_seen_by_its_operator_before_any_application(world):
    citizen = CitizenFactory(registered_at=world.center_a)
    assert citizens_for(world.operator_a).filter(pk=citizen.pk).exists()
    assert citizens_for(world.supervisor_a).filter(pk=citizen.pk).exists()
    assert not citizens_for(world.operator_b).filter(pk=citizen.pk).exists()


def test_front_desk_finds_any_citizen_by_full_pinfl_but_back_office_cannot(world):
    assert citizen_for_intake(world.operator_b, world.citizen.pinfl) == world.citizen
    assert citizen_for_intake(world.officer_x, world.citizen.pinfl) is None
    assert citizen_for_intake(world.analyst, world.citizen.pinfl) is None


def test_anonymous_and_inactive_users_see_nothing(world, cases):
    for user in (AnonymousUser(), None):
        assert not applications_for(user).exists()
        assert not citizens_for(user).exists()
        assert not restrict(Center.objects.all(), user).exists()
    world.operator_a.is_active = False
    world.operator_a.save()
    assert not applications_for(world.operator_a).exists()


CENTRES = {
    "operator_a": {"psc-a"},
    "manager_a": {"psc-a"},
    "supervisor_a": {"psc-a", "psc-a2"},
    "officer_x": {"psc-a", "psc-a2", "psc-b"},
    "analyst": {"psc-a", "psc-a2", "psc-b"},
    "admin": {"psc-a", "psc-a2", "psc-b"},
}


@pytest.mark.parametrize("role", sorted(CENTRES))
def test_each_role_sees_exactly_its_centres(world, role):
    seen = set(restrict(Center.objects.all(), getattr(world, role)).values_list("code", flat=True))
    assert seen == CENTRES[role]


@pytest.mark.parametrize("role", ["manager_a", "supervisor_a", "analyst"])
def test_overview_figures_count_only_the_scope(world, cases, role):
    data = overview_for(getattr(world, role))
    assert data.open_count == len(VISIBLE[role])


def test_citizens_count_is_unaffected_by_join_duplicates(world, cases):
    _apps, people = cases
    submit(actor=world.operator_a, service=world.service_x, applicant=people["ax"])
    assert citizens_for(world.operator_a).count() == 2
    assert Citizen.objects.count() == 5


def test_a_model_without_a_declared_scope_shows_nothing(world):
    from darcha.catalog.models import Agency

    assert getattr(Agency, "SCOPE", None) is None
    assert not restrict(Agency.objects.all(), world.admin).exists()


def test_declarations_reach_the_right_places():
    assert ScopePaths(center="center_id", agency="agency_id", region="center__district__region_id") == Application.SCOPE
    assert Citizen.SCOPE.personal and Citizen.SCOPE.via == ("applications", "represented_applications")
    assert Center.SCOPE.agency is EVERYTHING


def test_an_officer_posted_to_one_region_sees_the_agencys_cases_there_only(world, cases):
    apps, people = cases
    world.officer_y.region = world.region_b
    world.officer_y.save()
    assert set(applications_for(world.officer_y).values_list("number", flat=True)) == {apps["by"].number}
    assert set(citizens_for(world.officer_y).values_list("pk", flat=True)) == {people["by"].pk}
    with pytest.raises(NotFound):
        application_detail(world.officer_y, apps["ay"].number)
