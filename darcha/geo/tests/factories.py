from __future__ import annotations

import factory

from darcha.geo.models import District, Mahalla, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("soato",)

    soato = factory.Sequence(lambda n: f"{1800 + n:04d}")
    name_uz = factory.Sequence(lambda n: f"Viloyat {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("soato",)

    region = factory.SubFactory(RegionFactory)
    soato = factory.Sequence(lambda n: f"{1900000 + n:07d}")
    name_uz = factory.Sequence(lambda n: f"Tuman {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")


class MahallaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mahalla
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"{1900000000 + n:010d}")
    name_uz = factory.Sequence(lambda n: f"Mahalla {n}")
    synthetic = True
