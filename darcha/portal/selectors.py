"""Reads for the public site: catalog pages and where to go. Public data only, no personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from darcha.catalog.choices import CalendarRegime, Channel, Exemption, Verification
from darcha.catalog.fees import FeeQuote, quote_for
from darcha.catalog.models import Service, ServiceVersion
from darcha.catalog.selectors import bhm_on, service_by_code, version_in_force
from darcha.centers.models import Center
from darcha.centers.selectors import hours_summary
from darcha.core.errors import NotFound


@dataclass(frozen=True)
class CenterInfo:
    center: Center
    hours: list[str]


@dataclass(frozen=True)
class RegionCenters:
    region: str
    centers: list[CenterInfo]


def centers_by_region() -> list[RegionCenters]:
    """Active centres with address, phone and hours, grouped by region (three queries)."""
    centers = (
        Center.objects.filter(is_active=True)
        .select_related("district__region")
        .prefetch_related("opening_hours")
        .order_by("district__region__soato", "district__soato", "code")
    )
    grouped = []
    for _region_id, members in groupby(centers, key=lambda c: c.district.region_id):
        items = list(members)
        grouped.append(
            RegionCenters(
                region=items[0].district.region.name,
                centers=[CenterInfo(center=c, hours=hours_summary(list(c.opening_hours.all()))) for c in items],
            )
        )
    return grouped


IDENTITY_DOCUMENTS = frozenset({"passport_or_id", "previous_passport_or_id"})


@dataclass(frozen=True)
class DocumentItem:
    name: str
    mandatory: bool


@dataclass
class ServiceOverview:
    service: Service
    version: ServiceVersion | None
    documents: list[DocumentItem] = field(default_factory=list)
    front_desk_fee: FeeQuote | None = None
    online_fee: FeeQuote | None = None
    bhm_uzs: int | None = None
    discounts: list[tuple[str, int]] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    term_working_days: int | None = None
    week: str = ""
    fee_verified: str = Verification.NO
    term_verified: str = Verification.NO
    centers: list[RegionCenters] = field(default_factory=list)
    # The citizen always shows an identity document at the window; said once, unless the checklist does.
    identity_in_checklist: bool = False

    @property
    def fee_unverified(self) -> bool:
        return self.fee_verified != Verification.YES

    @property
    def fee_unknown(self) -> bool:
        """Not verified at all: the catalog's amount is a placeholder, shown as "to be confirmed", never as 0."""
        return self.fee_verified == Verification.NO

    @property
    def term_unverified(self) -> bool:
        return self.term_verified != Verification.YES

    @property
    def fee_verification_label(self) -> str:
        return str(Verification(self.fee_verified).label)

    @property
    def term_verification_label(self) -> str:
        return str(Verification(self.term_verified).label)


def service_overview(code: str, *, today: dt.date) -> ServiceOverview:
    """Everything the public service page shows; NotFound for an unknown or inactive service."""
    service = service_by_code(code)
    overview = ServiceOverview(
        service=service,
        version=None,
        channels=service.channel_labels(),
        centers=centers_by_region(),
    )
    try:
        version = version_in_force(service)
    except NotFound:
        return overview
    overview.version = version
    lines = version.document_requirements()
    overview.documents = [DocumentItem(name=line.document.name, mandatory=line.mandatory) for line in lines]
    overview.identity_in_checklist = any(line.document.code in IDENTITY_DOCUMENTS for line in lines)
    overview.term_working_days = version.term_working_days
    overview.week = (
        str(CalendarRegime(version.calendar_regime).label) if version.calendar_regime in CalendarRegime.values else ""
    )
    overview.fee_verified = version.fee_verified
    overview.term_verified = version.term_verified
    exemption_labels = dict(Exemption.choices)
    overview.discounts = [
        (str(exemption_labels.get(str(rule.get("category")), rule.get("category"))), _percent(rule))
        for rule in version.exemptions
        if _percent(rule) > 0
    ]
    try:
        overview.bhm_uzs = bhm_on(today)
    except NotFound:
        return overview
    overview.front_desk_fee = quote_for(
        version, bhm_uzs=overview.bhm_uzs, channel=Channel.FRONT_DESK, applicant_groups=set()
    )
    if service.offers(Channel.ONLINE):
        overview.online_fee = quote_for(
            version, bhm_uzs=overview.bhm_uzs, channel=Channel.ONLINE, applicant_groups=set()
        )
    return overview


def _percent(rule: dict[str, Any]) -> int:
    try:
        return int(str(rule.get("percent_off", 0)))
    except ValueError:
        return 0
