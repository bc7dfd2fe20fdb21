"""Load catalog reference data from darcha/catalog/data (idempotent).

`load_catalog` reads agencies.csv, documents.csv and services.csv (darcha/catalog/data/SOURCES.md).
Descriptive fields (names, descriptions, channels, category, agency, sources) are updated in place.
Rules (fee, term, exemptions, documents, working week, verification) are never edited: when a row's
rules differ from the service's latest version, a new version valid from now is added, so that
applications made earlier keep the rules they were made under.

An administrator's change in the admin wins over an unchanged file: if the file still says what the
loader last wrote for a service, a later run does not add a version that would undo the change.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from darcha.catalog.choices import Category, Channel
from darcha.catalog.models import Agency, BhmRate, DocumentType, Service
from darcha.catalog.services import Rules, add_version, validate_rules
from darcha.core.errors import ValidationFailed
from darcha.core.translit import latin_to_cyrillic

DATA = Path(__file__).parent / "data"

# Marks the versions the loader wrote (an English constant, not shown to citizens).
LOADER_NOTE = "Loaded from the catalog data file (darcha/catalog/data/services.csv)."


class CatalogFileError(ValueError):
    """A row of a catalog file cannot be loaded; the message names the file, row and fault."""


@transaction.atomic
def load_bhm() -> int:
    count = 0
    with (DATA / "bhm.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            BhmRate.objects.update_or_create(
                effective_from=dt.date.fromisoformat(row["effective_from"]),
                defaults={"value_uzs": int(row["value_uzs"]), "decree": row["decree"], "source": row["source"]},
            )
            count += 1
    return count


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _names(row: dict[str, str]) -> dict[str, str]:
    return {
        "name_uz": row["name_uz"],
        "name_uz_cyrl": row.get("name_uz_cyrl") or latin_to_cyrillic(row["name_uz"]),
        "name_ru": row["name_ru"],
        "name_en": row["name_en"],
    }


def parse_exemptions(text: str) -> list[dict[str, Any]]:
    """`disability_i_ii:50;social_registry:50` -> [{"category": ..., "percent_off": 50}, ...]."""
    rules: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        category, _sep, percent = part.partition(":")
        rules.append({"category": category.strip(), "percent_off": percent.strip()})
    return rules


def parse_documents(text: str) -> list[tuple[str, bool]]:
    """`passport_or_id!;photo_3x4` -> [("passport_or_id", True), ("photo_3x4", False)]; `!` marks mandatory."""
    return [(p.rstrip("!"), p.endswith("!")) for p in filter(None, (p.strip() for p in text.split(";")))]


def _channels(row: dict[str, str]) -> list[str]:
    channels = [c for c in (c.strip() for c in row["channels"].split(";")) if c]
    unknown = [c for c in channels if c not in Channel.values]
    if unknown or not channels:
        raise CatalogFileError(f"services.csv {row['code']}: unknown or missing channels {unknown or ''}")
    return channels


def _service_fields(row: dict[str, str], agencies: dict[str, Agency]) -> dict[str, Any]:
    code = row["code"]
    if row["category"] not in Category.values:
        raise CatalogFileError(f"services.csv {code}: unknown category {row['category']!r}")
    agency = agencies.get(row["agency_code"])
    if agency is None:
        raise CatalogFileError(f"services.csv {code}: unknown agency {row['agency_code']!r}")
    if not row["source"]:
        raise CatalogFileError(f"services.csv {code}: every service needs a source")
    return {
        **_names(row),
        "category": row["category"],
        "agency": agency,
        "description_uz": row["description_uz"],
        "description_uz_cyrl": row.get("description_uz_cyrl") or latin_to_cyrillic(row["description_uz"]),
        "description_ru": row["description_ru"],
        "description_en": row["description_en"],
        "channels": _channels(row),
        "source": row["source"],
    }


def _rules(row: dict[str, str]) -> Rules:
    try:
        return validate_rules(
            fee_bhm=row["fee_bhm"] or "0",
            fee_uzs_fixed=row["fee_uzs_fixed"] or "0",
            online_fee_percent=row["online_fee_percent"] or "100",
            exemptions=parse_exemptions(row["exemptions"]),
            term_working_days=row["term_working_days"],
            calendar_regime=row["calendar_regime"] or "5day",
            documents=parse_documents(row["documents"]),
            fee_verified=row["fee_verified"],
            term_verified=row["term_verified"],
        )
    except ValidationFailed as error:
        raise CatalogFileError(f"services.csv {row['code']}: {error.field}: {error}") from error


def _needs_version(service: Service, rules: Rules) -> bool:
    latest = service.versions.order_by("-number").first()
    if latest is None:
        return True
    if Rules.of(latest) == rules:
        return False
    loaded = service.versions.filter(change_note=LOADER_NOTE).order_by("-number").first()
    # The file still says what was loaded last time: the later version is an administrator's change.
    return loaded is None or Rules.of(loaded) != rules


@transaction.atomic
def load_catalog(data_dir: Path = DATA) -> dict[str, int]:
    """Create or update agencies, document types and services; add a version where the rules changed."""
    counts = {"agencies": 0, "documents": 0, "services": 0, "services_created": 0, "versions_created": 0}
    for row in _rows(data_dir / "agencies.csv"):
        Agency.objects.update_or_create(code=row["code"], defaults=_names(row))
        counts["agencies"] += 1
    for row in _rows(data_dir / "documents.csv"):
        DocumentType.objects.update_or_create(code=row["code"], defaults=_names(row))
        counts["documents"] += 1

    agencies = {agency.code: agency for agency in Agency.objects.all()}
    now = timezone.now()
    seen: set[str] = set()
    for row in _rows(data_dir / "services.csv"):
        if row["code"] in seen:
            raise CatalogFileError(f"services.csv {row['code']}: the code appears twice")
        seen.add(row["code"])
        fields = _service_fields(row, agencies)
        rules = _rules(row)
        service, created = Service.objects.update_or_create(code=row["code"], defaults=fields)
        counts["services"] += 1
        counts["services_created"] += int(created)
        service = Service.objects.select_for_update().get(pk=service.pk)
        if _needs_version(service, rules):
            latest = service.versions.order_by("-valid_from").first()
            # A version may be scheduled ahead by an administrator; never start before it.
            start = max(now, latest.valid_from) if latest else now
            add_version(service=service, rules=rules, valid_from=start, change_note=LOADER_NOTE)
            counts["versions_created"] += 1
    return counts
