"""The demo seed: five pilot centres, staff of every role, citizens, and applications that replay the workflow."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from darcha.accounts.models import Role, User
from darcha.applications.choices import SETTLED_PAYMENT
from darcha.applications.models import Application, ApplicationEvent, NumberSequence
from darcha.applications.numbers import normalize
from darcha.applications.services import perform_transition, submit_application
from darcha.applications.workflow import ACTIONS, CLOCK_RUNNING_STATES, Status
from darcha.centers.models import Center
from darcha.payments.services import confirm_no_fee, record_payment
from darcha.people.models import Citizen
from darcha.people.pinfl import check_pinfl
from darcha.seed.checks import problems_in
from darcha.seed.staff import agencies_by_size

# A fixed reference moment (a Monday afternoon in Tashkent) makes every run of the seed comparable.
NOW = "2026-06-15T16:00:00+05:00"
TODAY = dt.date(2026, 6, 15)
SMALL = ("--citizens", "150", "--months", "3", "--applications", "700", "--now", NOW)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def _seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Seed once for a test class inside a transaction that is rolled back after its last test.

    Each test still runs in its own savepoint (the `db` fixture), so what one test writes is gone
    before the next; seeding once keeps this file from reloading the reference data for every test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        seed(*SMALL)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once: Any, db: Any) -> None:
    return None


def demo_applications() -> Any:
    return Application.objects.select_related("center", "service_version", "applicant")


def test_population_shares_are_close_to_the_published_ones(db: Any) -> None:
    seed("--citizens", "2000", "--applications", "0", "--now", NOW)
    citizens = list(Citizen.objects.all())
    female = sum(c.sex == "F" for c in citizens) / len(citizens)
    disabled = Counter(c.disability_group for c in citizens if c.disability_group)
    under_14 = sum(c.age_on(TODAY) < 14 for c in citizens) / len(citizens)
    assert 0.46 < female < 0.53  # 49.6% nationally
    assert sum(disabled.values()) == 46  # 2.3% of 2,000
    assert set(disabled) == {"1", "2", "3"}
    assert 0.24 < under_14 < 0.33  # 0-13: 10.4 of 36.6 million
    assert 0 < sum(c.in_social_registry for c in citizens) < len(citizens) * 0.2


def test_the_year_looks_like_a_year_at_a_rural_centre(db: Any) -> None:
    seed("--citizens", "600", "--months", "12", "--now", NOW)
    applications = list(Application.objects.select_related("service"))
    statuses = Counter(a.status for a in applications)
    assert set(Status.values) <= set(statuses)
    assert Application.objects.filter(reason_code__gt="").values("reason_code").distinct().count() >= 4
    assert ApplicationEvent.objects.filter(action="provide_info", data__paused_working_days__gt=0).exists()
    overdue_open = [a for a in applications if a.is_overdue_on(TODAY)]
    assert overdue_open and all(a.overdue_since for a in overdue_open)
    late_decisions = ApplicationEvent.objects.filter(action__in=["approve", "reject"], data__on_time=False)
    assert late_decisions.exists()
    categories = Counter(a.service.category for a in applications)
    assert categories.most_common(2)[0][0] in {"identity", "civil_registry"}
    weekdays = Counter(timezone.localtime(a.submitted_at).date().weekday() for a in applications)
    assert weekdays[6] == 0  # Sunday: closed
    assert weekdays[0] > weekdays[4] > weekdays[5] > 0  # Monday busiest, Saturday a half day
    assert all(timezone.localdate(a.submitted_at) <= TODAY for a in applications)


class _Rollback(Exception):
    pass


def _fingerprint(*args: str) -> list[Any]:
    """Seed inside a transaction, read everything back by natural keys, roll back."""
    found: list[Any] = []
    try:
        with transaction.atomic():
            seed(*args)
            found.append(
                list(
                    Citizen.objects.order_by("pinfl").values_list(
                        "pinfl", "last_name", "first_name", "birth_date", "mahalla__code", "disability_group", "phone"
                    )
                )
            )
            found.append(
                list(
                    Application.objects.order_by("number").values_list(
                        "number", "uuid", "service__code", "applicant__pinfl", "status", "submitted_at", "due_date"
                    )
                )
            )
            found.append(
                list(
                    ApplicationEvent.objects.order_by("application__number", "sequence").values_list(
                        "uuid", "action", "actor__username", "at", "due_date_after"
                    )
                )
            )
            raise _Rollback
    except _Rollback:
        return found


def test_the_same_seed_gives_the_same_data(db: Any) -> None:
    first = _fingerprint(*SMALL)
    assert first[1] and first == _fingerprint(*SMALL)
    assert _fingerprint(*SMALL, "--seed", "7") != first


class TestTheSmallDemoWorld:
    """One small demo world (150 citizens, 3 months, 700 applications), seeded once for all these tests."""

    def test_five_pilot_centres_in_five_regions_including_karakalpakstan(self, seeded: None) -> None:
        centres = Center.objects.filter(kind=Center.Kind.PSC).select_related("district__region")
        assert sorted(c.district.soato for c in centres) == ["1708204", "1710212", "1722217", "1724235", "1735240"]
        assert len({c.district.region.soato for c in centres}) == 5
        assert "1735" in {c.district.region.soato for c in centres}
        first = Center.objects.get(code="psc-sariosiyo")
        assert first.desks.count() >= 4 and first.phone.startswith("+998")
        assert {h.weekday: (h.opens, h.closes) for h in first.opening_hours.all()}[5] == (dt.time(9), dt.time(15))
        assert all(4 <= c.desks.count() <= 6 and c.name_ru and c.name_en and c.name_uz_cyrl for c in centres)
        mobile = Center.objects.get(kind=Center.Kind.MOBILE_UNIT)
        assert mobile.parent == first

    def test_every_role_has_a_demo_user_scoped_as_its_role_requires(self, seeded: None, argon2: None) -> None:
        assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
        operator = User.objects.get(username="operator")
        assert operator.center.code == "psc-sariosiyo" and operator.check_password("darcha-demo")
        assert operator.password.startswith("argon2")
        officer = User.objects.get(username="officer")
        assert officer.agency == agencies_by_size()[0] and officer.region is None
        assert User.objects.get(username="supervisor").region.soato == "1722"
        assert User.objects.get(username="manager").center.code == "psc-sariosiyo"
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.role == Role.ADMIN
        centres_with_operator = set(User.objects.filter(role=Role.OPERATOR).values_list("center__code", flat=True))
        assert centres_with_operator == set(Center.objects.values_list("code", flat=True))

    def test_citizens_have_valid_pinfls_matching_their_sex_and_birth_date(self, seeded: None) -> None:
        citizens = list(Citizen.objects.select_related("mahalla__district"))
        assert len(citizens) == 150
        for citizen in citizens:
            check = check_pinfl(citizen.pinfl, sex=citizen.sex, birth_date=citizen.birth_date, verify_check_digit=True)
            assert check.valid and not check.warnings, citizen.pinfl
            assert citizen.mahalla is not None and not citizen.mahalla.synthetic
        assert {c.mahalla.district.soato[:4] for c in citizens} == {"1722", "1710", "1708", "1724", "1735"}

    def test_children_under_16_are_represented_by_a_parent(self, seeded: None) -> None:
        children = [a for a in demo_applications() if a.applicant.age_on(timezone.localdate(a.submitted_at)) < 16]
        assert children, "the demo has applications for children"
        for application in children:
            assert application.representative_basis == "parent"
            assert application.representative.age_on(TODAY) >= 18

    def test_events_replay_the_workflow_table(self, seeded: None) -> None:
        events: dict[int, list[ApplicationEvent]] = {}
        for event in ApplicationEvent.objects.order_by("application", "sequence"):
            events.setdefault(event.application_id, []).append(event)
        applications = list(Application.objects.all())
        assert len(applications) > 500
        for application in applications:
            chain = events[application.pk]
            assert [e.sequence for e in chain] == list(range(1, len(chain) + 1))
            assert (chain[0].action, chain[0].from_status, chain[0].to_status) == ("submit", "", Status.SUBMITTED)
            for before, event in itertools.pairwise(chain):
                assert event.from_status == before.to_status
                assert event.at >= before.at
                if event.action == "overdue":  # the worker's flag: no change of state
                    assert event.to_status == event.from_status and event.from_status in CLOCK_RUNNING_STATES
                    continue
                if event.action in {"payment", "fee_confirmed"}:  # the desk's notes: no change of state
                    assert event.to_status == event.from_status and event.actor_role == "operator"
                    continue
                action = ACTIONS[event.action]
                assert event.from_status in action.sources and event.to_status == action.target
                assert event.actor_role in action.roles and event.actor_id is not None
            assert chain[-1].to_status == application.status

    def test_every_application_is_consistent_with_calendar_fees_and_numbers(self, seeded: None) -> None:
        assert problems_in(demo_applications()) == {}

    def test_deadlines_are_never_before_the_submission(self, seeded: None) -> None:
        for submitted_at, due_date in Application.objects.values_list("submitted_at", "due_date"):
            assert due_date >= timezone.localdate(submitted_at)

    def test_numbers_are_unique_valid_and_live_submissions_continue_them(self, seeded: None) -> None:
        numbers = list(Application.objects.values_list("number", flat=True))
        assert len(numbers) == len(set(numbers))
        assert all(normalize(n) == n for n in numbers)
        for row in Application.objects.values("center", "submitted_at__year").annotate(n=Count("id")):
            sequence = NumberSequence.objects.get(center_id=row["center"], year=row["submitted_at__year"])
            assert sequence.last_value == row["n"]
        operator = User.objects.get(username="operator")
        citizen = Citizen.objects.filter(registered_at=operator.center).order_by("pinfl").last()
        service = Application.objects.filter(center=operator.center).latest("submitted_at").service
        version = service.versions.order_by("-valid_from").first()
        documents = [line.document.code for line in version.documents.all() if line.mandatory]
        before = NumberSequence.objects.get(center=operator.center, year=2026).last_value
        application = submit_application(
            actor=operator, service=service, center=operator.center, applicant=citizen, documents_presented=documents
        )
        assert application.number.split("-")[3] == f"{before + 1:06d}"

    def test_the_demo_history_is_what_the_live_services_would_have_recorded(self, seeded: None) -> None:
        """Replay a sample through submit_application and perform_transition with the same actors and times."""
        sample = []
        for action in ["provide_info", "reject", "withdraw", "deliver", "request_info", "approve"]:
            sample += list(
                Application.objects.filter(events__action=action)
                .order_by("number")
                .distinct()
                .values_list("pk", flat=True)[:5]
            )
        assert len(sample) >= 20
        for original in Application.objects.filter(pk__in=sample).select_related("service", "center", "applicant"):
            events = list(original.events.select_related("actor").order_by("sequence"))
            replay = submit_application(
                actor=events[0].actor,
                service=original.service,
                center=original.center,
                applicant=original.applicant,
                channel=original.channel,
                documents_presented=original.documents_presented,
                representative=original.representative,
                representative_basis=original.representative_basis,
                representative_document=original.representative_document,
                at=events[0].at,
            )
            for event in events[1:]:
                # The intake policy accepted a complete checklist inside submit_application already.
                at_intake = event.action == "accept" and event.at == events[0].at
                if event.action in {"payment", "fee_confirmed"} or (event.action == "deliver" and not settled(replay)):
                    settle(replay, event)
                    if event.action != "deliver":
                        continue
                if event.action != "overdue" and not at_intake:
                    perform_transition(
                        actor=event.actor,
                        number=replay.number,
                        action=event.action,
                        comment=event.comment,
                        reason_code=event.reason_code,
                        at=event.at,
                    )
            replay.refresh_from_db()
            fields = [
                "status",
                "service_version_id",
                "due_date",
                "paused_working_days",
                "clock_paused_on",
                "decided_at",
                "closed_at",
                "reason_code",
                "version",
                "fee_uzs",
                "fee_details",
                "documents_missing",
            ]
            assert {f: getattr(replay, f) for f in fields} == {f: getattr(original, f) for f in fields}, original.number

    def test_running_the_seed_again_adds_nothing(self, seeded: None) -> None:
        counts = (User.objects.count(), Center.objects.count(), Citizen.objects.count(), Application.objects.count())
        events = ApplicationEvent.objects.count()
        output = seed(*SMALL)
        assert "already have applications" in output
        assert (
            User.objects.count(),
            Center.objects.count(),
            Citizen.objects.count(),
            Application.objects.count(),
        ) == counts
        assert ApplicationEvent.objects.count() == events

    def test_if_empty_does_nothing_once_applications_exist(self, seeded: None) -> None:
        assert "not added" in seed("--if-empty", "--citizens", "999")
        assert Citizen.objects.count() == 150

    def test_scale_adds_exactly_the_number_asked_for(self, seeded: None) -> None:
        before = set(Application.objects.values_list("pk", flat=True))
        output = seed("--scale", "1234", "--now", NOW, "--months", "3")
        added = Application.objects.exclude(pk__in=before)
        assert added.count() == 1234
        assert "applications/s" in output
        assert problems_in(added.select_related("center", "service_version", "applicant")) == {}
        last = NumberSequence.objects.filter(center=added.first().center).aggregate(m=Max("last_value"))["m"]
        assert last >= Application.objects.filter(center=added.first().center, submitted_at__year=2026).count()

    def test_demo_logins_are_listed_in_demo_mode_only(self, seeded: None, settings: Any) -> None:
        settings.DEMO_MODE = False
        out = StringIO()
        call_command("demo_logins", stdout=out)
        assert "operator" not in out.getvalue() and "DARCHA_DEMO" in out.getvalue()
        settings.DEMO_MODE = True
        out = StringIO()
        call_command("demo_logins", "--url", "http://127.0.0.1:8000/", stdout=out)
        text = out.getvalue()
        assert "darcha-demo" in text and "http://127.0.0.1:8000/" in text
        for username in ["operator", "officer", "manager", "supervisor", "analyst", "admin", "operator2", "operator5"]:
            assert f"  {username} " in text


def settled(application: Application) -> bool:
    application.refresh_from_db(fields=["payment_status"])
    return application.payment_status in SETTLED_PAYMENT


def settle(application: Application, event: ApplicationEvent) -> None:
    """The fee as the live desk settles it: the recorded payment, or (a demo history from before payments
    were recorded) the fee paid in full, or confirmed as not due, just before the hand-over."""
    if settled(application):
        return
    if event.action == "payment" or application.fee_confirmed:
        record_payment(
            actor=event.actor,
            number=application.number,
            amount_uzs=event.data.get("amount_uzs", application.fee_uzs),
            method=event.data.get("method", "cash_desk"),
            receipt_number=event.data.get("receipt_number", f"demo-{application.pk}"),
            at=event.at,
        )
    else:
        confirm_no_fee(actor=event.actor, number=application.number, basis=event.data.get("basis", "demo"), at=event.at)


def test_a_scaled_load_is_numbered_in_submission_order_and_replays_cleanly(db: Any) -> None:
    seed(*SMALL)
    before = set(Application.objects.values_list("pk", flat=True))
    seed("--scale", "3000", "--now", NOW, "--months", "1", "--distinct", "0.2")
    added = Application.objects.exclude(pk__in=before)
    assert added.count() == 3000
    assert problems_in(added.select_related("center", "service_version", "applicant")) == {}
    # Per centre and year, numbers follow the order of submission (the desk's own rule).
    for center_id in added.values_list("center_id", flat=True).distinct():
        numbers = list(
            added.filter(center_id=center_id).order_by("submitted_at", "number").values_list("number", flat=True)
        )
        assert numbers == sorted(numbers)
    # Paid fees have their receipts; no result was handed over with a fee unsettled.
    assert added.filter(payment_status="paid").exclude(payments__isnull=False).count() == 0
    assert not added.filter(status="delivered", payment_status__in=["unpaid", "unconfirmed"]).exists()
    assert added.filter(payments__isnull=False).exists()
