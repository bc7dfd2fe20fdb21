"""The one scoping mechanism: what part of the country's data a staff user may see.

Every selector that reads personal data or cases calls `restrict(queryset, user)`. Each scoped
model declares, in `SCOPE_PATHS`, how to reach a centre, an agency and a region from it; the
user's role decides which of those paths is used:

    operator, manager   their centre
    officer             their agency (and their region, when one is set)
    supervisor          their region
    analyst             the nation, but no personal data (`can_see_personal_data` is False)
    admin               everything

Anything unknown gets nothing (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from darcha.accounts.models import Role

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    role: str
    center_id: int | None = None
    agency_id: int | None = None
    region_id: int | None = None

    @property
    def can_see_personal_data(self) -> bool:
        return self.role != Role.ANALYST

    @property
    def is_national(self) -> bool:
        return self.role in {Role.ANALYST, Role.ADMIN}


def scope_of(user: Any) -> Scope | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Scope(role=Role.ADMIN)
    return Scope(role=user.role, center_id=user.center_id, agency_id=user.agency_id, region_id=user.region_id)


def _application_q(scope: Scope, prefix: str = "") -> Q | None:
    """Filter for applications (reached through `prefix`) inside the scope; None means no filter."""
    if scope.is_national:
        return None
    if scope.role in {Role.OPERATOR, Role.MANAGER} and scope.center_id:
        return Q(**{f"{prefix}center_id": scope.center_id})
    if scope.role == Role.OFFICER and scope.agency_id:
        q = Q(**{f"{prefix}agency_id": scope.agency_id})
        if scope.region_id:
            q &= Q(**{f"{prefix}center__district__region_id": scope.region_id})
        return q
    if scope.role == Role.SUPERVISOR and scope.region_id:
        return Q(**{f"{prefix}center__district__region_id": scope.region_id})
    return Q(pk__in=[])


def restrict_applications(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    scope = scope_of(user)
    if scope is None:
        return queryset.none()
    q = _application_q(scope)
    return queryset if q is None else queryset.filter(q)


def restrict_citizens(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """Citizens the user may see: those with a case in scope, or registered at the user's centre."""
    from darcha.applications.models import Application

    scope = scope_of(user)
    if scope is None or not scope.can_see_personal_data:
        return queryset.none()
    q = _application_q(scope)
    if q is None:
        return queryset
    cases = Application.objects.filter(q)
    in_scope = Exists(cases.filter(applicant_id=OuterRef("pk"))) | Exists(
        cases.filter(representative_id=OuterRef("pk"))
    )
    if scope.role in {Role.OPERATOR, Role.MANAGER}:
        in_scope |= Q(registered_at_id=scope.center_id)
    elif scope.role == Role.SUPERVISOR:
        in_scope |= Q(registered_at__district__region_id=scope.region_id)
    return queryset.filter(in_scope)


def restrict_centers(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """Centres whose management figures the user may see."""
    scope = scope_of(user)
    if scope is None:
        return queryset.none()
    if scope.is_national or scope.role == Role.OFFICER:
        return queryset
    if scope.role in {Role.OPERATOR, Role.MANAGER}:
        return queryset.filter(pk=scope.center_id)
    if scope.role == Role.SUPERVISOR:
        return queryset.filter(district__region_id=scope.region_id)
    return queryset.none()
