"""Front desk pages: find or register the citizen at the window, choose a service, apply."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client

from darcha.applications.models import Application
from darcha.catalog.models import ServiceVersion
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl
from darcha.people.tests.factories import CitizenFactory

NEW_PINFL = make_pinfl(birth_date=dt.date(1990, 5, 17), sex="M", area=5, serial=7)


def at_window(client: Client, user: Any, citizen: Any) -> None:
    client.force_login(user)
    response = client.post("/desk/find/", {"pinfl": citizen.pinfl})
    assert response.status_code == 302


def test_anonymous_is_sent_to_sign_in(client: Client, world: Any) -> None:
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/desk/"


def test_an_htmx_request_after_the_session_ended_redirects_the_whole_page(client: Client, world: Any) -> None:
    response = client.get("/ru/desk/", {"q": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/ru/accounts/login/"


@pytest.mark.parametrize("who", ["officer_x", "supervisor_a", "analyst"])
def test_desk_is_forbidden_to_roles_that_do_not_take_applications(client: Client, world: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    response = client.get("/desk/")
    assert response.status_code == 403
    assert b"Your role does not use this page." in response.content


def test_admin_without_a_centre_cannot_use_the_desk(client: Client, world: Any) -> None:
    client.force_login(world.admin)
    assert client.get("/desk/").status_code == 403


@pytest.mark.parametrize("who", ["operator_a", "manager_a"])
def test_front_office_sees_the_find_form(client: Client, world: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    response = client.get("/desk/")
    assert response.status_code == 200
    assert b'name="pinfl"' in response.content


def test_a_malformed_pinfl_is_refused_with_a_message(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/find/", {"pinfl": "1234"})
    assert response.status_code == 422
    assert "A PINFL has exactly 14 digits." in response.content.decode()
    assert b'aria-invalid="true"' in response.content
    assert b'href="#id_pinfl"' in response.content  # the error summary links to the field


def test_a_wrong_check_digit_is_refused(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    wrong = NEW_PINFL[:-1] + str((int(NEW_PINFL[-1]) + 1) % 10)
    response = client.post("/desk/find/", {"pinfl": wrong})
    assert response.status_code == 422
    assert "check digit" in response.content.decode()


def test_find_is_post_only(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    assert client.get("/desk/find/").status_code == 405


def test_a_known_citizen_is_put_at_the_window_without_pinfl_in_the_url(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/find/", {"pinfl": world.citizen.pinfl})
    assert response["Location"] == "/desk/"
    page = client.get("/desk/").content.decode()
    assert world.citizen.full_name in page
    assert world.citizen.masked_pinfl in page
    assert world.citizen.pinfl not in page


def test_an_unknown_pinfl_leads_to_a_prefilled_registration(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/find/", {"pinfl": NEW_PINFL})
    assert response["Location"] == "/desk/register/"
    assert NEW_PINFL not in response["Location"]
    form = client.get("/desk/register/").context["form"]
    assert form.initial["pinfl"] == NEW_PINFL
    assert form.initial["birth_date"] == dt.date(1990, 5, 17)
    assert form.initial["sex"] == "M"


def registration(**overrides: Any) -> dict[str, Any]:
    data = {
        "pinfl": NEW_PINFL,
        "last_name": "Toshmatov",
        "first_name": "Bahodir",
        "birth_date": "1990-05-17",
        "sex": "M",
        "phone": "+998 90 123 45 67",
        "preferred_language": "uz",
    }
    return {**data, **overrides}


def test_registration_serves_the_new_citizen(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/register/", registration())
    assert response.status_code == 302
    citizen = Citizen.objects.get(pinfl=NEW_PINFL)
    assert citizen.phone == "+998901234567"
    assert citizen.registered_at == world.center_a
    assert client.session["desk_citizen"] == citizen.pk


def test_a_bad_phone_number_is_shown_on_the_field_and_nothing_is_saved(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/register/", registration(phone="12345"))
    assert response.status_code == 422
    assert response.context["form"].errors["phone"] == ["A phone number is +998 followed by nine digits."]
    assert not Citizen.objects.filter(pinfl=NEW_PINFL).exists()


def test_registration_without_names_is_refused(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/register/", registration(last_name="", first_name=""))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"last_name", "first_name"}


def test_a_birth_date_unlike_the_pinfl_is_kept_as_a_warning(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    client.post("/desk/register/", registration(birth_date="1990-05-18"))
    page = client.get("/desk/").content.decode()
    assert "differs from the one encoded in the PINFL" in page


def test_services_are_filtered_by_the_search(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    page = client.get("/desk/", {"q": "service_y"}).content.decode()
    assert 'data-service="SERVICE_Y"' in page
    assert 'data-service="SERVICE_X"' not in page


def test_htmx_search_returns_only_the_result_list(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.get("/desk/", {"q": "SERVICE_X"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'data-service="SERVICE_X"' in response.content
    assert "HX-Request" in response["Vary"]


def test_next_citizen_clears_the_window(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    client.post("/desk/next/")
    assert "desk_citizen" not in client.session
    assert world.citizen.full_name not in client.get("/desk/").content.decode()


def test_the_application_form_needs_a_citizen_at_the_window(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    response = client.get("/desk/apply/SERVICE_X/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/"


def test_an_unknown_service_is_404(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.get("/desk/apply/NO_SUCH/")
    assert response.status_code == 404
    assert b"No such service." in response.content


def test_the_form_lists_documents_channels_and_the_fee(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.get("/desk/apply/SERVICE_X/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="passport"' in page and 'value="photo"' in page
    assert 'value="front_desk"' in page and 'value="online"' in page
    assert 'data-fee-total="412000"' in page
    assert "data-missing-documents" in page  # nothing ticked yet


def submit_form(**overrides: Any) -> dict[str, Any]:
    return {
        "documents": ["passport"],
        "channel": "front_desk",
        "intent": "submit",
        "submission_key": uuid.uuid4().hex,
        **overrides,
    }


def test_submitting_with_all_mandatory_documents_accepts_and_shows_the_receipt(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/apply/SERVICE_X/", submit_form())
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/receipt/{application.number}/"
    assert application.status == "accepted"
    assert application.center == world.center_a
    assert application.documents_presented == ["passport"]


def test_missing_mandatory_documents_register_without_accepting(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    client.post("/desk/apply/SERVICE_X/", submit_form(documents=[]))
    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.documents_missing == ["passport"]


def test_recalculate_shows_the_fee_without_submitting(client: Client, world: Any) -> None:
    ServiceVersion.objects.filter(service=world.service_x).update(online_fee_percent=90)
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/apply/SERVICE_X/", submit_form(channel="online", intent="recalculate"))
    assert response.status_code == 200
    assert b'data-fee-total="370800"' in response.content
    assert b"data-missing-documents" not in response.content
    assert not Application.objects.exists()


def test_a_channel_the_service_does_not_offer_is_refused(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/apply/SERVICE_X/", submit_form(channel="home_visit"))
    assert response.status_code == 422
    assert "channel" in response.context["form"].errors
    assert not Application.objects.exists()


def test_an_unknown_document_code_is_refused(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/apply/SERVICE_X/", submit_form(documents=["passport", "forged"]))
    assert response.status_code == 422
    assert not Application.objects.exists()


def test_a_representative_must_be_registered(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    data = submit_form(representative_pinfl=NEW_PINFL, representative_basis="relative")
    response = client.post("/desk/apply/SERVICE_X/", data)
    assert response.status_code == 422
    assert "Register the representative first" in response.content.decode()
    assert not Application.objects.exists()


def test_a_representative_needs_a_basis(client: Client, world: Any) -> None:
    helper = CitizenFactory()
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/apply/SERVICE_X/", submit_form(representative_pinfl=helper.pinfl))
    assert response.status_code == 422
    assert "representative_basis" in response.context["form"].errors


def test_an_application_through_a_representative(client: Client, world: Any) -> None:
    helper = CitizenFactory()
    at_window(client, world.operator_a, world.citizen)
    data = submit_form(
        representative_pinfl=helper.pinfl, representative_basis="power_of_attorney", representative_document="No 12"
    )
    assert client.post("/desk/apply/SERVICE_X/", data).status_code == 302
    application = Application.objects.get()
    assert application.representative == helper
    assert application.representative_basis == "power_of_attorney"


def test_the_summary_fragment_applies_the_citizens_discount(client: Client, world: Any) -> None:
    ServiceVersion.objects.filter(service=world.service_x).update(
        exemptions=[{"category": "disability_i_ii", "percent_off": 100}]
    )
    disabled = CitizenFactory(disability_group="1")
    at_window(client, world.operator_a, disabled)
    response = client.get(
        "/desk/apply/SERVICE_X/summary/", {"channel": "front_desk", "documents": "passport"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-fee-total="0"' in page
    assert "100%" in page
    assert "<html" not in page


def test_back_and_submit_again_makes_no_second_application(client: Client, world: Any) -> None:
    """The form's own key replays the first submission: Back after the receipt, a double click."""
    at_window(client, world.operator_a, world.citizen)
    form = submit_form()
    first = client.post("/desk/apply/SERVICE_X/", form)
    again = client.post("/desk/apply/SERVICE_X/", form)
    number = Application.objects.get().number
    assert first["Location"] == again["Location"] == f"/desk/receipt/{number}/"
    assert Application.objects.count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "No second application was made" in page


