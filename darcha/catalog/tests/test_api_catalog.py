"""Public catalog API: services with today's fees, legal term, channels and documents checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from darcha.catalog.models import BhmRate
from darcha.catalog.tests.factories import BhmRateFactory, ServiceVersionFactory, make_service


def by_code(response):  # type: ignore[no-untyped-def]
    return {s["code"]: s for s in response.json()}


def test_services_list_shows_names_fees_term_channels_and_checklist(world, client):
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    service = by_code(response)["SERVICE_X"]
    assert service["names"]["uz"] == world.service_x.name_uz
    assert service["names"]["en"] == world.service_x.name_en
    assert set(service["names"]) == {"uz", "uz_cyrl", "ru", "en"}
    assert service["agency"]["code"] == "justice"
    assert service["category"] == world.service_x.category
    assert service["channels"] == ["front_desk", "online"]
    assert service["term_working_days"] == 10
    assert service["fee"]["bhm_uzs"] == 412_000
    assert service["fee"]["front_desk_uzs"] == 412_000  # 1 BHM
    assert [(d["code"], d["mandatory"]) for d in service["documents"]] == [("passport", True), ("photo", False)]
    assert all(d["name"] for d in service["documents"])


def test_online_fee_applies_the_online_percentage(world, client):
    version = world.service_x.versions.get()
    version.online_fee_percent = 90
    version.save()
    fee = by_code(client.get("/api/v1/services"))["SERVICE_X"]["fee"]
    assert fee["front_desk_uzs"] == 412_000
    assert fee["online_uzs"] == 370_800


def test_fee_for_a_channel_the_service_is_not_offered_through_is_null(world, client):
    world.service_x.channels = ["front_desk"]
    world.service_x.save()
    fee = by_code(client.get("/api/v1/services"))["SERVICE_X"]["fee"]
    assert fee["front_desk_uzs"] == 412_000
    assert fee["online_uzs"] is None


def test_fee_follows_the_bhm_and_the_version_in_force_today(world, client):
    BhmRateFactory(effective_from=dt.date(2020, 1, 1), value_uzs=500_000)
    ServiceVersionFactory(
        service=world.service_x,
        number=2,
        fee_bhm=Decimal("2"),
        term_working_days=7,
        valid_from=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )
    service = by_code(client.get("/api/v1/services"))["SERVICE_X"]
    assert service["version"] == 2
    assert service["term_working_days"] == 7
    assert service["fee"]["front_desk_uzs"] == 1_000_000
    assert service["documents"] == []  # the new version has its own (empty) checklist


def test_name_follows_accept_language(world, client):
    world.service_x.name_ru = "Услуга X"
    world.service_x.save()
    response = client.get("/api/v1/services", headers={"Accept-Language": "ru"})
    assert response["Content-Language"] == "ru"
    assert by_code(response)["SERVICE_X"]["name"] == "Услуга X"
    assert by_code(client.get("/api/v1/services", headers={"Accept-Language": "en"}))["SERVICE_X"]["name"] == (
        world.service_x.name_en
    )


def test_inactive_services_are_not_listed(world, client):
    world.service_y.is_active = False
    world.service_y.save()
    assert set(by_code(client.get("/api/v1/services"))) == {"SERVICE_X"}


def test_services_can_be_filtered_by_text_and_category(world, client):
    make_service(code="BIRTH_CERT", category="civil_registry", documents=())
    assert set(by_code(client.get("/api/v1/services?q=birth"))) == {"BIRTH_CERT"}
    assert set(by_code(client.get("/api/v1/services?category=civil_registry"))) == {"BIRTH_CERT"}


def test_listing_does_not_query_once_per_service(world, client, django_assert_max_num_queries):
    for n in range(8):
        make_service(code=f"EXTRA_{n}", documents=((f"doc-extra-{n}", True),))
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/services")
    assert len(response.json()) == 10


def test_missing_bhm_leaves_fees_empty_rather_than_failing(world, client):
    BhmRate.objects.all().delete()
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    assert by_code(response)["SERVICE_X"]["fee"]["front_desk_uzs"] is None


def test_one_service_by_code(world, client):
    response = client.get("/api/v1/services/SERVICE_Y")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "SERVICE_Y"
    assert body["term_working_days"] == 5
    assert [d["code"] for d in body["documents"]] == ["title"]


def test_unknown_service_is_a_json_404(world, client):
    response = client.get("/api/v1/services/NO_SUCH_SERVICE")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_service"


def test_too_long_search_text_is_a_422(world, client):
    response = client.get("/api/v1/services?q=" + "x" * 500)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
