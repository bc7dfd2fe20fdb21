"""The receipt prints on one A4 page in every language (issue 12: the Uzbek Cyrillic one spilled onto a second).

Printed to PDF by Chromium (Playwright's `page.pdf`, print media) and the pages counted. The case is
a long one on purpose: real catalog names in every language, a representative, a checklist with
missing documents, an unpaid fee and a centre address.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from darcha.accounts.tests.factories import PASSWORD
from darcha.applications.tests.factories import submit
from darcha.catalog.models import DocumentType, Service
from darcha.catalog.tests.factories import make_service
from darcha.conftest_browser import read_db
from darcha.core.translit import latin_to_cyrillic
from darcha.people.tests.factories import CitizenFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Names as long as the catalog's longest (darcha/catalog/data/services.csv and documents.csv).
SERVICE = {
    "uz": "Turar joy boʻlmagan koʻchmas mulk obyektiga boʻlgan huquqlarni davlat roʻyxatidan oʻtkazish "
    "va kadastr pasportini rasmiylashtirish (bir darcha tamoyili asosida)",
    "ru": "Государственная регистрация прав на объект нежилой недвижимости и оформление кадастрового "
    "паспорта (по принципу одного окна)",
    "en": "State registration of rights to a non-residential real estate object and issue of the cadastral "
    "passport (one-stop shop)",
}
DOCUMENTS = {
    "passport": ("Pasport yoki ID karta", "Паспорт или ID-карта", "Passport or ID card"),
    "title": (
        "Mulk huquqini tasdiqlovchi hujjat (oldi-sotdi, hadya yoki meros shartnomasi)",
        "Документ, подтверждающий право собственности (договор купли-продажи, дарения или наследства)",
        "Document confirming ownership (sale, gift or inheritance contract)",
    ),
    "plan": (
        "Koʻchmas mulk obyektining texnik inventarizatsiya rejasi",
        "План технической инвентаризации объекта недвижимости",
        "Technical inventory plan of the property",
    ),
    "consent": (
        "Mulkdorlarning notarial tasdiqlangan roziligi",
        "Нотариально заверенное согласие собственников",
        "Notarised consent of the owners",
    ),
    "receipt": (
        "Davlat boji toʻlanganligi haqidagi kvitansiya",
        "Квитанция об уплате госпошлины",
        "Receipt of the duty",
    ),
}


def long_case(world: Any) -> str:
    service = make_service(
        code="CADASTRE_NONRES_ONESTOP",
        agency=world.agency_y,
        documents=tuple((code, code != "receipt") for code in DOCUMENTS),
    )
    Service.objects.filter(pk=service.pk).update(
        name_uz=SERVICE["uz"],
        name_uz_cyrl=latin_to_cyrillic(SERVICE["uz"]),
        name_ru=SERVICE["ru"],
        name_en=SERVICE["en"],
    )
    for code, (uz, ru, en) in DOCUMENTS.items():
        DocumentType.objects.filter(code=code).update(
            name_uz=uz, name_uz_cyrl=latin_to_cyrillic(uz), name_ru=ru, name_en=en
        )
    center = world.center_a
    center.address_uz = "Bogʻot tumani, Mustaqillik koʻchasi 15-uy, hokimiyat binosi 1-qavat"
    center.address_ru = "Багатский район, улица Мустакиллик, дом 15, здание хокимията, 1 этаж"
    center.save()
    representative = CitizenFactory(phone="+998935550000")
    case = submit(
        actor=world.operator_a,
        service=service,
        applicant=world.citizen,
        representative=representative,
        representative_basis="power_of_attorney",
        representative_document="Ishonchnoma 2026-01-15 № 12345, notarius A. Karimov",
        documents_presented=["passport", "plan"],
    )
    return case.number


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def test_the_receipt_prints_on_one_a4_page_in_every_language(world: Any, live: Any, browser: Any) -> None:
    number = read_db(lambda: long_case(world))
    page = browser.new_page()
    live.sign_in(page, "op_a", PASSWORD)
    counted = {}
    for language in ["uz", "uz-cyrl", "ru", "en"]:
        prefix = "" if language == "uz" else f"/{language}"
        page.goto(live(f"{prefix}/desk/receipt/{number}/"))
        page.wait_for_load_state()
        assert page.locator("[data-number]").get_attribute("data-number") == number
        counted[language] = pages_of(page.pdf(format="A4"))
    page.close()
    assert counted == {"uz": 1, "uz-cyrl": 1, "ru": 1, "en": 1}
