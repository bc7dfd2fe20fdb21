"""Public list of centres: code, name, kind, district, region, address, phone, opening hours."""

from __future__ import annotations

import datetime as dt

from darcha.centers.models import OpeningHours


def test_centres_list_shows_place_contact_and_opening_hours(world, client):
    center = world.center_a
    center.address_uz = "Mustaqillik ko'chasi, 1"
    center.address_ru = "улица Мустакиллик, 1"
    center.phone = "+998 71 200 00 00"
    center.save()
    OpeningHours.objects.create(center=center, weekday=0, opens=dt.time(9), closes=dt.time(18))
    OpeningHours.objects.create(center=center, weekday=5, opens=dt.time(9), closes=dt.time(15))

    response = client.get("/api/v1/centers")
    assert response.status_code == 200
    centres = {c["code"]: c for c in response.json()}
    assert set(centres) == {"psc-a", "psc-a2", "psc-b"}
    a = centres["psc-a"]
    assert a["kind"] == "psc"
    assert a["names"]["en"] == center.name_en
    assert a["district"] == {"code": "1733230", "name": center.district.name}
    assert a["region"] == {"code": "1733", "name": world.region_a.name}
    assert a["address"] == "Mustaqillik ko'chasi, 1"
    assert a["phone"] == "+998 71 200 00 00"
    assert a["opening_hours"] == [
        {"weekday": 0, "opens": "09:00:00", "closes": "18:00:00"},
        {"weekday": 5, "opens": "09:00:00", "closes": "15:00:00"},
    ]


def test_address_follows_accept_language(world, client):
    world.center_a.address_uz = "Mustaqillik ko'chasi, 1"
    world.center_a.address_ru = "улица Мустакиллик, 1"
    world.center_a.save()
    centres = {c["code"]: c for c in client.get("/api/v1/centers", headers={"Accept-Language": "ru"}).json()}
    assert centres["psc-a"]["address"] == "улица Мустакиллик, 1"


def test_inactive_centres_are_not_listed(world, client):
    world.center_b.is_active = False
    world.center_b.save()
    assert {c["code"] for c in client.get("/api/v1/centers").json()} == {"psc-a", "psc-a2"}
