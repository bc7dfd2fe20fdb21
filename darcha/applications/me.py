"""GET /api/v1/me: who the token belongs to, where their work applies and what they may do.

A client reads it once to know where it may act: the role and its capabilities (darcha.accounts.roles),
the scope (centre, agency or region codes; none for national roles) and the workflow actions the role
may take in any state (darcha.applications.workflow), so it can show only the buttons that will work.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from darcha.accounts.auth import api_user
from darcha.accounts.models import Role
from darcha.accounts.roles import Capability, capabilities_of, role_of
from darcha.accounts.scoping import scope_of
from darcha.applications.workflow import ACTIONS
from darcha.core.schemas import ErrorOut

router = Router(tags=["account"])


class ScopeOut(Schema):
    dimension: str = Field(description="center, agency, region or nation.")
    center_code: str | None = None
    agency_code: str | None = None
    region_code: str | None = Field(None, description="The region's SOATO code.")
    center_name: str | None = None
    agency_name: str | None = None
    region_name: str | None = None


class MeActionOut(Schema):
    action: str
    label: str
    from_states: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    scope: ScopeOut
    capabilities: list[str] = Field(description="What the role may do: " + ", ".join(Capability) + ".")
    takes_applications: bool = Field(description="May submit applications (POST /applications).")
    sees_personal_data: bool = Field(description="Names and masked PINFL appear in answers.")
    actions: list[MeActionOut] = Field(
        description="Workflow actions the role may take, with the states they start from."
    )

    @staticmethod
    def resolve_full_name(user: Any) -> str:
        return str(user.get_full_name() or user.username)

    @staticmethod
    def resolve_role(user: Any) -> str:
        return role_of(user)

    @staticmethod
    def resolve_role_label(user: Any) -> str:
        return str(Role(role_of(user)).label)

    @staticmethod
    def resolve_scope(user: Any) -> dict[str, Any]:
        scope = scope_of(user)
        center, agency, region = user.center, user.agency, user.region
        return {
            "dimension": scope.dimension.value if scope else "",
            "center_code": center.code if center and scope and not scope.is_national else None,
            "agency_code": agency.code if agency and scope and not scope.is_national else None,
            "region_code": region.soato if region and scope and not scope.is_national else None,
            "center_name": center.name if center and scope and not scope.is_national else None,
            "agency_name": agency.name if agency and scope and not scope.is_national else None,
            "region_name": region.name if region and scope and not scope.is_national else None,
        }

    @staticmethod
    def resolve_capabilities(user: Any) -> list[str]:
        held = capabilities_of(user)
        return [c.value for c in Capability if c in held]

    @staticmethod
    def resolve_takes_applications(user: Any) -> bool:
        return Capability.FRONT_OFFICE in capabilities_of(user)

    @staticmethod
    def resolve_sees_personal_data(user: Any) -> bool:
        return Capability.SEE_PERSONAL_DATA in capabilities_of(user)

    @staticmethod
    def resolve_actions(user: Any) -> list[dict[str, Any]]:
        role = role_of(user)
        return [
            {"action": a.name, "label": str(a.label), "from_states": sorted(a.sources)}
            for a in ACTIONS.values()
            if role in a.roles
        ]


@router.get("", response={200: MeOut, 401: ErrorOut}, summary="The signed-in user, scope and permissions")
def me(request: HttpRequest) -> Any:
    """Who you are, where your work applies and what you may do: read it once to show only what will work."""
    return api_user(request)
