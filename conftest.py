"""Fixtures shared by every app's tests: a small world of two regions, centres, agencies and staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from darcha.accounts.tests import factories as staff
from darcha.catalog.tests.factories import AgencyFactory, make_service
from darcha.centers.calendar import forget_overrides
from darcha.centers.tests.factories import CenterFactory
from darcha.core import refcache
from darcha.geo.tests.factories import DistrictFactory, RegionFactory
from darcha.people.tests.factories import CitizenFactory

# Property tests share a fixture's database rows between examples on purpose (read-mostly worlds);
# examples that write roll back through savepoints inside the test (see the workflow tests).
settings.register_profile("darcha", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("darcha")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """On PostgreSQL, let the test database empty the audit table between transactional tests.

    The audit trigger refuses TRUNCATE (darcha/audit/migrations/0003); Django flushes the tables
    after each transactional test with TRUNCATE. The setting is made on the test database only, and
    the connection is reopened so it applies; the trigger's own tests switch it off again.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {name} SET darcha.audit_truncate = 'allowed'")
        connection.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any, request: Any) -> None:
    """Argon2 (production) costs ~0.2 s a password; tests that check it ask for `argon2` explicitly."""
    if "argon2" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_pages_in_tests(request: Any, settings: Any) -> Any:
    """Page and API tests assert English texts: unprefixed URLs serve LANGUAGE_CODE, so tests use "en".

    Uzbek stays the site's default: tests that check it ask for the `uzbek_default` fixture, and the
    browser tests (which run the journey in all four languages) keep the real setting.
    """
    from django.urls import clear_url_caches

    if "uzbek_default" not in request.fixturenames and request.node.get_closest_marker("browser") is None:
        settings.LANGUAGE_CODE = "en"
    # URL resolvers cache each language's prefix; the default language decides whether it has one.
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def uzbek_default() -> None:
    """Keep Uzbek (Latin) as the default language for this test."""


@pytest.fixture
def argon2() -> None:
    """Keep the production password hashers for this test."""


@pytest.fixture(autouse=True)
def _two_factor_only_when_asked(request: Any, settings: Any) -> None:
    """Page tests sign staff in with force_login and open their page at once, as before two-step sign-in.

    Production requires a code from staff who see personal data (DARCHA_REQUIRE_2FA); tests of that
    flow ask for the `two_factor` fixture, which keeps the requirement on.
    """
    settings.DARCHA_REQUIRE_2FA = "two_factor" in request.fixturenames


@pytest.fixture
def two_factor() -> None:
    """Require two-step sign-in for staff who see personal data in this test, as in production."""


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Any:
    forget_overrides()
    yield
    forget_overrides()


@pytest.fixture(autouse=True)
def _fresh_reference_cache() -> Any:
    """Each test's database is rolled back: nothing remembered from another test may be reused."""
    refcache.forget()
    yield
    refcache.forget()


@dataclass
class World:
    region_a: Any
    region_b: Any
    center_a: Any
    center_a2: Any
    center_b: Any
    agency_x: Any
    agency_y: Any
    service_x: Any
    service_y: Any
    operator_a: Any
    operator_a2: Any
    operator_b: Any
    manager_a: Any
    officer_x: Any
    officer_y: Any
    supervisor_a: Any
    analyst: Any
    admin: Any
    citizen: Any


@pytest.fixture
def world(db: Any) -> World:
    """Region A has centres A and A2, region B has centre B; agency X runs service X, agency Y service Y."""
    region_a, region_b = RegionFactory(soato="1733"), RegionFactory(soato="1735")
    district_a = DistrictFactory(region=region_a, soato="1733230")
    district_b = DistrictFactory(region=region_b, soato="1735207")
    center_a = CenterFactory(code="psc-a", district=district_a, number_block=101)
    center_a2 = CenterFactory(code="psc-a2", district=district_a, number_block=102)
    center_b = CenterFactory(code="psc-b", district=district_b, number_block=201)
    agency_x, agency_y = AgencyFactory(code="justice"), AgencyFactory(code="cadastre")
    return World(
        region_a=region_a,
        region_b=region_b,
        center_a=center_a,
        center_a2=center_a2,
        center_b=center_b,
        agency_x=agency_x,
        agency_y=agency_y,
        service_x=make_service(code="SERVICE_X", agency=agency_x),
        service_y=make_service(code="SERVICE_Y", agency=agency_y, documents=(("title", True),), term=5),
        operator_a=staff.operator(center_a, username="op_a"),
        operator_a2=staff.operator(center_a2, username="op_a2"),
        operator_b=staff.operator(center_b, username="op_b"),
        manager_a=staff.manager(center_a, username="mgr_a"),
        officer_x=staff.officer(agency_x, username="off_x"),
        officer_y=staff.officer(agency_y, username="off_y"),
        supervisor_a=staff.supervisor(region_a, username="sup_a"),
        analyst=staff.analyst(username="analyst"),
        admin=staff.admin(username="root"),
        citizen=CitizenFactory(),
    )
