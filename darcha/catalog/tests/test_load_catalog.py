"""The catalog data file and its loader: real services, sources, and rules that change only by new versions."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from darcha.applications.tests.factories import submit
from darcha.catalog.choices import Category, Channel, Exemption, Verification
from darcha.catalog.loaders import DATA, CatalogFileError, load_catalog
from darcha.catalog.models import Agency, DocumentType, Service, ServiceVersion
from darcha.catalog.selectors import version_in_force
from darcha.catalog.services import change_service_rules
from darcha.core.translit import latin_to_cyrillic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The world fixture hashes ten staff passwords; Argon2 would make each test take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rows(data_dir: Path = DATA) -> list[dict[str, str]]:
    with (data_dir / "services.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def edit_row(data_dir: Path, code: str, **changes: str) -> None:
    table = rows(data_dir)
    for row in table:
        if row["code"] == code:
            row.update(changes)
    with (data_dir / "services.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_the_file_keeps_every_row_of_the_shared_catalog() -> None:
    shared = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "services.csv"
    codes = {row["code"] for row in rows()}
    assert len(codes) == len(rows()) >= 71
    if shared.exists():
        with shared.open(encoding="utf-8") as handle:
            assert {row["code"] for row in csv.DictReader(handle)} <= codes


def test_at_least_forty_services_are_taken_at_the_front_desk() -> None:
    load_catalog()
    at_desk = [s for s in Service.objects.all() if Channel.FRONT_DESK in s.channels]
    assert len(at_desk) >= 40


def test_every_service_names_a_source() -> None:
    assert all(row["source"].strip() for row in rows())
    load_catalog()
    assert not Service.objects.filter(source="").exists()
    assert all("http" in s.source for s in Service.objects.all())


def test_every_agency_names_a_source() -> None:
    with (DATA / "agencies.csv").open(encoding="utf-8") as handle:
        assert all(row["source"].strip() for row in csv.DictReader(handle))


def test_every_row_uses_known_codes() -> None:
    load_catalog()
    for service in Service.objects.prefetch_related("versions__documents__document"):
        assert service.category in Category.values
        version = service.versions.get()
        assert {e["category"] for e in version.exemptions} <= set(Exemption.values)
        assert version.term_working_days >= 1
        assert version.document_requirements(), service.code


def test_loading_twice_creates_no_new_versions() -> None:
    first = load_catalog()
    assert first["versions_created"] == first["services"] >= 71
    before = ServiceVersion.objects.count()
    second = load_catalog()
    assert second["versions_created"] == 0
    assert second["services_created"] == 0
    assert ServiceVersion.objects.count() == before


def test_a_changed_fee_adds_exactly_one_version_and_old_applications_keep_theirs(world, data_copy: Path) -> None:
    load_catalog()
    service = Service.objects.get(code="PASSPORT_TRAVEL_ADULT")
    application = submit(actor=world.operator_a, service=service, applicant=world.citizen)
    assert application.service_version.number == 1

    edit_row(data_copy, "PASSPORT_TRAVEL_ADULT", fee_bhm="1.2")
    result = load_catalog(data_copy)

    assert result["versions_created"] == 1
    assert service.versions.count() == 2
    assert version_in_force(service).fee_bhm == Decimal("1.2")
    application.refresh_from_db()
    assert application.service_version.number == 1
    assert application.service_version.fee_bhm == Decimal("1")


def test_a_changed_document_list_is_a_change_of_rules(data_copy: Path) -> None:
    load_catalog()
    edit_row(data_copy, "PROPISKA_PERMANENT", documents="passport_or_id!;owner_consent!")
    assert load_catalog(data_copy)["versions_created"] == 1
    latest = Service.objects.get(code="PROPISKA_PERMANENT").versions.order_by("-number").first()
    assert [(d.document.code, d.mandatory) for d in latest.documents.all()] == [
        ("passport_or_id", True),
        ("owner_consent", True),
    ]


def test_a_changed_description_is_updated_in_place_without_a_version(data_copy: Path) -> None:
    load_catalog()
    edit_row(data_copy, "APOSTILLE_OTHER", description_en="Apostille on any other official document.")
    assert load_catalog(data_copy)["versions_created"] == 0
    assert Service.objects.get(code="APOSTILLE_OTHER").description_en == "Apostille on any other official document."


def test_an_administrators_change_survives_a_reload_of_an_unchanged_file(world) -> None:
    load_catalog()
    service = Service.objects.get(code="APOSTILLE_OTHER")
    change_service_rules(
        actor=world.admin,
        service=service,
        fee_bhm="0.15",
        fee_uzs_fixed=0,
        online_fee_percent=90,
        exemptions=[],
        term_working_days=2,
        calendar_regime="5day",
        documents=[("original_document", True), ("passport_or_id", True)],
        change_note="Test: new duty rate",
    )
    assert load_catalog()["versions_created"] == 0
    assert version_in_force(service).fee_bhm == Decimal("0.15")


def test_unverified_rows_are_flagged_not_presented_as_verified() -> None:
    table = rows()
    defaulted = [r for r in table if "project default" in r["notes"]]
    assert defaulted, "some rows rely on the default term"
    assert all(r["term_verified"] == Verification.NO for r in defaulted)
    for row in table:
        assert row["fee_verified"] in Verification.values and row["term_verified"] in Verification.values
        if row["fee_verified"] == Verification.NO:
            assert row["notes"], row["code"]
    load_catalog()
    for field in ("fee_verified", "term_verified"):
        unverified = sum(1 for r in table if r[field] == Verification.NO)
        assert ServiceVersion.objects.filter(**{field: Verification.NO}).count() == unverified
    id_card = Service.objects.get(code="ID_CARD_ISSUE").versions.get()
    assert (id_card.fee_verified, id_card.term_verified) == (Verification.YES, Verification.NO)


def test_cyrillic_names_are_derived_when_the_file_leaves_them_empty() -> None:
    load_catalog()
    service = Service.objects.get(code="BIRTH_REGISTRATION")
    assert service.name_uz_cyrl == latin_to_cyrillic(service.name_uz)
    assert service.description_uz_cyrl == latin_to_cyrillic(service.description_uz)
    assert "ғ" in service.name_uz_cyrl  # Tug'ilganlik
    assert Agency.objects.get(code="tax").name_uz_cyrl == "Солиқ қўмитаси"
    assert DocumentType.objects.get(code="passport_or_id").name_uz_cyrl


def test_a_row_with_an_unknown_document_is_refused_with_its_code(data_copy: Path) -> None:
    edit_row(data_copy, "APOSTILLE_OTHER", documents="passport_or_id!;no_such_paper")
    with pytest.raises(CatalogFileError, match="APOSTILLE_OTHER"):
        load_catalog(data_copy)
    assert not Service.objects.exists()  # one transaction: nothing half-loaded


def test_a_row_with_a_zero_term_is_refused(data_copy: Path) -> None:
    edit_row(data_copy, "APOSTILLE_OTHER", term_working_days="0")
    with pytest.raises(CatalogFileError, match="term_working_days"):
        load_catalog(data_copy)
