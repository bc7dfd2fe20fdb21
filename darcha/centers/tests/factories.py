from __future__ import annotations

import factory

from darcha.centers.models import Center, Desk
from darcha.geo.tests.factories import DistrictFactory


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"psc-{n}")
    number_block = factory.Sequence(lambda n: 100 + n)
    district = factory.SubFactory(DistrictFactory)
    name_uz = factory.Sequence(lambda n: f"DXM {n}")
    name_en = factory.Sequence(lambda n: f"PSC {n}")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    center = factory.SubFactory(CenterFactory)
    number = factory.Sequence(lambda n: n + 1)
