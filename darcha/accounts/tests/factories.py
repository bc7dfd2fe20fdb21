from __future__ import annotations

import factory

from darcha.accounts.models import Role, User

PASSWORD = "darcha-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.ADMIN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def operator(center, **kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.OPERATOR, center=center, **kw)


def manager(center, **kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.MANAGER, center=center, **kw)


def officer(agency, region=None, **kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.OFFICER, agency=agency, region=region, **kw)


def supervisor(region, **kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.SUPERVISOR, region=region, **kw)


def analyst(**kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.ANALYST, **kw)


def admin(**kw):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, **kw)
