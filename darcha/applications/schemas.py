"""API shapes of applications: intake, lists, detail with events, transitions, public tracking.

Personal data rules (ARCHITECTURE.md): the API shows PINFL masked everywhere (lists and detail;
the full number is typed at intake and never read back), and omits the applicant and
representative blocks and officers' comments for users whose scope may not see personal data
(the national analyst). Builders return plain dicts without those keys, and the endpoints
serialize with `exclude_unset`, so an omitted block is absent from the JSON, not null.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from darcha.applications.intake import IntakeResult, PersonData, RepresentativeData
from darcha.applications.models import Application, RepresentativeBasis
from darcha.applications.tracking import PublicStatus
from darcha.applications.workflow import ACTIONS, CLOCK_RUNNING_STATES, RejectionReason, Status, actions_from
from darcha.catalog.choices import Channel
from darcha.core.schemas import CleanText, local_time
from darcha.people.models import Citizen

# Upper bounds that keep numbers inside a database integer (a bigger one would be a 500, not a 422).
MAX_INT = 2_147_483_647


class InputSchema(Schema):
    # Unknown fields are refused: a misspelt "documents" must not silently submit an empty checklist.
    model_config = ConfigDict(extra="forbid")


# Input ----------------------------------------------------------------------------------------


class PersonIn(InputSchema):
    pinfl: CleanText = Field(max_length=20, description="14 digits (spaces allowed).", examples=["31204851200017"])
    last_name: CleanText = Field("", max_length=100, description="Required for a citizen not yet registered.")
    first_name: CleanText = Field("", max_length=100, description="Required for a citizen not yet registered.")
    patronymic: CleanText = Field("", max_length=100)
    birth_date: dt.date | None = Field(None, description="ISO date; taken from the PINFL when omitted.")
    sex: CleanText = Field("", max_length=1, description="M or F; taken from the PINFL when omitted.")
    phone: CleanText = Field("", max_length=20, description="+998 and nine digits; status SMS go here.")
    mahalla_code: CleanText = Field("", max_length=12)
    disability_group: CleanText = Field("", max_length=1, description="1, 2, 3 or empty.")

    def to_data(self) -> PersonData:
        return PersonData(**self.model_dump())


class RepresentativeIn(PersonIn):
    basis: CleanText = Field(max_length=30, description=f"One of: {', '.join(RepresentativeBasis.values)}.")
    document: CleanText = Field("", max_length=200, description="The document proving the basis (e.g. its number).")

    def to_data(self) -> RepresentativeData:
        return RepresentativeData(**self.model_dump())


class ApplicationIn(InputSchema):
    service_code: CleanText = Field(max_length=60)
    center_code: CleanText = Field(max_length=30)
    channel: CleanText = Field(
        Channel.FRONT_DESK.value, max_length=20, description=f"One of: {', '.join(Channel.values)}."
    )
    applicant: PersonIn
    representative: RepresentativeIn | None = None
    documents_presented: list[CleanText] = Field(
        default_factory=list,
        max_length=50,
        description="Codes of the documents handed in (see the service's checklist).",
    )

    @field_validator("documents_presented")
    @classmethod
    def _short_codes(cls, codes: list[str]) -> list[str]:
        if any(len(code) > 60 for code in codes):
            raise ValueError("A document code has at most 60 characters.")
        return codes


class TransitionIn(InputSchema):
    action: CleanText = Field(max_length=30, description=f"One of: {', '.join(ACTIONS)}.")
    comment: CleanText = Field("", max_length=2000, description="Required to request information.")
    reason_code: CleanText = Field(
        "", max_length=30, description=f"Required to reject: {', '.join(RejectionReason.values)}."
    )
    expected_version: int | None = Field(
        None, ge=1, le=MAX_INT, description="The version you saw; a stale one is refused with 409 stale_version."
    )


class DocumentsIn(InputSchema):
    documents_presented: list[CleanText] = Field(
        ..., max_length=50, description="Codes of the documents the citizen brought after intake."
    )
    expected_version: int | None = Field(
        None, ge=1, le=MAX_INT, description="The version you saw; a stale one is refused with 409 stale_version."
    )


class ApplicationFilters(Schema):
    status: CleanText = Field("", max_length=20, description=f"One of: {', '.join(Status.values)}.")
    service_code: CleanText = Field("", max_length=60)
    center_code: CleanText = Field("", max_length=30)
    overdue: bool | None = Field(None, description="true: past the deadline with the clock running; false: not.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_INT)

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        if status and status not in Status.values:
            raise ValueError(f"Unknown status; use one of: {', '.join(Status.values)}.")
        return status


class TrackQuery(Schema):
    number: CleanText = Field("", max_length=40, description="Application number, e.g. DX-2026-101-000123-4.")
    pinfl_last4: CleanText = Field("", max_length=10, description="Last four digits of the applicant's PINFL.")


# Output ---------------------------------------------------------------------------------------


class PersonOut(Schema):
    pinfl_masked: str = Field(description="Only the last four digits are shown.")
    last_name: str
    first_name: str
    patronymic: str


class RepresentativeOut(PersonOut):
    basis: str
    document: str


class WarningOut(Schema):
    subject: str = Field(description="applicant or representative")
    detail: str


class ApplicationOut(Schema):
    number: str
    status: str
    status_label: str
    version: int = Field(description="Send it back as expected_version when acting on the application.")
    service_code: str
    service_version: int
    agency_code: str
    center_code: str
    channel: str
    submitted_at: dt.datetime
    deadline: dt.date
    overdue: bool
    fee_uzs: int
    fee_details: dict[str, Any]
    payment_status: str
    documents_presented: list[str]
    documents_missing: list[str]
    applicant: PersonOut | None = Field(None, description="Absent for users who may not see personal data.")
    representative: RepresentativeOut | None = Field(
        None, description="Absent for users who may not see personal data."
    )


class ApplicationCreatedOut(ApplicationOut):
    warnings: list[WarningOut] = Field(
        description="PINFL disagreeing with the sex or birth date given: check, not fatal."
    )


class EventOut(Schema):
    sequence: int
    action: str
    from_status: str
    to_status: str
    at: dt.datetime
    actor_role: str
    comment: str | None = Field(None, description="Absent for users who may not see personal data.")
    reason_code: str
    due_date_before: dt.date | None
    due_date_after: dt.date | None
    deadline_rule: str


class AllowedActionOut(Schema):
    action: str
    label: str
    needs_comment: bool
    needs_reason: bool


class ApplicationDetailOut(ApplicationOut):
    reason_code: str
    clock_paused_on: dt.date | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: list[EventOut]
    allowed_actions: list[AllowedActionOut] = Field(description="What you may do now, given your role and the state.")


class ApplicationPageOut(Schema):
    count: int = Field(description="Number of applications matching the filters (all pages).")
    limit: int
    offset: int
    items: list[ApplicationOut]


class TrackStepOut(Schema):
    status: str
    status_label: str
    at: dt.datetime


class TrackOut(Schema):
    number: str
    service_code: str
    service_name: str
    center_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    deadline: dt.date
    overdue: bool
    clock_paused: bool
    steps: list[TrackStepOut]


# Builders -------------------------------------------------------------------------------------


def _person(citizen: Citizen) -> dict[str, Any]:
    return {
        "pinfl_masked": citizen.masked_pinfl,
        "last_name": citizen.last_name,
        "first_name": citizen.first_name,
        "patronymic": citizen.patronymic,
    }


def application_out(application: Application, *, personal: bool, today: dt.date) -> dict[str, Any]:
    body: dict[str, Any] = {
        "number": application.number,
        "status": application.status,
        "status_label": str(Status(application.status).label),
        "version": application.version,
        "service_code": application.service.code,
        "service_version": application.service_version.number,
        "agency_code": application.agency.code,
        "center_code": application.center.code,
        "channel": application.channel,
        "submitted_at": local_time(application.submitted_at),
        "deadline": application.due_date,
        "overdue": application.status in CLOCK_RUNNING_STATES and application.due_date < today,
        "fee_uzs": application.fee_uzs,
        "fee_details": application.fee_details,
        "payment_status": application.payment_status,
        "documents_presented": list(application.documents_presented),
        "documents_missing": list(application.documents_missing),
    }
    if personal:
        body["applicant"] = _person(application.applicant)
        representative = application.representative
        body["representative"] = (
            {
                **_person(representative),
                "basis": application.representative_basis,
                "document": application.representative_document,
            }
            if representative is not None
            else None
        )
    return body


def application_created_out(result: IntakeResult, *, personal: bool, today: dt.date) -> dict[str, Any]:
    body = application_out(result.application, personal=personal, today=today)
    body["warnings"] = [{"subject": w.subject, "detail": w.detail} for w in result.warnings]
    return body


def application_detail_out(application: Application, *, personal: bool, role: str, today: dt.date) -> dict[str, Any]:
    body = application_out(application, personal=personal, today=today)
    events = []
    for event in application.events.all():
        row: dict[str, Any] = {
            "sequence": event.sequence,
            "action": event.action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "at": local_time(event.at),
            "actor_role": event.actor_role,
            "reason_code": event.reason_code,
            "due_date_before": event.due_date_before,
            "due_date_after": event.due_date_after,
            "deadline_rule": event.deadline_rule,
        }
        if personal:  # officers write free text about the citizen here
            row["comment"] = event.comment
        events.append(row)
    body.update(
        {
            "reason_code": application.reason_code,
            "clock_paused_on": application.clock_paused_on,
            "decided_at": local_time(application.decided_at),
            "closed_at": local_time(application.closed_at),
            "events": events,
            "allowed_actions": [
                {
                    "action": action.name,
                    "label": str(action.label),
                    "needs_comment": action.needs_comment,
                    "needs_reason": action.needs_reason,
                }
                for action in actions_from(application.status, role)
            ],
        }
    )
    return body


def track_out(status: PublicStatus) -> dict[str, Any]:
    return {
        "number": status.number,
        "service_code": status.service_code,
        "service_name": status.service_name,
        "center_name": status.center_name,
        "status": status.status,
        "status_label": status.status_label,
        "submitted_at": local_time(status.submitted_at),
        "deadline": status.due_date,
        "overdue": status.overdue,
        "clock_paused": status.clock_paused,
        "steps": [
            {"status": step.status, "status_label": step.status_label, "at": local_time(step.at)}
            for step in status.steps
        ],
    }
