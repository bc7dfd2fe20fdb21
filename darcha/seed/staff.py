"""Demo staff: one user of every role, scoped to the demo centres, agencies and regions.

Usernames: `operator`, `manager`, `supervisor` and `officer` for the first centre (and the agency
owning the most services), `operator2` … `operator5`, `manager2` … `manager5`, `supervisor2` …
`supervisor5` for the other centres in the order of `darcha.seed.places.CENTRES`, `operator_mobile`
for the mobile unit, `officer_<agency code>` for the other back offices, `analyst` and `admin`.
Every demo user has the password `darcha-demo` (DEMO_PASSWORD), hashed with Argon2 like any other
password. `officer` works in the back office of the agency that owns the most services in the
catalog, with no region set, so the demo journey (operator takes, officer decides) works for the
first services of the catalog at every pilot centre.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from darcha.accounts.models import Role, User
from darcha.catalog.models import Agency
from darcha.centers.models import Center
from darcha.geo.models import Region
from darcha.seed.names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, feminine
from darcha.seed.places import CENTRES, FIRST_CENTRE, PSC_SPECS

DEMO_PASSWORD = "darcha-demo"  # noqa: S105 - published demo password, DEMO_MODE only


@dataclass(frozen=True)
class StaffSpec:
    username: str
    role: str
    centre_code: str = ""
    agency_code: str = ""
    region_soato: str = ""
    superuser: bool = False


def agencies_by_size() -> list[Agency]:
    """Agencies with active services, the one owning the most services first (ties by code)."""
    return list(
        Agency.objects.annotate(n=Count("services", filter=Q(services__is_active=True)))
        .filter(n__gt=0)
        .order_by("-n", "code")
    )


def staff_specs(agencies: list[Agency]) -> list[StaffSpec]:
    specs = [
        StaffSpec("admin", Role.ADMIN, superuser=True),
        StaffSpec("analyst", Role.ANALYST),
        StaffSpec("operator", Role.OPERATOR, centre_code=FIRST_CENTRE.code),
        StaffSpec("manager", Role.MANAGER, centre_code=FIRST_CENTRE.code),
        StaffSpec("supervisor", Role.SUPERVISOR, region_soato=FIRST_CENTRE.district_soato[:4]),
    ]
    if agencies:
        specs.append(StaffSpec("officer", Role.OFFICER, agency_code=agencies[0].code))
    # The other pilot centres are numbered in the order of CENTRES: operator2 … operator5 (README).
    for number, spec in enumerate(PSC_SPECS[1:], start=2):
        specs.append(StaffSpec(f"operator{number}", Role.OPERATOR, centre_code=spec.code))
    for spec in CENTRES:
        if spec.kind != Center.Kind.PSC:
            specs.append(StaffSpec(f"operator_{spec.key}", Role.OPERATOR, centre_code=spec.code))
    for number, spec in enumerate(PSC_SPECS[1:], start=2):
        specs.append(StaffSpec(f"manager{number}", Role.MANAGER, centre_code=spec.code))
    for number, spec in enumerate(PSC_SPECS[1:], start=2):
        specs.append(StaffSpec(f"supervisor{number}", Role.SUPERVISOR, region_soato=spec.district_soato[:4]))
    for agency in agencies[1:]:
        specs.append(StaffSpec(f"officer_{agency.code}", Role.OFFICER, agency_code=agency.code))
    return specs


def _display_name(index: int) -> tuple[str, str]:
    if index % 2:
        return FEMALE_NAMES[(index * 7) % len(FEMALE_NAMES)], feminine(FAMILY_NAMES[(index * 11) % len(FAMILY_NAMES)])
    return MALE_NAMES[(index * 5) % len(MALE_NAMES)], FAMILY_NAMES[(index * 13) % len(FAMILY_NAMES)]


def ensure_staff(centres: dict[str, Center]) -> dict[str, User]:
    """Create the demo users that are missing and refresh the scope of existing ones (idempotent)."""
    agencies = {a.code: a for a in agencies_by_size()}
    regions = {r.soato: r for r in Region.objects.filter(soato__in={s.district_soato[:4] for s in CENTRES})}
    specs = staff_specs(list(agencies.values()))
    existing = {u.username: u for u in User.objects.filter(username__in=[s.username for s in specs])}
    password_hash = ""
    users: dict[str, User] = {}
    for index, spec in enumerate(specs):
        user = existing.get(spec.username)
        if user is None:
            # One Argon2 hash for the one published demo password keeps a seed run fast.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            first_name, last_name = _display_name(index)
            user = User(username=spec.username, password=password_hash, first_name=first_name, last_name=last_name)
        user.role = spec.role
        user.center = centres.get(spec.centre_code)
        user.agency = agencies.get(spec.agency_code)
        user.region = regions.get(spec.region_soato)
        user.is_superuser = spec.superuser
        user.is_staff = spec.superuser
        user.is_active = True
        user.save()
        users[spec.username] = user
    return users


def demo_usernames() -> list[str]:
    return [spec.username for spec in staff_specs(agencies_by_size())]


def operator_username(centre_code: str) -> str:
    """The demo operator who works at a demo centre."""
    return next(s.username for s in staff_specs([]) if s.role == Role.OPERATOR and s.centre_code == centre_code)
