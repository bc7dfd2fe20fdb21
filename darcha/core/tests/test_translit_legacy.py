"""The data migrations of issue 12 replace Cyrillic derived by the old rules and keep what was typed by hand."""

from __future__ import annotations

from typing import Any

from darcha.centers.models import Center
from darcha.centers.tests.factories import CenterFactory
from darcha.core.translit import latin_to_cyrillic
from darcha.core.translit_legacy import legacy_latin_to_cyrillic, rederive
from darcha.geo.models import Region
from darcha.geo.tests.factories import RegionFactory


def test_the_old_rules_made_the_mistakes_the_issue_names() -> None:
    assert legacy_latin_to_cyrillic("Migratsiya obyekti") == "Мигратсия обекти"
    assert latin_to_cyrillic("Migratsiya obyekti") == "Миграция объекти"


def test_a_derived_name_is_derived_again_and_a_typed_one_is_kept(db: Any) -> None:
    latin = "Migratsiya xizmati markazi"
    derived = CenterFactory(code="psc-derived", name_uz=latin, name_uz_cyrl=legacy_latin_to_cyrillic(latin))
    typed = CenterFactory(code="psc-typed", name_uz=latin, name_uz_cyrl="Миграция хизмати маркази (қўлда)")
    assert rederive(Center, [("name_uz", "name_uz_cyrl")]) == 1
    derived.refresh_from_db()
    typed.refresh_from_db()
    assert derived.name_uz_cyrl == "Миграция хизмати маркази"
    assert typed.name_uz_cyrl == "Миграция хизмати маркази (қўлда)"


def test_always_derives_every_row(db: Any) -> None:
    region = RegionFactory(name_uz="Qoraqalpogʻiston Respublikasi", name_uz_cyrl="anything")
    rederive(Region, [("name_uz", "name_uz_cyrl")], always=True)
    region.refresh_from_db()
    assert region.name_uz_cyrl == "Қорақалпоғистон Республикаси"