def test_the_same_form_sent_again_with_other_documents_is_refused(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    form = submit_form()
    client.post("/desk/apply/SERVICE_X/", form)
    response = client.post("/desk/apply/SERVICE_X/", {**form, "documents": ["passport", "photo"]})
    assert response.status_code == 409
    assert b"already submitted with other details" in response.content
    assert Application.objects.count() == 1


def form_key(client: Client, path: str = "/desk/apply/SERVICE_X/") -> str:
    page = client.get(path).content.decode()
    return page.split('name="submission_key" value="')[1].split('"')[0]


def test_the_form_reloaded_after_the_receipt_replays_instead_of_applying_twice(client: Client, world: Any) -> None:
    """Back in a browser often reloads the form: the key stays the same for this citizen and service."""
    at_window(client, world.operator_a, world.citizen)
    key = form_key(client)
    client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=key))
    assert form_key(client) == key
    client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=form_key(client)))
    assert Application.objects.count() == 1


def test_another_application_for_the_same_service_is_asked_for_explicitly(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    first = client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=form_key(client)))
    receipt = client.get(first["Location"]).content.decode()
    assert "/desk/apply/SERVICE_X/?another=1" in receipt
    fresh = form_key(client, "/desk/apply/SERVICE_X/?another=1")
    # The first one is still open: the form warns and asks for a confirmation (not a hard block).
    page = client.get("/desk/apply/SERVICE_X/?another=1").content.decode()
    assert "data-duplicate-warning" in page and Application.objects.get().number in page
    unconfirmed = client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=fresh))
    assert unconfirmed.status_code == 422
    assert 'href="#id_confirm_duplicate"' in unconfirmed.content.decode()
    assert Application.objects.count() == 1
    client.post("/desk/apply/SERVICE_X/", submit_form(submission_key=fresh, confirm_duplicate="on"))
    assert Application.objects.count() == 2


