"""The five pilot Public Service Centres and the mobile unit of the demo.

Four are the UNDP/EU pilot districts (Sariosiyo, Dehqonobod, Baxmal, Xovos; DOMAIN.md), the fifth
is Chimboy in the Republic of Karakalpakstan. District codes are real SOATO codes (geo/data).
Addresses and phone numbers are made up for the demo (docs/demo-data.md); the phone numbers use
the real area codes with a 000 subscriber part so that nobody is called by mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from darcha.centers.models import Center, Desk, OpeningHours
from darcha.core.translit import latin_to_cyrillic
from darcha.geo.models import District


@dataclass(frozen=True)
class CentreSpec:
    code: str
    key: str  # short name used in demo usernames (operator_<key>)
    district_soato: str
    number_block: int
    name_uz: str
    name_ru: str
    name_en: str
    address_uz: str
    address_ru: str
    phone: str
    desks: int
    kind: str = Center.Kind.PSC
    parent_code: str = ""
    # (weekday, opens, closes); weekday 0 = Monday.
    hours: tuple[tuple[int, dt.time, dt.time], ...] = ()


_WEEK = (*((day, dt.time(9), dt.time(18)) for day in range(5)), (5, dt.time(9), dt.time(15)))
# The mobile unit visits remote mountain villages on Tuesdays and Thursdays.
_MOBILE_WEEK = ((1, dt.time(10), dt.time(16)), (3, dt.time(10), dt.time(16)))

CENTRES: tuple[CentreSpec, ...] = (
    CentreSpec(
        code="psc-sariosiyo",
        key="sariosiyo",
        district_soato="1722217",
        number_block=221,
        name_uz="Sariosiyo tumani davlat xizmatlari markazi",
        name_ru="Центр государственных услуг Сариасийского района",
        name_en="Sariosiyo District Public Service Centre",
        address_uz="Sariosiyo shaharchasi, Mustaqillik koʻchasi, 12",
        address_ru="пгт Сариасия, улица Мустакиллик, 12",
        phone="+998760000001",
        desks=6,
        hours=_WEEK,
    ),
    CentreSpec(
        code="psc-dehqonobod",
        key="dehqonobod",
        district_soato="1710212",
        number_block=101,
        name_uz="Dehqonobod tumani davlat xizmatlari markazi",
        name_ru="Центр государственных услуг Дехканабадского района",
        name_en="Dehqonobod District Public Service Centre",
        address_uz="Dehqonobod shaharchasi, Amir Temur koʻchasi, 5",
        address_ru="пгт Дехканабад, улица Амира Темура, 5",
        phone="+998750000001",
        desks=5,
        hours=_WEEK,
    ),
    CentreSpec(
        code="psc-baxmal",
        key="baxmal",
        district_soato="1708204",
        number_block=81,
        name_uz="Baxmal tumani davlat xizmatlari markazi",
        name_ru="Центр государственных услуг Бахмальского района",
        name_en="Baxmal District Public Service Centre",
        address_uz="Oʻsmat shaharchasi, Navoiy koʻchasi, 3",
        address_ru="пгт Усмат, улица Навои, 3",
        phone="+998720000001",
        desks=5,
        hours=_WEEK,
    ),
    CentreSpec(
        code="psc-xovos",
        key="xovos",
        district_soato="1724235",
        number_block=241,
        name_uz="Xovos tumani davlat xizmatlari markazi",
        name_ru="Центр государственных услуг Хавасского района",
        name_en="Xovos District Public Service Centre",
        address_uz="Xovos shaharchasi, Ipak yoʻli koʻchasi, 8",
        address_ru="пгт Хавас, улица Ипак йули, 8",
        phone="+998670000001",
        desks=4,
        hours=_WEEK,
    ),
    CentreSpec(
        code="psc-chimboy",
        key="chimboy",
        district_soato="1735240",
        number_block=351,
        name_uz="Chimboy tumani davlat xizmatlari markazi",
        name_ru="Центр государственных услуг Чимбайского района",
        name_en="Chimboy District Public Service Centre",
        address_uz="Chimboy shahri, Berdaq koʻchasi, 21",
        address_ru="город Чимбай, улица Бердаха, 21",
        phone="+998610000001",
        desks=5,
        hours=_WEEK,
    ),
    CentreSpec(
        code="psc-sariosiyo-mobile",
        key="mobile",
        district_soato="1722217",
        number_block=222,
        name_uz="Sariosiyo tumani mobil davlat xizmatlari markazi",
        name_ru="Мобильный центр государственных услуг Сариасийского района",
        name_en="Sariosiyo District Mobile Public Service Unit",
        address_uz="Sangardak va Xufar qishloqlari (koʻchma)",
        address_ru="сёла Сангардак и Хуфар (выездной)",
        phone="+998760000002",
        desks=1,
        kind=Center.Kind.MOBILE_UNIT,
        parent_code="psc-sariosiyo",
        hours=_MOBILE_WEEK,
    ),
)

FIRST_CENTRE = CENTRES[0]
PSC_SPECS = tuple(spec for spec in CENTRES if spec.kind == Center.Kind.PSC)


def ensure_centres() -> dict[str, Center]:
    """Create or refresh the demo centres with their desks and opening hours (idempotent)."""
    districts = {d.soato: d for d in District.objects.filter(soato__in={s.district_soato for s in CENTRES})}
    centres: dict[str, Center] = {}
    for spec in CENTRES:
        centre, _created = Center.objects.update_or_create(
            code=spec.code,
            defaults={
                "number_block": spec.number_block,
                "kind": spec.kind,
                "parent": centres.get(spec.parent_code),
                "district": districts[spec.district_soato],
                "name_uz": spec.name_uz,
                "name_uz_cyrl": latin_to_cyrillic(spec.name_uz),
                "name_ru": spec.name_ru,
                "name_en": spec.name_en,
                "address_uz": spec.address_uz,
                "address_ru": spec.address_ru,
                "phone": spec.phone,
                "is_active": True,
            },
        )
        centres[spec.code] = centre
        for number in range(1, spec.desks + 1):
            Desk.objects.get_or_create(center=centre, number=number)
        for weekday, opens, closes in spec.hours:
            OpeningHours.objects.update_or_create(
                center=centre, weekday=weekday, defaults={"opens": opens, "closes": closes}
            )
    return centres
