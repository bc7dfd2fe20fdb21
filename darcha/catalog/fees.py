"""Fee of an application: BHM multiple × the BHM in force on the day, plus a fixed part, then discounts.

Rules (DOMAIN.md): online filings usually pay a percentage of the front-desk fee; groups such as
disability I–II and the Unified Social Protection Registry get the discount their service grants
(decree UP-6269 of 2021). When several discounts apply, the largest one wins (they do not stack).
Amounts are whole soums, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from darcha.catalog.choices import Channel, Exemption, Verification

if TYPE_CHECKING:
    from darcha.catalog.models import ServiceVersion


@dataclass(frozen=True)
class FeeQuote:
    bhm_uzs: int
    base_uzs: int
    channel_percent: int
    discount_percent: int
    exemption: str
    total_uzs: int
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "bhm_uzs": self.bhm_uzs,
            "base_uzs": self.base_uzs,
            "channel_percent": self.channel_percent,
            "discount_percent": self.discount_percent,
            "exemption": self.exemption,
            "total_uzs": self.total_uzs,
        }


def exemption_categories(*, disability_group: str, in_social_registry: bool, age: int | None) -> set[str]:
    groups: set[str] = set()
    if disability_group in {"1", "2"}:
        groups.add(Exemption.DISABILITY_I_II)
    if in_social_registry:
        groups.add(Exemption.SOCIAL_REGISTRY)
    if age is not None and age < 16:
        groups.add(Exemption.MINOR_UNDER_16)
    if age is not None and age >= 70:
        groups.add(Exemption.ELDERLY_70)
    return groups


def _round(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def quote_fee(
    *,
    fee_bhm: Decimal,
    fee_uzs_fixed: int,
    online_fee_percent: int,
    exemptions: list[dict[str, object]],
    bhm_uzs: int,
    channel: str,
    applicant_groups: set[str],
) -> FeeQuote:
    base = Decimal(fee_bhm) * bhm_uzs + fee_uzs_fixed
    channel_percent = online_fee_percent if channel == Channel.ONLINE else 100
    best_percent, best_category = 0, ""
    for rule in exemptions:
        category = str(rule.get("category", ""))
        percent = int(str(rule.get("percent_off", 0)))
        if category in applicant_groups and percent > best_percent:
            best_percent, best_category = min(percent, 100), category
    total = base * channel_percent / 100 * (100 - best_percent) / 100
    return FeeQuote(
        bhm_uzs=bhm_uzs,
        base_uzs=_round(base),
        channel_percent=channel_percent,
        discount_percent=best_percent,
        exemption=best_category,
        total_uzs=_round(total),
    )


def quote_for(version: ServiceVersion, *, bhm_uzs: int, channel: str, applicant_groups: set[str]) -> FeeQuote:
    return quote_fee(
        fee_bhm=version.fee_bhm,
        fee_uzs_fixed=version.fee_uzs_fixed,
        online_fee_percent=version.online_fee_percent,
        exemptions=version.exemptions,
        bhm_uzs=bhm_uzs,
        channel=channel,
        applicant_groups=applicant_groups,
    )


def fee_is_known(version: ServiceVersion) -> bool:
    """Whether the catalog knows this version's fee. A fee "not verified" against a legal act is a
    placeholder (often 0): it is shown as "to be confirmed", never as an amount or as free."""
    return version.fee_verified != Verification.NO
