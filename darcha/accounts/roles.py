"""Roles and what each may do, in one table.

Every question of the form "may this user take applications / act in the back office / see personal
data / see management figures…" is answered here, by `can(user, Capability.X)`. Views, services,
selectors, the API and the navigation ask this table; no other module keeps a set of roles.

Where a role's work applies (its centre, agency, region or the nation) is the other half of the
answer and lives in `darcha.accounts.scoping`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from darcha.accounts.models import Role

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import AnonymousUser

    from darcha.accounts.models import User

    # Whoever a request or a task acts for: a staff user, the anonymous visitor, or nobody (a job).
    Viewer: TypeAlias = User | AnonymousUser | None


class Capability(enum.StrEnum):
    # The front office: find or register the citizen at the window, take applications, record
    # documents brought later, hand results over, withdraw at the citizen's request.
    FRONT_OFFICE = "front_office"
    # The agency's back office: review, ask for information, approve, reject.
    BACK_OFFICE = "back_office"
    # Names, PINFL (masked), phones, case pages and officers' comments.
    SEE_PERSONAL_DATA = "see_personal_data"
    # Intake, backlog, overdue and on-time figures of the scope.
    SEE_MANAGEMENT_FIGURES = "see_management_figures"
    # Give a case to any officer of its agency (officers with the back office take cases themselves).
    ASSIGN_CASES = "assign_cases"
    # The Django admin: reference data, staff accounts, tokens, the outbox.
    ADMINISTER = "administer"


class Dimension(enum.StrEnum):
    """Where a role's scope lies (see darcha.accounts.scoping)."""

    CENTER = "center"
    AGENCY = "agency"
    REGION = "region"
    NATION = "nation"


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    dimension: Dimension
    capabilities: frozenset[Capability]
    # The URL name each role starts its day on.
    landing: str


C = Capability
ROLES: dict[str, RoleSpec] = {
    spec.role.value: spec
    for spec in (
        RoleSpec(
            Role.OPERATOR,
            Dimension.CENTER,
            frozenset({C.FRONT_OFFICE, C.SEE_PERSONAL_DATA}),
            "applications:desk",
        ),
        RoleSpec(
            Role.OFFICER,
            Dimension.AGENCY,
            frozenset({C.BACK_OFFICE, C.SEE_PERSONAL_DATA}),
            "applications:inbox",
        ),
        RoleSpec(
            Role.MANAGER,
            Dimension.CENTER,
            frozenset({C.FRONT_OFFICE, C.SEE_PERSONAL_DATA, C.SEE_MANAGEMENT_FIGURES}),
            "applications:overview",
        ),
        RoleSpec(
            Role.SUPERVISOR,
            Dimension.REGION,
            frozenset({C.SEE_PERSONAL_DATA, C.SEE_MANAGEMENT_FIGURES, C.ASSIGN_CASES}),
            "applications:overview",
        ),
        # The national analyst works with figures only: no names, no case pages.
        RoleSpec(Role.ANALYST, Dimension.NATION, frozenset({C.SEE_MANAGEMENT_FIGURES}), "applications:overview"),
        RoleSpec(Role.ADMIN, Dimension.NATION, frozenset(Capability), "applications:inbox"),
    )
}


def role_of(user: Viewer) -> str:
    """The role that counts for an active, signed-in user ("" for anyone else); superusers are admins."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return ""
    if getattr(user, "is_superuser", False):
        return Role.ADMIN.value
    return str(getattr(user, "role", "") or "")


def spec_of(user: Viewer) -> RoleSpec | None:
    return ROLES.get(role_of(user))


def can(user: Viewer, capability: Capability) -> bool:
    spec = spec_of(user)
    return spec is not None and capability in spec.capabilities


def roles_with(capability: Capability) -> frozenset[str]:
    """The roles that have a capability (for declarations such as the workflow table)."""
    return frozenset(code for code, spec in ROLES.items() if capability in spec.capabilities)


def capabilities_of(user: Viewer) -> frozenset[Capability]:
    spec = spec_of(user)
    return spec.capabilities if spec is not None else frozenset()
