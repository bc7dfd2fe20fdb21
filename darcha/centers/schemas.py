"""API shapes of centres: where they are, how to reach them, when they are open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from darcha.centers.models import Center
from darcha.core.schemas import NamesOut, names_of


class PlaceOut(Schema):
    code: str = Field(description="SOATO code.")
    name: str

    @staticmethod
    def resolve_code(place: Any) -> str:
        return str(place.soato)


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday.")
    opens: dt.time
    closes: dt.time


class CenterOut(Schema):
    """A centre as the public sees it; every field read from the model (resolvers where derived)."""

    code: str
    name: str
    names: NamesOut
    kind: str
    kind_label: str
    district: PlaceOut
    region: PlaceOut
    address: str
    phone: str
    opening_hours: list[OpeningHoursOut]

    @staticmethod
    def resolve_names(center: Center) -> dict[str, str]:
        return names_of(center)

    @staticmethod
    def resolve_kind_label(center: Center) -> str:
        return str(Center.Kind(center.kind).label) if center.kind in Center.Kind.values else ""

    @staticmethod
    def resolve_region(center: Center) -> Any:
        return center.district.region
