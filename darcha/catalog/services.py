"""Writes on the catalog: a change of a service's rules is a new `ServiceVersion`.

A version is never edited. `change_service_rules` is what an administrator calls (the admin's
"New rules version" page); the catalog loader adds versions through `add_version` after running the
same `validate_rules`, so a rule enforced for administrators is also enforced for the data file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.roles import Capability, can
from darcha.catalog.choices import CalendarRegime, Exemption, Verification
from darcha.catalog.models import DocumentType, Service, ServiceVersion, VersionDocument
from darcha.core.errors import NotAllowed, ValidationFailed

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

FEE_BHM_MAX = Decimal("9999.9999")  # the column holds 8 digits, 4 after the point
TERM_MAX = 32767  # PositiveSmallIntegerField


@dataclass(frozen=True)
class Rules:
    """The comparable content of a version: equal rules mean no new version is needed."""

    fee_bhm: Decimal
    fee_uzs_fixed: int
    online_fee_percent: int
    exemptions: tuple[tuple[str, int], ...]
    term_working_days: int
    calendar_regime: str
    documents: tuple[tuple[str, bool], ...]
    fee_verified: str
    term_verified: str

    @classmethod
    def of(cls, version: ServiceVersion) -> Rules:
        return cls(
            fee_bhm=Decimal(version.fee_bhm).quantize(Decimal("0.0001")),
            fee_uzs_fixed=int(version.fee_uzs_fixed),
            online_fee_percent=int(version.online_fee_percent),
            exemptions=tuple((str(e["category"]), int(str(e["percent_off"]))) for e in version.exemptions),
            term_working_days=int(version.term_working_days),
            calendar_regime=version.calendar_regime,
            documents=tuple(
                (line.document.code, line.mandatory)
                for line in version.documents.select_related("document").order_by("position", "id")
            ),
            fee_verified=version.fee_verified,
            term_verified=version.term_verified,
        )


def is_catalog_admin(actor: Viewer) -> bool:
    return can(actor, Capability.ADMINISTER)


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("The fee must be a number."), field="fee_bhm") from None


def _integer(value: Any, field: str, message: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(message, field=field) from None


def validate_rules(
    *,
    fee_bhm: Any,
    fee_uzs_fixed: Any,
    online_fee_percent: Any,
    exemptions: list[dict[str, Any]],
    term_working_days: Any,
    calendar_regime: str,
    documents: list[tuple[str, bool]],
    fee_verified: str = Verification.NO,
    term_verified: str = Verification.NO,
) -> Rules:
    """Check a set of rules and return them in comparable form; raise ValidationFailed on the first fault."""
    fee = _decimal(fee_bhm)
    if fee < 0:
        raise ValidationFailed(_("The fee cannot be negative."), field="fee_bhm")
    if fee > FEE_BHM_MAX:
        raise ValidationFailed(_("The fee is too large."), field="fee_bhm")
    fixed = _integer(fee_uzs_fixed, "fee_uzs_fixed", _("The fixed fee must be a whole number of soums."))
    if fixed < 0:
        raise ValidationFailed(_("The fixed fee cannot be negative."), field="fee_uzs_fixed")
    percent = _integer(online_fee_percent, "online_fee_percent", _("The online fee must be a whole percentage."))
    if not 0 <= percent <= 100:
        raise ValidationFailed(_("The online fee must be between 0 and 100 percent."), field="online_fee_percent")
    term = _integer(term_working_days, "term_working_days", _("The term must be a whole number of working days."))
    if term < 1:
        raise ValidationFailed(_("The term must be at least one working day."), field="term_working_days")
    if term > TERM_MAX:
        raise ValidationFailed(_("The term is too long."), field="term_working_days")
    if calendar_regime not in CalendarRegime.values:
        raise ValidationFailed(_("Unknown working week."), field="calendar_regime")
    for flag, field in ((fee_verified, "fee_verified"), (term_verified, "term_verified")):
        if flag not in Verification.values:
            raise ValidationFailed(_("Unknown verification status."), field=field)

    clean_exemptions: list[tuple[str, int]] = []
    for rule in exemptions:
        category = str(rule.get("category", ""))
        if category not in Exemption.values:
            raise ValidationFailed(
                _("Unknown exemption category: %(category)s.") % {"category": category}, field="exemptions"
            )
        if category in {c for c, _p in clean_exemptions}:
            raise ValidationFailed(
                _("The exemption %(category)s is listed twice.") % {"category": category}, field="exemptions"
            )
        off = _integer(rule.get("percent_off"), "exemptions", _("A discount must be a whole percentage."))
        if not 0 < off <= 100:
            raise ValidationFailed(_("A discount must be between 1 and 100 percent."), field="exemptions")
        clean_exemptions.append((category, off))

    codes = [code for code, _mandatory in documents]
    if len(set(codes)) != len(codes):
        raise ValidationFailed(_("A document is listed twice."), field="documents")
    known = set(DocumentType.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationFailed(
            _("Unknown document type: %(codes)s.") % {"codes": ", ".join(unknown)}, field="documents"
        )

    return Rules(
        fee_bhm=fee,
        fee_uzs_fixed=fixed,
        online_fee_percent=percent,
        exemptions=tuple(clean_exemptions),
        term_working_days=term,
        calendar_regime=calendar_regime,
        documents=tuple((code, bool(mandatory)) for code, mandatory in documents),
        fee_verified=fee_verified,
        term_verified=term_verified,
    )


def latest_version(service: Service) -> ServiceVersion | None:
    return service.versions.order_by("-number").first()


def add_version(*, service: Service, rules: Rules, valid_from: dt.datetime, change_note: str) -> ServiceVersion:
    """Append a version with the next number. Callers validate and hold the service row lock."""
    last_number = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ServiceVersion.objects.create(
        service=service,
        number=last_number + 1,
        valid_from=valid_from,
        fee_bhm=rules.fee_bhm,
        fee_uzs_fixed=rules.fee_uzs_fixed,
        online_fee_percent=rules.online_fee_percent,
        exemptions=[{"category": c, "percent_off": p} for c, p in rules.exemptions],
        term_working_days=rules.term_working_days,
        calendar_regime=rules.calendar_regime,
        fee_verified=rules.fee_verified,
        term_verified=rules.term_verified,
        change_note=change_note[:300],
    )
    types = DocumentType.objects.in_bulk([code for code, _m in rules.documents], field_name="code")
    VersionDocument.objects.bulk_create(
        VersionDocument(version=version, document=types[code], mandatory=mandatory, position=position)
        for position, (code, mandatory) in enumerate(rules.documents)
    )
    return version


def change_service_rules(
    *,
    actor: Any,
    service: Service,
    valid_from: dt.datetime | None = None,
    fee_bhm: Decimal | str | int,
    fee_uzs_fixed: int,
    online_fee_percent: int,
    exemptions: list[dict[str, Any]],
    term_working_days: int,
    calendar_regime: str,
    documents: list[tuple[str, bool]],
    change_note: str,
    fee_verified: str | None = None,
    term_verified: str | None = None,
) -> ServiceVersion:
    """Add a version of `service`'s rules in force from `valid_from` (default: now).

    Only administrators may change rules. The verification flags default to the previous version's:
    a change entered from the same act keeps its standing; the form asks for them explicitly.
    """
    if not is_catalog_admin(actor):
        raise NotAllowed(_("Only administrators may change the rules of a service."))
    note = (change_note or "").strip()
    if not note:
        raise ValidationFailed(
            _("Say why the rules change (for example, the act that changed them)."), field="change_note"
        )
    if len(note) > 300:
        raise ValidationFailed(_("The reason may be at most 300 characters."), field="change_note")
    with transaction.atomic():
        # Lock the service so two administrators cannot both take the next version number.
        locked = Service.objects.select_for_update().get(pk=service.pk)
        previous = latest_version(locked)
        rules = validate_rules(
            fee_bhm=fee_bhm,
            fee_uzs_fixed=fee_uzs_fixed,
            online_fee_percent=online_fee_percent,
            exemptions=exemptions,
            term_working_days=term_working_days,
            calendar_regime=calendar_regime,
            documents=documents,
            fee_verified=fee_verified or (previous.fee_verified if previous else Verification.NO),
            term_verified=term_verified or (previous.term_verified if previous else Verification.NO),
        )
        start = valid_from or timezone.now()
        if previous is not None:
            if start < previous.valid_from:
                raise ValidationFailed(
                    _("The new rules cannot start before the current version (%(date)s).")
                    % {"date": timezone.localtime(previous.valid_from).strftime("%Y-%m-%d %H:%M")},
                    field="valid_from",
                )
            if Rules.of(previous) == rules:
                raise ValidationFailed(_("These rules are the same as the current version."), code="no_change")
        return add_version(service=locked, rules=rules, valid_from=start, change_note=note)
