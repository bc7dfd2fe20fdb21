"""The case: one agency's application, its clock, fee, documents and append-only events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.accounts.scoping import ScopePaths
from darcha.applications.choices import SETTLED_PAYMENT, PaymentStatus
from darcha.applications.workflow import (
    OPEN_STATES,
    UNPAID_WORK,
    DeadlineRule,
    EventKind,
    RejectionReason,
    Status,
    WithdrawalReason,
    is_overdue,
    overdue_q,
)
from darcha.catalog.choices import Channel


class RepresentativeBasis(models.TextChoices):
    PARENT = "parent", _("parent of a minor")
    GUARDIAN = "guardian", _("guardian or trustee")
    POWER_OF_ATTORNEY = "power_of_attorney", _("power of attorney")
    RELATIVE = "relative", _("relative (with the applicant's consent)")
    SOCIAL_WORKER = "social_worker", _("social worker")


# The open states in a fixed order: the partial indexes' condition is part of the migration, and a
# frozenset's order changes from one process to the next.
OPEN_Q = models.Q(status__in=sorted(OPEN_STATES))


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(OPEN_Q)

    def overdue(self, today: dt.date) -> ApplicationQuerySet:
        """Past the deadline with the clock running (workflow.overdue_q): lists, figures and the overdue job."""
        return self.filter(overdue_q(today))

    def not_overdue(self, today: dt.date) -> ApplicationQuerySet:
        return self.exclude(overdue_q(today))


class Application(models.Model):
    # Declared scope (darcha.accounts.scoping): a case belongs to the centre that took it, the
    # agency that decides it and the centre's region.
    SCOPE = ScopePaths(center="center_id", agency="agency_id", region="center__district__region_id")

    # A UUID as well as the number: a centre node that worked offline can sync without clashes.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=24, unique=True)
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="applications")
    service_version = models.ForeignKey("catalog.ServiceVersion", on_delete=models.PROTECT, related_name="applications")
    # The responsible agency, copied from the service at submission: back offices are scoped by it,
    # and a later move of a service to another agency does not move open cases.
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey("people.Citizen", on_delete=models.PROTECT, related_name="applications")
    representative = models.ForeignKey(
        "people.Citizen", null=True, blank=True, on_delete=models.PROTECT, related_name="represented_applications"
    )
    representative_basis = models.CharField(max_length=30, choices=RepresentativeBasis.choices, blank=True)
    representative_document = models.CharField(max_length=200, blank=True)
    center = models.ForeignKey("centers.Center", on_delete=models.PROTECT, related_name="applications")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.FRONT_DESK)
    documents_presented = models.JSONField(default=list, blank=True)
    documents_missing = models.JSONField(default=list, blank=True)
    fee_uzs = models.PositiveBigIntegerField(_("fee, UZS"), default=0)
    fee_details = models.JSONField(default=dict, blank=True)
    payment_status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Optimistic concurrency: every transition increments it; clients send the one they saw.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted"))
    due_date = models.DateField(_("deadline"))
    clock_paused_on = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why it was rejected or withdrawn (workflow.RejectionReason, workflow.WithdrawalReason).
    reason_code = models.CharField(
        max_length=30, choices=[*RejectionReason.choices, *WithdrawalReason.choices], blank=True
    )
    overdue_since = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The officer working on the case, or nobody; changed only by services.assign_application (an
    # ASSIGN event records each change).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
        verbose_name=_("assigned to"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            # A status at a centre, oldest first: the desk's work lists (workflow.FRONT_OFFICE_WORK).
            models.Index(fields=["center", "status", "submitted_at", "id"], name="app_center_status_submitted"),
            # Fees to take at a centre, oldest first (the desk's "Fee not paid" list): a small part of the table.
            models.Index(fields=["center", "submitted_at", "id"], name="app_center_unpaid", condition=UNPAID_WORK.q()),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["submitted_at"]),
            # The inbox (darcha.applications.inbox): open cases of a centre, an agency or the whole
            # scope, nearest deadline first, in keyset order (due_date, submitted_at, id). Partial on
            # the open states: the backlog is a small part of the table and stays small.
            models.Index(
                fields=["center", "due_date", "submitted_at", "id"], name="app_open_center_due", condition=OPEN_Q
            ),
            models.Index(
                fields=["agency", "due_date", "submitted_at", "id"], name="app_open_agency_due", condition=OPEN_Q
            ),
            models.Index(fields=["due_date", "submitted_at", "id"], name="app_open_due", condition=OPEN_Q),
            # A service's backlog (the inbox's and the overview's service filter) in any scope.
            models.Index(
                fields=["service", "due_date", "submitted_at", "id"], name="app_open_service_due", condition=OPEN_Q
            ),
            # Newest first (sort=-submitted, today's intake, age bands, any status) per centre and agency.
            models.Index(fields=["center", "submitted_at", "id"], name="app_center_submitted"),
            models.Index(fields=["agency", "submitted_at", "id"], name="app_agency_submitted"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue_on(self, today: dt.date) -> bool:
        return is_overdue(self.status, self.due_date, today)

    @property
    def fee_confirmed(self) -> bool:
        """False while the catalog does not know the fee: never shown or printed as an amount."""
        return self.payment_status != PaymentStatus.UNCONFIRMED

    @property
    def fee_settled(self) -> bool:
        return self.payment_status in SETTLED_PAYMENT


class RollupKey(models.Model):
    """What every rollup row is counted by: a centre, an agency and a service, scoped like Application."""

    SCOPE = ScopePaths(center="center_id", agency="agency_id", region="center__district__region_id")

    # Derived data: no foreign-key constraints to check on every count (the applications that the
    # counts come from already protect their centre, agency and service from deletion).
    # (Each unique key starts with the centre: it is the centre's index.)
    center = models.ForeignKey(
        "centers.Center", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        abstract = True


class BacklogCount(RollupKey):
    """Rollup: open applications per centre, agency, service, status, submission day and deadline.

    One row holds how many open applications share these facts (darcha/applications/rollups.py keeps
    it current in the transaction that moves an application; `rebuild_rollups` recomputes it). The
    field names are Application's, so the workflow's filters (`overdue_q`) apply to it unchanged, and
    every backlog figure of the overview is a small sum over these rows in the user's scope.
    """

    status = models.CharField(max_length=20, choices=Status.choices)
    # The local (Tashkent) day of submission: a case's age is counted from it.
    submitted_on = models.DateField()
    due_date = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "applications_backlogcount"  # named in rollups.py's upsert
        constraints = [
            models.UniqueConstraint(
                fields=["center", "agency", "service", "status", "submitted_on", "due_date"],
                name="backlog_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.center_id}/{self.service_id}/{self.status}/{self.submitted_on}: {self.count}"


class DailyCount(RollupKey):
    """Rollup: per centre, agency, service and local day, applications submitted and decided that day.

    `decided_on_time` counts the decisions taken by the deadline (workflow.decided_in_time); the
    on-time rate of a period is their sum over the sum of `decided`.
    """

    day = models.DateField()
    submitted = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    decided_on_time = models.IntegerField(default=0)

    class Meta:
        db_table = "applications_dailycount"  # named in rollups.py's upsert
        constraints = [  # The centre and the day first: a centre's or a region's figures of a period read one range.
            models.UniqueConstraint(fields=["center", "day", "agency", "service"], name="daily_count_key")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.center_id}/{self.service_id}/{self.day}: {self.submitted}, {self.decided}"


class ApplicationEvent(models.Model):
    """Append-only record of everything that happened to an application."""

    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=30, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    reason_code = models.CharField(max_length=30, blank=True)
    due_date_before = models.DateField(null=True, blank=True)
    due_date_after = models.DateField(null=True, blank=True)
    # The rule that moved the deadline, if any (e.g. "clock_resumed"): a deadline only moves by a recorded rule.
    deadline_rule = models.CharField(max_length=40, blank=True, choices=DeadlineRule.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "sequence"]
        constraints = [models.UniqueConstraint(fields=["application", "sequence"], name="event_sequence_unique")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity, not business logic: an event is written once and never changed.
        if not self._state.adding:
            raise ValueError("Application events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Application events are append-only.")


class NumberSequence(models.Model):
    """Last number issued by a centre in a year (locked row while allocating)."""

    center = models.ForeignKey("centers.Center", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "year"], name="number_sequence_unique")]


class IdempotencyKey(models.Model):
    """An API client's Idempotency-Key: the same key and body return the same application."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")]
