from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from darcha.catalog.choices import Verification
from darcha.catalog.models import Agency, BhmRate, DocumentType, Service, ServiceVersion, VersionDocument


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name_uz = factory.Sequence(lambda n: f"Agentlik {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"doc-{n}")
    name_uz = factory.Sequence(lambda n: f"Hujjat {n}")
    name_en = factory.Sequence(lambda n: f"Document {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SERVICE_{n}")
    agency = factory.SubFactory(AgencyFactory)
    name_uz = factory.Sequence(lambda n: f"Xizmat {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    channels = factory.LazyFunction(lambda: ["front_desk", "online"])


class ServiceVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceVersion

    service = factory.SubFactory(ServiceFactory)
    number = factory.Sequence(lambda n: n + 1)
    valid_from = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3650))
    fee_bhm = Decimal("1")
    term_working_days = 10
    # A known fee unless a test says otherwise: an unverified one is "to be confirmed" at the desk.
    fee_verified = Verification.YES


class BhmRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BhmRate
        django_get_or_create = ("effective_from",)

    effective_from = dt.date(2015, 1, 1)
    value_uzs = 412_000


def make_service(
    *,
    documents: tuple[tuple[str, bool], ...] = (("passport", True), ("photo", False)),
    term: int = 10,
    fee_bhm: str = "1",
    exemptions: list[dict[str, object]] | None = None,
    agency: Agency | None = None,
    **service_fields: object,
) -> Service:
    """A service with one version in force and a checklist of (document code, mandatory)."""
    BhmRateFactory()
    service = ServiceFactory(**({"agency": agency} if agency else {}), **service_fields)
    version = ServiceVersionFactory(
        service=service, number=1, term_working_days=term, fee_bhm=Decimal(fee_bhm), exemptions=exemptions or []
    )
    for position, (code, mandatory) in enumerate(documents):
        VersionDocument.objects.create(
            version=version, document=DocumentTypeFactory(code=code), mandatory=mandatory, position=position
        )
    return service