def test_the_next_citizen_gets_new_keys(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    key = form_key(client)
    other = CitizenFactory()
    at_window(client, world.operator_a, other)
    assert form_key(client) != key


def test_registering_a_known_pinfl_serves_the_stored_record_unchanged(client: Client, world: Any) -> None:
    """The desk registration used to overwrite phone, disability group, registry status and SMS language."""
    before = Citizen.objects.values().get(pk=world.citizen.pk)
    client.force_login(world.operator_b)
    response = client.post(
        "/desk/register/",
        {
            "pinfl": world.citizen.pinfl,
            "last_name": "Boshqa",
            "first_name": "Ism",
            "birth_date": world.citizen.birth_date.isoformat(),
            "sex": world.citizen.sex,
            "phone": "+998 91 111 22 33",
            "disability_group": "1",
            "in_social_registry": "on",
            "preferred_language": "ru",
        },
    )
    assert response.status_code == 302
    assert Citizen.objects.values().get(pk=world.citizen.pk) == before
    page = client.get("/desk/").content.decode()
    assert "already registered; the stored details were kept" in page
    assert world.citizen.full_name in page


def test_update_details_changes_the_record_keeps_the_old_value_and_audits(client: Client, world: Any) -> None:
    from darcha.audit.models import AuditEntry

    at_window(client, world.operator_b, world.citizen)
    page = client.get("/desk/citizen/details/").content.decode()
    assert 'value="+998901234567"' in page
    response = client.post(
        "/desk/citizen/details/",
        {"phone": "+998 91 111 22 33", "disability_group": "", "preferred_language": "uz", "reason": "new SIM"},
    )
    assert response.status_code == 302
    world.citizen.refresh_from_db()
    assert world.citizen.phone == "+998911112233"
    change = world.citizen.changes.get()
    assert (change.field, change.old_value, change.new_value, change.actor) == (
        "phone",
        "+998901234567",
        "+998911112233",
        world.operator_b,
    )
    entry = AuditEntry.objects.filter(action="update_citizen").get()
    assert (entry.object_id, entry.actor_username) == (str(world.citizen.pk), "op_b")
    assert "+998" not in entry.purpose


def test_update_details_needs_a_reason_and_the_front_office(client: Client, world: Any) -> None:
    at_window(client, world.operator_a, world.citizen)
    response = client.post("/desk/citizen/details/", {"phone": "+998911112233", "preferred_language": "uz"})
    assert response.status_code == 422
    world.citizen.refresh_from_db()
    assert world.citizen.phone == "+998901234567"
    client.force_login(world.officer_x)
    assert client.get("/desk/citizen/details/").status_code == 403


@pytest.mark.parametrize("pinfl", ["３１２０４８５１２０００１７", "٣١٢٠٤٨٥١٢٠٠٠١٧", "³¹²⁰⁴⁸⁵¹²⁰⁰⁰¹⁷"])
def test_pinfl_in_other_digits_is_refused_at_the_desk(client: Client, world: Any, pinfl: str) -> None:
    client.force_login(world.operator_a)
    response = client.post("/desk/find/", {"pinfl": pinfl})
    assert response.status_code == 422
    assert b"A PINFL has exactly 14 digits." in response.content
    response = client.post("/desk/register/", {"pinfl": pinfl, "last_name": "A", "first_name": "B"})
    assert response.status_code == 422
    assert Citizen.objects.count() == 1
