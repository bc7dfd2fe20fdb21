"""The status SMS: registered by this app with the outbox, number + status + deadline, no personal data."""

import json

import pytest

from darcha.applications.messages import STATUS, notify_status
from darcha.applications.tests.factories import submit
from darcha.notifications import templates
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.people.tests.factories import CitizenFactory

CONTEXT = {"number": "DXM-1733-101-000001", "status": "approved", "due_date": "2026-12-12"}


def test_the_text_names_the_number_the_translated_status_and_the_deadline():
    assert templates.render(STATUS, language="ru", context=CONTEXT) == (
        "Darcha: заявление DXM-1733-101-000001 — статус «одобрено». Срок: 2026-12-12."
    )
    assert templates.render(STATUS, language="en", context=CONTEXT) == (
        "Darcha: application DXM-1733-101-000001 is now “approved”. Deadline: 2026-12-12."
    )


def test_rows_written_under_the_old_template_name_still_render():
    assert templates.render("status", language="en", context=CONTEXT) == templates.render(
        STATUS, language="en", context=CONTEXT
    )


@pytest.mark.django_db
def test_each_status_change_is_delivered_by_sms_without_names_or_pinfl(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SMS_GATEWAY = "darcha.notifications.gateways.LocalSmsGateway"
    citizen = world.citizen
    citizen.preferred_language = "ru"
    citizen.save()
    app = submit(actor=world.operator_a, service=world.service_x, applicant=citizen, accept_now=True)

    assert deliver_pending().sent == 2
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["to"] for line in lines] == [citizen.phone, citizen.phone]
    assert all(app.number in line["text"] and app.due_date.isoformat() in line["text"] for line in lines)
    assert "«принято»" in lines[1]["text"]
    assert not any(citizen.last_name in line["text"] or citizen.pinfl in line["text"] for line in lines)
    assert set(OutboxMessage.objects.values_list("template", flat=True)) == {STATUS}


@pytest.mark.django_db
def test_no_sms_is_queued_without_a_phone(world):
    no_phone = CitizenFactory(phone="")
    app = submit(actor=world.operator_a, service=world.service_x, applicant=no_phone)
    assert notify_status(app) is None
    assert not OutboxMessage.objects.exists()
