"""API shapes of centres: where they are, how to reach them, when they are open."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from darcha.centers.models import Center
from darcha.core.schemas import NamesOut, names_of


class PlaceOut(Schema):
    code: str = Field(description="SOATO code.")
    name: str


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday.")
    opens: dt.time
    closes: dt.time


class CenterOut(Schema):
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


def center_out(center: Center) -> dict:
    district = center.district
    return {
        "code": center.code,
        "name": center.name,
        "names": names_of(center),
        "kind": center.kind,
        "kind_label": str(Center.Kind(center.kind).label) if center.kind in Center.Kind.values else "",
        "district": {"code": district.soato, "name": district.name},
        "region": {"code": district.region.soato, "name": district.region.name},
        "address": center.address,
        "phone": center.phone,
        "opening_hours": [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in center.opening_hours.all()
        ],
    }
