"""The citizen's SMS: one per change they must know, in their language, dates DD.MM.YYYY, one segment where possible.

Issue 12 found one application sending 8 messages of 2 segments each with ISO dates; the
information request did not say what was needed, and "ready" did not say where, when or what to bring.
"""

import datetime as dt
import json

import pytest
from django.utils import translation

from darcha.applications.messages import STATUS
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.centers.models import OpeningHours
from darcha.notifications import templates
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.sms import measure
from darcha.payments.services import record_payment
from darcha.people.tests.factories import CitizenFactory

NUMBER = "DX-2026-101-000123-4"
LANGUAGES = ["uz", "uz-cyrl", "ru", "en"]


def render(language: str, **context: object) -> str:
    return templates.render(STATUS, language=language, context={"number": NUMBER, "due_date": "2026-12-12", **context})


def test_dates_are_written_dd_mm_yyyy_in_every_language():
    for language in LANGUAGES:
        text = render(language, kind="accept", status="accepted")
        assert "12.12.2026" in text and "2026-12-12" not in text, language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("kind", "status"),
    [("submit", "submitted"), ("accept", "accepted"), ("approve", "approved"), ("withdraw", "withdrawn")],
)
def test_the_fixed_messages_fit_one_segment_in_every_language(language, kind, status):
    """Cyrillic goes out in UCS-2 (70 characters); Uzbek Latin's ʻ and ʼ are sent as ' to stay in GSM-7 (160)."""
    text = render(language, kind=kind, status=status)
    length = measure(text)
    assert length.segments == 1, (language, kind, length, text)
    expected = "ucs2" if language in {"uz-cyrl", "ru"} else "gsm7"
    assert length.encoding == expected, (language, text)


def test_uzbek_latin_keeps_its_letters_in_gsm7():
    text = render("uz", kind="approve", status="approved")
    assert "ma'qullandi" in text and "bo'lsa" in text  # ʼ and ʻ sent as the apostrophe Uzbek keyboards type


def test_the_information_request_says_what_is_needed_and_by_when():
    text = render(
        "ru", kind="request_info", status="info_requested", request="Принесите оригинал справки", answer_by="2026-12-20"
    )
    assert "Принесите оригинал справки." in text
    assert "20.12.2026" in text
    assert measure(text).segments <= 2


def test_ready_for_pick_up_says_where_when_and_what_to_bring():
    text = render(
        "en",
        kind="mark_ready",
        status="ready",
        center="Bogot PSC",
        address="Mustaqillik 5",
        hours=["Mon–Fri 09:00–18:00", "Sat 09:00–15:00"],
        bring=["passport or ID card", "the application number"],
    )
    assert "Bogot PSC, Mustaqillik 5, Mon-Fri 09:00-18:00, Sat 09:00-15:00" in text  # – sent as a GSM-7 hyphen
    assert "passport or ID card" in text
    assert measure(text).encoding == "gsm7"


def test_rows_written_before_messages_named_their_change_still_render():
    old = {"number": NUMBER, "status": "approved", "due_date": "2026-12-12"}
    assert templates.render("status", language="en", context=old) == (
        'Darcha: application DX-2026-101-000123-4 is now "approved". Deadline: 12.12.2026.'
    )


@pytest.mark.django_db
def test_a_whole_journey_sends_one_message_per_change_the_citizen_must_know(world, settings, tmp_path):
    """Taken with every document, reviewed, asked, answered, approved, ready, paid, handed over: 5 SMS, not 8+."""
    settings.VAR_DIR = tmp_path
    settings.SMS_GATEWAY = "darcha.notifications.gateways.LocalSmsGateway"
    OpeningHours.objects.create(center=world.center_a, weekday=0, opens=dt.time(9), closes=dt.time(18))
    citizen = world.citizen
    citizen.preferred_language = "ru"
    citizen.save()
    app = submit(actor=world.operator_a, service=world.service_x, applicant=citizen)
    number = app.number
    perform_transition(actor=world.officer_x, number=number, action="start_review")
    perform_transition(actor=world.officer_x, number=number, action="request_info", comment="Принесите справку")
    perform_transition(actor=world.operator_a, number=number, action="provide_info", comment="Принёс")
    perform_transition(actor=world.officer_x, number=number, action="approve")
    perform_transition(actor=world.officer_x, number=number, action="mark_ready")
    record_payment(actor=world.operator_a, number=number, amount_uzs=412_000, method="cash_desk", receipt_number="1")
    perform_transition(actor=world.operator_a, number=number, action="deliver")

    assert deliver_pending().sent == 4
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [line["text"] for line in lines]
    assert [m.context["kind"] for m in OutboxMessage.objects.order_by("pk")] == [
        "accept",
        "request_info",
        "approve",
        "mark_ready",
    ]
    assert all(line["to"] == citizen.phone for line in lines)
    assert all(number in text for text in texts)
    assert "Принесите справку." in texts[1]
    with translation.override("ru"):
        assert world.center_a.name in texts[3] and "09:00" in texts[3]
    assert not any(citizen.last_name in t or citizen.pinfl in t or citizen.first_name in t for t in texts)
    assert not any("-20" in t.split(number)[1] for t in texts)  # no ISO date after the number


@pytest.mark.django_db
def test_an_application_waiting_for_documents_gets_the_submission_message(world):
    submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, documents_presented=[])
    assert [m.context["kind"] for m in OutboxMessage.objects.all()] == ["submit"]


@pytest.mark.django_db
def test_the_representative_gets_the_message_in_their_language(world):
    representative = CitizenFactory(phone="+998935550000", preferred_language="uz-cyrl")
    submit(
        actor=world.operator_a,
        service=world.service_x,
        applicant=world.citizen,
        representative=representative,
        representative_basis="power_of_attorney",
    )
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.language) == ("+998935550000", "uz-cyrl")
    assert "қабул қилинди" in templates.render(message.template, language=message.language, context=message.context)


@pytest.mark.django_db
def test_no_sms_is_queued_without_a_phone(world):
    no_phone = CitizenFactory(phone="")
    submit(actor=world.operator_a, service=world.service_x, applicant=no_phone)
    assert not OutboxMessage.objects.exists()
