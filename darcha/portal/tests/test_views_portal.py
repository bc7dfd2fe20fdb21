"""Public pages: home, catalog, service page, error pages, language switch, CSRF."""

from __future__ import annotations

from typing import Any

from django.test import Client

from darcha.catalog.models import ServiceVersion
from darcha.catalog.tests.factories import ServiceFactory
from darcha.centers.models import OpeningHours


def test_home_links_to_the_catalog_and_tracking(uzbek_default: None, client: Client, db: Any) -> None:
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="uz"' in page
    assert 'href="/services/"' in page and 'href="/track/"' in page
    assert 'class="skip-link" href="#main"' in page
    assert "htmx" not in page  # public pages stay light


def test_every_page_offers_the_four_languages_by_post(client: Client, db: Any) -> None:
    page = client.get("/services/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'method="post"' in page
    for code in ("uz", "uz-cyrl", "ru", "en"):
        assert f'name="language" value="{code}"' in page


def test_the_catalog_lists_active_services_only(client: Client, world: Any) -> None:
    ServiceFactory(code="RETIRED", is_active=False)
    page = client.get("/services/").content.decode()
    assert "/services/SERVICE_X/" in page and "/services/SERVICE_Y/" in page
    assert "RETIRED" not in page


def test_the_catalog_searches_and_filters_by_category(client: Client, world: Any) -> None:
    world.service_y.category = "property"
    world.service_y.save()
    page = client.get("/services/", {"category": "property"}).content.decode()
    assert "/services/SERVICE_Y/" in page and "/services/SERVICE_X/" not in page
    page = client.get("/services/", {"q": world.service_x.name_uz}).content.decode()
    assert "/services/SERVICE_X/" in page and "/services/SERVICE_Y/" not in page


def test_an_unknown_category_is_400_with_a_message(client: Client, world: Any) -> None:
    response = client.get("/services/", {"category": "weapons"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content


def test_the_catalog_is_in_the_active_language(client: Client, world: Any) -> None:
    world.service_x.name_ru = "Услуга Икс"
    world.service_x.save()
    assert "Услуга Икс" in client.get("/ru/services/").content.decode()
    assert "Услуга Икс" not in client.get("/services/").content.decode()


def test_the_service_page_shows_checklist_fees_term_and_where(uzbek_default: None, client: Client, world: Any) -> None:
    ServiceVersion.objects.filter(service=world.service_x).update(
        online_fee_percent=90, exemptions=[{"category": "social_registry", "percent_off": 50}]
    )
    OpeningHours.objects.create(center=world.center_a, weekday=0, opens="09:00", closes="18:00")
    OpeningHours.objects.create(center=world.center_a, weekday=1, opens="09:00", closes="18:00")
    ServiceVersion.objects.filter(service=world.service_x).update(fee_verified="partly")
    response = client.get("/en/services/SERVICE_X/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-fee="front_desk">412\u00a0000' in page
    assert 'data-fee="online">370\u00a0800' in page
    assert "mandatory" in page
    assert "10 working days" in page
    assert "50% off for: Unified Social Protection Registry" in page
    assert world.center_a.name in page
    assert "Mon–Tue 09:00–18:00" in page
    # Both figures are unverified in the factory data, and the page says so.
    assert 'data-flag="fee"' in page and 'data-flag="term"' in page


def test_verified_figures_carry_no_warning(client: Client, world: Any) -> None:
    ServiceVersion.objects.filter(service=world.service_x).update(fee_verified="yes", term_verified="yes")
    page = client.get("/services/SERVICE_X/").content.decode()
    assert 'data-flag="fee"' not in page and 'data-flag="term"' not in page


def test_an_unknown_service_is_a_404_in_the_sites_layout(uzbek_default: None, client: Client, db: Any) -> None:
    response = client.get("/ru/services/NOPE/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ru"' in page
    assert "Услуга не найдена." in page
    assert 'class="skip-link"' in page


def test_an_unknown_address_is_a_404_that_lists_no_url_patterns(client: Client, db: Any) -> None:
    response = client.get("/nowhere/at/all/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"desk/" not in response.content.split(b"<main")[1]


def test_switching_language_keeps_the_page(uzbek_default: None, client: Client, db: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/track/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/track/"
    response = client.get("/ru/track/")
    assert 'name="next" value="/track/"' in response.content.decode()


def test_the_switcher_hands_over_the_default_language_path(client: Client, db: Any) -> None:
    """set_language can only translate an address it can resolve in the default language."""
    page = client.get("/uz-cyrl/services/?q=a").content.decode()
    assert 'name="next" value="/services/?q=a"' in page
    assert '<html lang="uz-Cyrl"' in page


def test_the_language_switch_enforces_csrf(db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 403


def test_the_500_page_renders_without_a_request_context(db: Any) -> None:
    """Django renders 500.html with no context at all; the layout must still hold."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong on our side" in response.content
    assert b'<html lang="en"' in response.content


def test_the_identity_document_is_not_listed_twice(client: Client, world: Any) -> None:
    from darcha.catalog.models import DocumentType, VersionDocument

    version = world.service_x.versions.get()
    page = client.get("/services/SERVICE_X/").content.decode()
    assert "Your ID card or passport" in page
    VersionDocument.objects.create(
        version=version,
        document=DocumentType.objects.create(
            code="passport_or_id", name_uz="Pasport yoki ID karta", name_en="Passport or ID card"
        ),
        position=9,
    )
    page = client.get("/services/SERVICE_X/").content.decode()
    assert "Your ID card or passport" not in page and "Passport or ID card" in page
