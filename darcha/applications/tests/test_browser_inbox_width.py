"""The inbox's status column is on screen at 1280 px in every language (issue 12), without JavaScript.

Chromium at 1280×800 with JavaScript off; a supervisor's list (the widest: it has the centre column)
of cases in every open status, with the catalog's longest service name, a long centre name and an
assigned officer. For each language the status cells must lie inside the window and the table must
not scroll sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

from darcha.accounts.tests import factories as staff
from darcha.accounts.tests.factories import PASSWORD
from darcha.applications.services import assign_application, perform_transition
from darcha.applications.tests.factories import submit
from darcha.catalog.models import Service
from darcha.catalog.tests.factories import make_service
from darcha.conftest_browser import read_db
from darcha.core.translit import latin_to_cyrillic
from darcha.people.tests.factories import CitizenFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_SERVICE = {
    "uz": "Turar joy boʻlmagan koʻchmas mulk obyektiga boʻlgan huquqlarni davlat roʻyxatidan oʻtkazish "
    "va kadastr pasportini rasmiylashtirish (bir darcha tamoyili asosida)",
    "ru": "Государственная регистрация прав на объект нежилой недвижимости и оформление кадастрового "
    "паспорта (по принципу одного окна)",
    "en": "State registration of rights to a non-residential real estate object and issue of the cadastral "
    "passport (one-stop shop)",
}
WIDTH = 1280


def wide_list(world: Any) -> None:
    service = make_service(code="CADASTRE_NONRES_ONESTOP", agency=world.agency_x, documents=(("plan", True),))
    Service.objects.filter(pk=service.pk).update(
        name_uz=LONG_SERVICE["uz"],
        name_uz_cyrl=latin_to_cyrillic(LONG_SERVICE["uz"]),
        name_ru=LONG_SERVICE["ru"],
        name_en=LONG_SERVICE["en"],
    )
    center = world.center_a
    center.name_uz = "Sariosiyo tumani Davlat xizmatlari markazining Xufar mahallasidagi filiali"
    center.name_ru = "Филиал Центра государственных услуг Сариасийского района в махалле Хуфар"
    center.name_en = "Sariosiyo District Public Service Centre, branch in the Xufar mahalla"
    center.name_uz_cyrl = latin_to_cyrillic(center.name_uz)
    center.save()
    officer = staff.officer(world.agency_x, username="officer_with_a_rather_long_login_name")
    steps = {"submitted": [], "accepted": [], "in_review": ["start_review"], "info_requested": ["start_review"]}
    for status, actions in steps.items():
        documents = [] if status == "submitted" else ["plan"]
        case = submit(
            actor=world.operator_a, service=service, applicant=CitizenFactory(), documents_presented=documents
        )
        for action in actions:
            perform_transition(actor=world.officer_x, number=case.number, action=action)
        if status == "info_requested":
            perform_transition(
                actor=world.officer_x, number=case.number, action="request_info", comment="Bring the plan."
            )
        assign_application(actor=world.supervisor_a, number=case.number, assignee_id=officer.pk)


def test_the_status_column_is_on_screen_at_1280_px_in_every_language(world: Any, live: Any, browser: Any) -> None:
    read_db(lambda: wide_list(world))
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    live.sign_in(page, "sup_a", PASSWORD)
    for language in ["uz", "uz-cyrl", "ru", "en"]:
        prefix = "" if language == "uz" else f"/{language}"
        page.goto(live(f"{prefix}/desk/inbox/"))
        cells = page.locator("[data-status-cell]")
        assert cells.count() == 4, language
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (language, i, box)
        wrap = page.locator(".table-wrap")
        table = page.locator(".inbox-table").bounding_box()
        region = wrap.bounding_box()
        assert table is not None and region is not None
        assert table["width"] <= region["width"] + 1, (language, table, region)
    # Without JavaScript, the next page and the filters still work (plain links and a GET form).
    page.goto(live("/en/desk/inbox/?status=info_requested"))
    assert page.locator("[data-status-cell]").count() == 1
    context.close()
