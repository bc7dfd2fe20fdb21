"""The admin an administrator of the Public Services Agency uses: every page opens; rules change only by versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from darcha.accounts.models import ApiToken, Role, User
from darcha.accounts.tests.factories import PASSWORD, UserFactory
from darcha.applications.tests.factories import submit
from darcha.catalog.models import Service
from darcha.catalog.tests.factories import DocumentTypeFactory
from darcha.centers.models import CalendarOverride, Desk, OpeningHours
from darcha.geo.tests.factories import MahallaFactory
from darcha.notifications.models import OutboxMessage
from darcha.payments.services import record_payment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The world fixture hashes ten staff passwords; Argon2 would make each test take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


REGISTERED = sorted(m._meta.label for m in admin.site._registry if m._meta.app_config.name.startswith("darcha."))


def url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    # Error pages use the site's stylesheet; tests have no collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def records(world) -> Any:
    """At least one row of every model the admin shows."""
    MahallaFactory(district=world.center_a.district)
    Desk.objects.create(center=world.center_a, number=1)
    OpeningHours.objects.create(center=world.center_a, weekday=5, opens=dt.time(9), closes=dt.time(15))
    CalendarOverride.objects.create(date=dt.date(2027, 6, 16), kind="day_off_moved", name="Test", source="")
    application = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    record_payment(
        actor=world.operator_a,
        number=application.number,
        amount_uzs=application.fee_uzs,
        method="cash_desk",
        receipt_number="K-1",
    )
    ApiToken.objects.create(user=world.officer_x, prefix="dx_abcde", digest=ApiToken.digest_of("dx_secret"), label="ci")
    if not OutboxMessage.objects.exists():
        OutboxMessage.objects.create(recipient="+998901234567", template="status_changed", context={})
    return world


@pytest.fixture
def root(client: Client, records: Any) -> Client:
    client.force_login(records.admin)
    return client


def test_every_model_of_every_app_is_in_the_admin() -> None:
    expected = {
        "geo.Region",
        "geo.District",
        "geo.Mahalla",
        "catalog.Agency",
        "catalog.DocumentType",
        "catalog.BhmRate",
        "catalog.Service",
        "catalog.ServiceVersion",
        "centers.Center",
        "centers.CalendarOverride",
        "accounts.User",
        "accounts.ApiToken",
        "people.Citizen",
        "applications.Application",
        "notifications.OutboxMessage",
        "payments.Payment",
    }
    assert expected <= set(REGISTERED)


@pytest.mark.parametrize("label", REGISTERED)
def test_a_superuser_opens_the_list_add_and_change_pages(root: Client, label: str) -> None:
    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    assert root.get(url(model, "changelist")).status_code == 200
    request = root.get(url(model, "changelist")).wsgi_request
    add = root.get(url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    obj = model._default_manager.first()
    assert obj is not None, label
    assert root.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "label", ["applications.Application", "catalog.ServiceVersion", "people.Citizen", "geo.Region"]
)
def test_records_written_only_by_services_cannot_be_added_or_deleted(root: Client, label: str) -> None:
    model = next(m for m in admin.site._registry if m._meta.label == label)
    obj = model._default_manager.first()
    assert root.get(url(model, "add")).status_code == 403
    assert root.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


def test_the_application_page_shows_its_events_read_only(root: Client, records: Any) -> None:
    application = records.service_x.applications.get()
    page = root.get(url(application, "change", application.pk))
    assert page.status_code == 200
    assert b"submit" in page.content
    assert b'name="events-0-action"' not in page.content


# --- citizens and tokens: personal data and secrets stay hidden --------------------------------


def test_citizens_are_listed_with_a_masked_pinfl(root: Client, records: Any) -> None:
    citizen = records.citizen
    page = root.get(url(citizen, "changelist"))
    assert citizen.masked_pinfl.encode() in page.content
    assert citizen.pinfl.encode() not in page.content


def test_a_citizen_is_found_by_the_exact_pinfl_only(root: Client, records: Any) -> None:
    citizen = records.citizen
    exact = root.get(url(citizen, "changelist"), {"q": citizen.pinfl})
    assert list(exact.context["cl"].result_list) == [citizen]
    fragment = root.get(url(citizen, "changelist"), {"q": citizen.pinfl[:10]})
    assert list(fragment.context["cl"].result_list) == []
    by_url = root.get(url(citizen, "changelist"), {"pinfl__startswith": citizen.pinfl[:4]})
    assert by_url.status_code in {302, 400}


def test_a_citizen_page_does_not_show_the_full_pinfl(root: Client, records: Any) -> None:
    citizen = records.citizen
    page = root.get(url(citizen, "change", citizen.pk))
    assert citizen.masked_pinfl.encode() in page.content
    assert citizen.pinfl.encode() not in page.content


def test_api_tokens_show_their_prefix_never_the_digest(root: Client) -> None:
    token = ApiToken.objects.get()
    for page in (root.get(url(token, "changelist")), root.get(url(token, "change", token.pk))):
        assert b"dx_abcde" in page.content
        assert token.digest.encode() not in page.content


# --- staff users: role and scope -----------------------------------------------------------------


def add_user(client: Client, **fields: Any) -> Any:
    data = {"username": "new_staff", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}
    data.update({k: ("" if v is None else v) for k, v in fields.items()})
    return client.post(url(User, "add"), data)


@pytest.mark.parametrize(
    ("role", "field"), [("operator", "center"), ("manager", "center"), ("officer", "agency"), ("supervisor", "region")]
)
def test_a_role_without_its_scope_is_a_form_error_on_the_scope_field(root: Client, role: str, field: str) -> None:
    response = add_user(root, role=role)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not User.objects.filter(username="new_staff").exists()


def test_an_operator_is_added_with_a_centre(root: Client, records: Any) -> None:
    response = add_user(root, role=Role.OPERATOR, center=records.center_a.pk)
    assert response.status_code == 302
    assert User.objects.get(username="new_staff").center == records.center_a


def test_changing_a_role_without_the_new_scope_is_refused(root: Client, records: Any) -> None:
    user = records.operator_b
    page = root.get(url(user, "change", user.pk))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "role": Role.SUPERVISOR,
            "region": "",
            "center": records.center_b.pk,
            "groups": [],
            "user_permissions": [],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        }
    )
    response = root.post(url(user, "change", user.pk), data)
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.role == Role.OPERATOR


# --- services: descriptive fields edited, rules only by a new version ----------------------------


def inline_management(page: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    return data


def test_editing_a_service_changes_its_channels_but_adds_no_version(root: Client, records: Any) -> None:
    service = records.service_x
    page = root.get(url(service, "change", service.pk))
    assert page.status_code == 200
    data = {
        **inline_management(page),
        "category": service.category,
        "agency": service.agency.pk,
        "is_active": "on",
        "channels": ["front_desk"],
        "name_uz": "Yangi nom",
        "name_uz_cyrl": "",
        "name_ru": "",
        "name_en": "New name",
        "description_uz": "",
        "description_uz_cyrl": "",
        "description_ru": "",
        "description_en": "",
        "source": "https://example.org/act",
    }
    response = root.post(url(service, "change", service.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.channels == ["front_desk"]
    assert service.name_en == "New name"
    assert service.versions.count() == 1


def test_the_service_page_links_to_a_new_rules_version(root: Client, records: Any) -> None:
    service = records.service_x
    page = root.get(url(service, "change", service.pk))
    assert reverse("admin:catalog_service_new_version", args=[service.pk]).encode() in page.content


def rules_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "valid_from_0": "",
        "valid_from_1": "",
        "fee_bhm": "1.5",
        "fee_uzs_fixed": "0",
        "online_fee_percent": "90",
        "term_working_days": "7",
        "calendar_regime": "5day",
        "mandatory_documents": ["passport"],
        "optional_documents": ["photo"],
        "exemption_disability_i_ii": "50",
        "exemption_social_registry": "0",
        "exemption_minor_under_16": "",
        "exemption_elderly_70": "",
        "fee_verified": "yes",
        "term_verified": "partly",
        "change_note": "Cabinet resolution No. 1 of 01.01.2027",
    }
    data.update(overrides)
    return data


def test_the_new_version_form_starts_from_the_rules_in_force(root: Client, records: Any) -> None:
    page = root.get(reverse("admin:catalog_service_new_version", args=[records.service_x.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["fee_bhm"] == Decimal("1")
    assert form.initial["term_working_days"] == 10
    assert form.initial["mandatory_documents"] == ["passport"]
    assert form.initial["optional_documents"] == ["photo"]


def test_saving_the_new_version_form_adds_version_two(root: Client, records: Any) -> None:
    service = records.service_x
    response = root.post(reverse("admin:catalog_service_new_version", args=[service.pk]), rules_post())
    assert response.status_code == 302
    assert response["Location"] == url(service, "change", service.pk)
    version = service.versions.get(number=2)
    assert version.fee_bhm == Decimal("1.5")
    assert version.online_fee_percent == 90
    assert version.term_working_days == 7
    assert version.exemptions == [{"category": "disability_i_ii", "percent_off": 50}]
    assert [(d.document.code, d.mandatory) for d in version.documents.all()] == [("passport", True), ("photo", False)]
    assert (version.fee_verified, version.term_verified) == ("yes", "partly")
    assert version.change_note == "Cabinet resolution No. 1 of 01.01.2027"
    assert service.versions.get(number=1).fee_bhm == Decimal("1")


def test_a_refused_rule_is_shown_next_to_its_field(root: Client, records: Any) -> None:
    service = records.service_x
    response = root.post(
        reverse("admin:catalog_service_new_version", args=[service.pk]), rules_post(term_working_days="0")
    )
    assert response.status_code == 200
    assert "term_working_days" in response.context["form"].errors
    assert service.versions.count() == 1


def test_a_document_cannot_be_both_mandatory_and_optional(root: Client, records: Any) -> None:
    service = records.service_x
    response = root.post(
        reverse("admin:catalog_service_new_version", args=[service.pk]),
        rules_post(mandatory_documents=["passport", "photo"]),
    )
    assert response.status_code == 200
    assert "optional_documents" in response.context["form"].errors
    assert service.versions.count() == 1


def test_a_new_document_type_can_join_the_checklist(root: Client, records: Any) -> None:
    DocumentTypeFactory(code="birth_certificate")
    service = records.service_x
    root.post(
        reverse("admin:catalog_service_new_version", args=[service.pk]),
        rules_post(mandatory_documents=["passport", "birth_certificate"]),
    )
    version = service.versions.get(number=2)
    assert [d.document.code for d in version.documents.all()] == ["passport", "photo", "birth_certificate"]


def test_staff_who_are_not_administrators_cannot_open_the_new_version_form(client: Client, records: Any) -> None:
    staff_operator = UserFactory(username="staff_op", role=Role.OPERATOR, center=records.center_a, is_staff=True)
    client.force_login(staff_operator)
    target = reverse("admin:catalog_service_new_version", args=[records.service_x.pk])
    # Only administrators enter the admin at all: the others are sent to its sign-in page.
    assert client.get(target).status_code in {302, 403}
    assert client.post(target, rules_post()).status_code in {302, 403}
    assert records.service_x.versions.count() == 1


def test_the_action_opens_the_new_version_form_for_one_service(root: Client, records: Any) -> None:
    response = root.post(
        url(Service, "changelist"),
        {"action": "new_rules_version", "_selected_action": [records.service_x.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_service_new_version", args=[records.service_x.pk])


def test_a_new_service_goes_on_to_its_first_rules(root: Client, records: Any) -> None:
    page = root.get(url(Service, "add"))
    data = {
        **inline_management(page),
        "code": "NEW_SERVICE",
        "category": "other",
        "agency": records.agency_x.pk,
        "is_active": "on",
        "channels": ["front_desk", "online"],
        "name_uz": "Yangi xizmat",
        "source": "https://example.org",
    }
    response = root.post(url(Service, "add"), data)
    service = Service.objects.get(code="NEW_SERVICE")
    assert response["Location"] == reverse("admin:catalog_service_new_version", args=[service.pk])
    root.post(response["Location"], rules_post())
    assert service.versions.get().number == 1
