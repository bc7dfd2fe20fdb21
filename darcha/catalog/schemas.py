"""API shapes of the public catalog: services with today's fee, legal term and checklist."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

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
    """A catalog card: every field read from a `ServiceCard` (resolvers where derived)."""

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

    @staticmethod
    def resolve_names(card: ServiceCard) -> dict[str, str]:
        return names_of(card.service)

    @staticmethod
    def resolve_category_label(card: ServiceCard) -> str:
        category = card.service.category
        return str(Category(category).label) if category in Category.values else ""

    @staticmethod
    def resolve_channels(card: ServiceCard) -> list[str]:
        return card.service.offered_channels

    @staticmethod
    def resolve_fee(card: ServiceCard) -> dict[str, Any]:
        return {
            "on": card.today,
            "bhm_uzs": card.bhm_uzs,
            "front_desk_uzs": card.fee(Channel.FRONT_DESK),
            "online_uzs": card.fee(Channel.ONLINE),
        }

    @staticmethod
    def resolve_term_working_days(card: ServiceCard) -> int | None:
        return card.version.term_working_days if card.version else None

    @staticmethod
    def resolve_calendar_regime(card: ServiceCard) -> str | None:
        return card.version.calendar_regime if card.version else None

    @staticmethod
    def resolve_version(card: ServiceCard) -> int | None:
        return card.version.number if card.version else None

    @staticmethod
    def resolve_valid_from(card: ServiceCard) -> dt.datetime | None:
        return local_time(card.version.valid_from) if card.version else None

    @staticmethod
    def resolve_documents(card: ServiceCard) -> list[dict[str, Any]]:
        lines = card.version.document_requirements() if card.version else []
        return [{"code": line.document.code, "name": line.document.name, "mandatory": line.mandatory} for line in lines]


class ServiceFilters(Schema):
    q: CleanText = Field("", max_length=100, description="Part of a code or a name in any language.")
    category: CleanText = Field("", max_length=30, description=f"One of: {', '.join(Category.values)}.")


class ServiceCard:
    """A service with the rules in force (None if none are) and the BHM of the day: what a card shows."""

    def __init__(
        self, service: Service, version: ServiceVersion | None, *, bhm_uzs: int | None, today: dt.date
    ) -> None:
        self.service = service
        self.version = version
        self.bhm_uzs = bhm_uzs
        self.today = today

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def fee(self, channel: str) -> int | None:
        if self.version is None or self.bhm_uzs is None or not self.service.offers(channel):
            return None
        return quote_for(self.version, bhm_uzs=self.bhm_uzs, channel=channel, applicant_groups=set()).total_uzs
