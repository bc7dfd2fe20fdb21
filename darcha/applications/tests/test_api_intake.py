"""POST /api/v1/applications: citizen registration and submission as one write."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest

from darcha.accounts.services import issue_token
from darcha.applications.models import Application
from darcha.notifications.models import OutboxMessage
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl

URL = "/api/v1/applications"


def new_person(serial: int = 1, **fields: Any) -> dict[str, Any]:
    born = dt.date(1990, 3, 15)
    return {
        "pinfl": make_pinfl(birth_date=born, sex="M", area=733, serial=serial),
        "last_name": "Toshmatov",
        "first_name": "Bobur",
        "patronymic": "Alisherovich",
        "birth_date": born.isoformat(),
        "sex": "M",
        "phone": "+998 90 123 45 67",
        **fields,
    }


def body(**fields: Any) -> dict[str, Any]:
    return {
        "service_code": "SERVICE_X",
        "center_code": "psc-a",
        "channel": "front_desk",
        "applicant": new_person(),
        "documents_presented": ["passport", "photo"],
        **fields,
    }


def post(client, user, payload: Any, key: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {issue_token(user=user)}", "Idempotency-Key": key or str(uuid.uuid4())}
    return client.post(URL, json.dumps(payload), content_type="application/json", headers=headers)


def test_operator_submits_an_application_for_a_new_citizen(world, client):
    response = post(client, world.operator_a, body())
    assert response.status_code == 201, response.content
    data = response.json()
    application = Application.objects.get(number=data["number"])
    citizen = Citizen.objects.get(pinfl=new_person()["pinfl"])
    assert application.applicant == citizen
    assert citizen.registered_at == world.center_a
    assert citizen.phone == "+998901234567"
    # Every mandatory document was presented: accepted at once (the workflow's intake policy).
    assert data["status"] == "accepted"
    assert data["version"] == 2
    assert data["service_code"] == "SERVICE_X"
    assert data["service_version"] == 1
    assert data["center_code"] == "psc-a"
    assert data["channel"] == "front_desk"
    assert data["fee_uzs"] == 412_000
    assert data["fee_details"]["bhm_uzs"] == 412_000
    assert data["deadline"] == application.due_date.isoformat()
    # ISO 8601 in Tashkent time, to the millisecond.
    assert data["submitted_at"].endswith("+05:00")
    assert abs(dt.datetime.fromisoformat(data["submitted_at"]) - application.submitted_at) < dt.timedelta(
        milliseconds=1
    )
    assert data["documents_presented"] == ["passport", "photo"]
    assert data["documents_missing"] == []
    assert data["applicant"] == {
        "pinfl_masked": "**********" + citizen.pinfl[-4:],
        "last_name": "Toshmatov",
        "first_name": "Bobur",
        "patronymic": "Alisherovich",
    }
    assert data["representative"] is None
    assert data["warnings"] == []
    assert citizen.pinfl not in response.content.decode()


def test_a_known_citizen_is_found_by_pinfl_not_duplicated(world, client):
    response = post(client, world.operator_a, body(applicant={"pinfl": world.citizen.pinfl}))
    assert response.status_code == 201, response.content
    assert Application.objects.get().applicant == world.citizen
    assert Citizen.objects.count() == 1


def test_a_representative_is_registered_and_shown_with_the_basis(world, client):
    representative = new_person(serial=2, basis="power_of_attorney", document="Notarial PoA 77/2026")
    response = post(client, world.operator_a, body(representative=representative))
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert application.representative.pinfl == representative["pinfl"]
    assert application.representative_basis == "power_of_attorney"
    assert response.json()["representative"]["basis"] == "power_of_attorney"
    assert response.json()["representative"]["document"] == "Notarial PoA 77/2026"


def test_missing_mandatory_documents_are_listed_not_refused(world, client):
    response = post(client, world.operator_a, body(documents_presented=["photo"]))
    assert response.status_code == 201
    assert response.json()["documents_missing"] == ["passport"]


def test_pinfl_disagreeing_with_sex_is_a_warning_not_an_error(world, client):
    response = post(client, world.operator_a, body(applicant=new_person(sex="F")))
    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert [w["subject"] for w in warnings] == ["applicant"]
    assert "sex" in warnings[0]["detail"]


def test_a_refused_submission_writes_no_citizen(world, client):
    response = post(client, world.operator_a, body(documents_presented=["passport", "diploma"]))
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_documents"
    assert not Citizen.objects.filter(pinfl=new_person()["pinfl"]).exists()
    assert not Application.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_representative_without_a_valid_basis_leaves_nobody_registered(world, client):
    representative = new_person(serial=2, basis="neighbour")
    response = post(client, world.operator_a, body(representative=representative))
    assert response.status_code == 422
    assert response.json()["field"] == "representative_basis"
    assert Citizen.objects.count() == 1  # only the world's citizen


def test_invalid_pinfl_is_a_422_on_the_pinfl_field(world, client):
    response = post(client, world.operator_a, body(applicant=new_person(pinfl="12345678901234")))
    assert response.status_code == 422
    assert response.json()["field"] == "pinfl"
    assert response.json()["code"] == "invalid_pinfl"


def test_unknown_service_or_centre_is_a_422(world, client):
    response = post(client, world.operator_a, body(service_code="NO_SUCH"))
    assert (response.status_code, response.json()["code"]) == (422, "unknown_service")
    response = post(client, world.operator_a, body(center_code="psc-zz"))
    assert (response.status_code, response.json()["code"]) == (422, "unknown_center")


def test_channel_the_service_is_not_offered_through_is_a_422(world, client):
    response = post(client, world.operator_a, body(channel="home_visit"))
    assert response.status_code == 422
    assert response.json()["code"] == "channel_not_offered"


def test_missing_and_unknown_fields_are_422_with_their_locations(world, client):
    payload = body(documents=["passport"])
    del payload["service_code"]
    response = post(client, world.operator_a, payload)
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "validation_failed"
    locations = [e["loc"] for e in data["errors"]]
    assert ["body", "payload", "service_code"] in locations
    assert ["body", "payload", "documents"] in locations


def test_national_analyst_cannot_submit(world, client):
    response = post(client, world.analyst, body())
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Citizen.objects.count() == 1


def test_back_office_officer_cannot_submit(world, client):
    assert post(client, world.officer_x, body()).status_code == 403


def test_operator_cannot_submit_at_another_centre(world, client):
    response = post(client, world.operator_a, body(center_code="psc-b"))
    assert response.status_code == 403
    assert not Citizen.objects.filter(pinfl=new_person()["pinfl"]).exists()


def test_submitting_for_a_known_pinfl_is_an_audited_look_up(world, client):
    from darcha.audit.models import AuditEntry

    assert post(client, world.operator_a, body(applicant={"pinfl": world.citizen.pinfl})).status_code == 201
    entry = AuditEntry.objects.get(action="view_citizen")
    assert (entry.actor, entry.object_id) == (world.operator_a, str(world.citizen.pk))


def test_null_for_every_optional_field_means_not_given(world, client):
    """Clients generated from the OpenAPI send null for optional fields they leave unset."""
    applicant = new_person(
        serial=41, patronymic=None, birth_date=None, sex=None, phone=None, mahalla_code=None, disability_group=None
    )
    payload = body(applicant=applicant, channel=None, representative=None, documents_presented=None)
    response = post(client, world.operator_a, payload)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["channel"] == "front_desk"
    assert data["documents_presented"] == [] and data["status"] == "submitted"
    citizen = Citizen.objects.get(pinfl=applicant["pinfl"])
    assert (citizen.patronymic, citizen.phone, citizen.disability_group) == ("", "", "")


def test_null_in_a_transition_and_the_track_body_is_not_a_500(world, client):
    created = post(client, world.operator_a, body(applicant=new_person(serial=42))).json()
    token = issue_token(user=world.officer_x)
    response = client.post(
        f"{URL}/{created['number']}/transitions",
        json.dumps({"action": "start_review", "comment": None, "reason_code": None, "expected_version": None}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content


def test_a_known_citizen_is_never_overwritten_by_intake(world, client):
    """Posting an existing PINFL used to overwrite phone and disability group silently (SMS redirected,
    fee discounts changed, nothing audited)."""
    before = Citizen.objects.values().get(pk=world.citizen.pk)
    applicant = {
        "pinfl": world.citizen.pinfl,
        "last_name": "Other",
        "first_name": "Name",
        "phone": "+998 91 111 22 33",
        "disability_group": "1",
    }
    response = post(client, world.operator_b, body(center_code="psc-b", applicant=applicant))
    assert response.status_code == 201, response.content
    assert Citizen.objects.values().get(pk=world.citizen.pk) == before
    warnings = [w["detail"] for w in response.json()["warnings"]]
    assert any("stored details" in w and "phone" in w and "disability_group" in w for w in warnings)
    # The SMS goes to the stored phone, not to the one typed.
    assert OutboxMessage.objects.filter(recipient=world.citizen.phone).exists()
    assert not OutboxMessage.objects.filter(recipient="+998911112233").exists()


@pytest.mark.parametrize(
    "pinfl",
    [
        "３１２０４８５１２０００１７",  # fullwidth
        "٣١٢٠٤٨٥١٢٠٠٠١٧",  # Arabic-Indic
        "³¹²⁰⁴⁸⁵¹²⁰⁰⁰¹⁷",  # superscripts
    ],
)
def test_pinfl_in_other_unicode_digits_is_a_422_not_a_second_citizen(world, client, pinfl):
    count = Citizen.objects.count()
    response = post(client, world.operator_a, body(applicant=new_person(pinfl=pinfl)))
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "pinfl"
    assert Citizen.objects.count() == count


@pytest.mark.parametrize("phone", ["+998 ９０ １２３ ４５ ６７", "+998 ٩٠ ١٢٣ ٤٥ ٦٧", "+998 90 123 45 6⁷"])
def test_phone_in_other_unicode_digits_is_a_422(world, client, phone):
    response = post(client, world.operator_a, body(applicant=new_person(serial=43, phone=phone)))
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "phone"
    assert not Application.objects.exists()
