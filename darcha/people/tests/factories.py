from __future__ import annotations

import datetime as dt

import factory

from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    birth_date = dt.date(1985, 4, 12)
    sex = "F"
    pinfl = factory.LazyAttributeSequence(
        lambda o, n: make_pinfl(birth_date=o.birth_date, sex=o.sex, area=n % 1000, serial=n // 1000)
    )
    last_name = factory.Sequence(lambda n: f"Karimova{n}")
    first_name = "Dilnoza"
    patronymic = "Rustamovna"
    phone = "+998901234567"
