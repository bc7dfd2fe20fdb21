"""API shapes of the public catalog: services with today's fee, legal term and checklist."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from darcha.catalog.choices import Category, Channel
from darcha.catalog.fees import quote_for
from darcha.catalog.models import Service, ServiceVersion
from darcha.core.schemas import CleanText, NamesOut, clean_text, local_time, names_of

# A service code in a URL: bounded and clean before it reaches a query.
ServiceCode = Annotated[str, StringConstraints(max_length=60), AfterValidator(clean_text)]


class AgencyOut(Schema):
    code: str
    name: str


class DocumentOut(Schema):
    code: str
    name: str
    mandatory: bool


class FeeOut(Schema):
    on: dt.date = Field(description="The day the fee is computed for (today in Tashkent).")
    bhm_uzs: int | None = Field(description="Base calculation amount (BHM) in force that day.")
    front_desk_uzs: int | None = Field(description="Fee at a centre's front desk; null if not offered there.")
    online_uzs: int | None = Field(description="Fee for an online filing; null if not offered online.")


class ServiceOut(Schema):
    code: str
    name: str = Field(description="Name in the language asked for (Accept-Language).")
    names: NamesOut
    description: str
    category: str
    category_label: str
    agency: AgencyOut
    channels: list[str]
    fee: FeeOut
    term_working_days: int | None = Field(description="Legal term in working days; null if no rules are in force.")
    calendar_regime: str | None
    version: int | None = Field(description="Number of the rule version in force.")
    valid_from: dt.datetime | None
    documents: list[DocumentOut]


class ServiceFilters(Schema):
    q: CleanText = Field("", max_length=100, description="Part of a code or a name in any language.")
    category: CleanText = Field("", max_length=30, description=f"One of: {', '.join(Category.values)}.")


def service_out(service: Service, version: ServiceVersion | None, *, bhm_uzs: int | None, today: dt.date) -> dict:
    """One catalog card. `version` is the one in force (None if none is); `bhm_uzs` the BHM today."""

    def fee(channel: str) -> int | None:
        if version is None or bhm_uzs is None or not service.offers(channel):
            return None
        return quote_for(version, bhm_uzs=bhm_uzs, channel=channel, applicant_groups=set()).total_uzs

    return {
        "code": service.code,
        "name": service.name,
        "names": names_of(service),
        "description": service.description,
        "category": service.category,
        "category_label": str(Category(service.category).label) if service.category in Category.values else "",
        "agency": {"code": service.agency.code, "name": service.agency.name},
        "channels": service.offered_channels,
        "fee": {
            "on": today,
            "bhm_uzs": bhm_uzs,
            "front_desk_uzs": fee(Channel.FRONT_DESK),
            "online_uzs": fee(Channel.ONLINE),
        },
        "term_working_days": version.term_working_days if version else None,
        "calendar_regime": version.calendar_regime if version else None,
        "version": version.number if version else None,
        "valid_from": local_time(version.valid_from) if version else None,
        "documents": [
            {"code": line.document.code, "name": line.document.name, "mandatory": line.mandatory}
            for line in (version.document_requirements() if version else [])
        ],
    }
