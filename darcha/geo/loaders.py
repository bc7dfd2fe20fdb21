"""Load the SOATO classifier and published population figures from darcha/geo/data (idempotent)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from darcha.core.translit import latin_to_cyrillic
from darcha.geo.models import District, Mahalla, Region

DATA = Path(__file__).parent / "data"
_DISTRICT_KINDS = {
    "District": District.Kind.DISTRICT,
    "District-level city": District.Kind.CITY,
    "City district": District.Kind.CITY_DISTRICT,
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _names(row: dict[str, str]) -> dict[str, str]:
    return {
        "name_uz": row["name_uz_latn"],
        "name_uz_cyrl": latin_to_cyrillic(row["name_uz_latn"]),
        "name_ru": row.get("name_ru", ""),
        "name_en": row.get("name_en", ""),
    }


@transaction.atomic
def load_geography() -> dict[str, int]:
    regions = {}
    for row in _rows("regions.csv"):
        region, _ = Region.objects.update_or_create(soato=row["soato"], defaults=_names(row))
        regions[row["soato"]] = region
    districts = {}
    for row in _rows("districts.csv"):
        district, _ = District.objects.update_or_create(
            soato=row["soato"],
            defaults={**_names(row), "region": regions[row["region_soato"]], "kind": _DISTRICT_KINDS[row["kind"]]},
        )
        districts[row["soato"]] = district
    existing = set(Mahalla.objects.values_list("code", flat=True))
    new = []
    for row in _rows("settlements.csv"):
        if row["soato"] in existing or row["district_soato"] not in districts:
            continue
        new.append(
            Mahalla(
                code=row["soato"],
                district=districts[row["district_soato"]],
                kind=row["kind"],
                source="soato-settlement",
                **_names(row),
            )
        )
    Mahalla.objects.bulk_create(new, batch_size=500)
    _load_population(regions, districts)
    return {"regions": len(regions), "districts": len(districts), "mahallas_added": len(new)}


def _load_population(regions: dict[str, Region], districts: dict[str, District]) -> None:
    """Latest published total per unit, with its year and source; nothing derived."""
    latest: dict[str, dict[str, str]] = {}
    for row in _rows("population_regions.csv") + _rows("population_districts.csv"):
        if not row.get("total"):
            continue
        seen = latest.get(row["soato"])
        if seen is None or int(row["year"]) > int(seen["year"]):
            latest[row["soato"]] = row
    for soato, row in latest.items():
        unit: Region | District | None = regions.get(soato) or districts.get(soato)
        if unit is None:
            continue
        unit.population = int(row["total"])
        unit.population_year = int(row["year"])
        unit.population_source = row["source"]
        unit.save(update_fields=["population", "population_year", "population_source"])
