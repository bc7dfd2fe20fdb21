"""The one scoping mechanism: which rows of any scoped model a staff user may see.

Each scoped model declares, as a class attribute `SCOPE = ScopePaths(...)`, how one of its rows
reaches a centre, an agency and a region (and, optionally, through which related rows it is also
in scope). `restrict(queryset, user)` applies the user's scope to a queryset of any such model:

    operator, manager   rows of their centre
    officer             rows of their agency (and of their region, when one is set)
    supervisor          rows of their region
    analyst, admin      the nation; models holding personal data are hidden from the analyst
                        (`can(user, Capability.SEE_PERSONAL_DATA)` is False)

A model that declares no scope, an unknown role, an anonymous or inactive user: nothing (fail
closed). This module imports no domain model: it reads each model's declaration (NetBox's
`RestrictedQuerySet.restrict`, declared per model instead of per permission).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from darcha.accounts.roles import Capability, Dimension, can, spec_of

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

QS = TypeVar("QS", bound=QuerySet[Any])


class _Everything:
    """A path value meaning: every row is in scope along this dimension (e.g. any centre for an officer)."""

    def __repr__(self) -> str:
        return "EVERYTHING"


EVERYTHING: Final = _Everything()
Path = str | _Everything | None


@dataclass(frozen=True)
class ScopePaths:
    """How a model reaches the places a scope is made of; None: not along this dimension."""

    center: Path = None  # lookup to a centre id, e.g. "center_id", "pk", "registered_at_id"
    agency: Path = None  # lookup to an agency id
    region: Path = None  # lookup to a region id, e.g. "center__district__region_id"
    # Reverse relations to other scoped models: a row is also in scope when one of those is.
    via: tuple[str, ...] = ()
    # Rows are personal data: only users who may see personal data see any.
    personal: bool = False


@dataclass(frozen=True)
class Scope:
    """Where a user's work applies: the dimension of their role and its place."""

    role: str
    dimension: Dimension
    center_id: int | None = None
    agency_id: int | None = None
    region_id: int | None = None

    @property
    def is_national(self) -> bool:
        return self.dimension == Dimension.NATION


def scope_of(user: Viewer) -> Scope | None:
    spec = spec_of(user)
    if spec is None:
        return None
    return Scope(
        role=spec.role.value,
        dimension=spec.dimension,
        center_id=getattr(user, "center_id", None),
        agency_id=getattr(user, "agency_id", None),
        region_id=getattr(user, "region_id", None),
    )


NOTHING = Q(pk__in=[])


def _along(path: Path, value: int | None) -> Q | None:
    """Rows whose `path` leads to `value`; None means no restriction along it."""
    if path is EVERYTHING:
        return None
    if path is None or value is None:
        return NOTHING
    return Q(**{str(path): value})


def _direct(paths: ScopePaths, scope: Scope) -> Q | None:
    if scope.dimension == Dimension.CENTER:
        return _along(paths.center, scope.center_id)
    if scope.dimension == Dimension.REGION:
        return _along(paths.region, scope.region_id)
    if scope.dimension == Dimension.AGENCY:
        agency = _along(paths.agency, scope.agency_id)
        # An officer may be posted to one region of the agency: both must hold.
        region = _along(paths.region, scope.region_id) if scope.region_id is not None else None
        if agency is None or region is None:
            return agency or region
        return agency & region
    return NOTHING


def scope_paths(model: type[Model]) -> ScopePaths | None:
    paths = getattr(model, "SCOPE", None)
    return paths if isinstance(paths, ScopePaths) else None


def restrict(queryset: QS, user: Viewer) -> QS:
    """The rows of `queryset` that `user` may see (any model declaring SCOPE)."""
    scope = scope_of(user)
    paths = scope_paths(queryset.model)
    if scope is None or paths is None:
        return queryset.none()
    if paths.personal and not can(user, Capability.SEE_PERSONAL_DATA):
        return queryset.none()
    if scope.is_national:
        return queryset
    direct = _direct(paths, scope)
    if direct is None:
        return queryset
    q: Any = direct
    for name in paths.via:
        relation: Any = queryset.model._meta.get_field(name)
        related: Any = relation.related_model
        linked = restrict(related._default_manager.filter(**{relation.remote_field.name: OuterRef("pk")}), user)
        q = q | Exists(linked)
    return queryset.filter(q)


def in_scope(obj: Model, user: Viewer) -> bool:
    """Whether one row is inside the user's scope (one indexed query)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
