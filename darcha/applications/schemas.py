"""API shapes of applications: intake, lists, detail with events, transitions, public tracking.

Every output field is declared once, here, with how it is read from the model (a resolver where it
is not a plain attribute); endpoints return model objects and django-ninja serialises them.

Personal data rules (ARCHITECTURE.md): the API shows PINFL masked everywhere (the full number is
typed at intake and never read back). For users who may not see personal data (the national
analyst) the applicant and representative blocks, officers' comments, exact timestamps and the
fee's exemption category (which can reveal a disability) are left out: their resolvers call
`personal_only`, which leaves the field unset, and the endpoints serialise with `exclude_unset`,
so such a field is absent from the JSON, not null. Dates (`submitted_on`, events' `on`) stay.

Optional input fields accept `null` as "not given" (generated clients send it), and say so in the
OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from django.utils import timezone
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, field_validator

from darcha.accounts.roles import Capability, can, role_of
from darcha.applications.choices import PaymentStatus
from darcha.applications.intake import PersonData, RepresentativeData
from darcha.applications.models import RepresentativeBasis
from darcha.applications.workflow import (
    ACTIONS,
    RejectionReason,
    Status,
    WithdrawalReason,
    available_actions,
    is_overdue,
    status_label,
)
from darcha.catalog.choices import Channel
from darcha.core.schemas import CleanText, local_time

# Upper bounds that keep numbers inside a database integer (a bigger one would be a 500, not a 422).
MAX_INT = 2_147_483_647


def _absent(value: Any) -> Any:
    return "" if value is None else value


def _no_list(value: Any) -> Any:
    return [] if value is None else value


def _front_desk_if_absent(value: Any) -> Any:
    return value or Channel.FRONT_DESK.value


# A text a client may leave out or send as null; either way it arrives as "".
OptionalText = Annotated[CleanText | None, BeforeValidator(_absent)]


class InputSchema(Schema):
    # Unknown fields are refused: a misspelt "documents" must not silently submit an empty checklist.
    model_config = ConfigDict(extra="forbid")


# Input ----------------------------------------------------------------------------------------


class PersonIn(InputSchema):
    pinfl: CleanText = Field(max_length=20, description="14 digits (spaces allowed).", examples=["31204851200017"])
    last_name: OptionalText = Field("", max_length=100, description="Required for a citizen not yet registered.")
    first_name: OptionalText = Field("", max_length=100, description="Required for a citizen not yet registered.")
    patronymic: OptionalText = Field("", max_length=100)
    birth_date: dt.date | None = Field(None, description="ISO date; taken from the PINFL when omitted.")
    sex: OptionalText = Field("", max_length=1, description="M or F; taken from the PINFL when omitted.")
    phone: OptionalText = Field(
        "",
        max_length=20,
        description="+998 and nine digits; status SMS go here. Used to register a new citizen only: a known "
        "citizen's stored phone is kept (a warning says so).",
    )
    mahalla_code: OptionalText = Field("", max_length=12)
    disability_group: OptionalText = Field("", max_length=1, description="1, 2, 3 or empty.")

    def to_data(self) -> PersonData:
        return PersonData(**self.model_dump())


class RepresentativeIn(PersonIn):
    basis: CleanText = Field(max_length=30, description=f"One of: {', '.join(RepresentativeBasis.values)}.")
    document: OptionalText = Field("", max_length=200, description="The document proving the basis (e.g. its number).")

    def to_data(self) -> RepresentativeData:
        return RepresentativeData(**self.model_dump())


class ApplicationIn(InputSchema):
    service_code: CleanText = Field(max_length=60)
    center_code: CleanText = Field(max_length=30)
    channel: Annotated[CleanText | None, BeforeValidator(_front_desk_if_absent)] = Field(
        Channel.FRONT_DESK.value,
        max_length=20,
        description=f"One of: {', '.join(Channel.values)}; absent, empty or null: front_desk.",
    )
    applicant: PersonIn
    representative: RepresentativeIn | None = None
    documents_presented: Annotated[list[CleanText] | None, BeforeValidator(_no_list)] = Field(
        default_factory=list,
        max_length=50,
        description="Codes of the documents handed in (see the service's checklist). With every mandatory "
        "document presented the application is accepted at once.",
    )

    @field_validator("documents_presented")
    @classmethod
    def _short_codes(cls, codes: list[str] | None) -> list[str]:
        codes = codes or []
        if any(len(code) > 60 for code in codes):
            raise ValueError("A document code has at most 60 characters.")
        return codes


class TransitionIn(InputSchema):
    action: CleanText = Field(max_length=30, description=f"One of: {', '.join(ACTIONS)}.")
    comment: OptionalText = Field("", max_length=2000, description="Required to request information.")
    reason_code: OptionalText = Field(
        "",
        max_length=30,
        description=f"Required to reject ({', '.join(RejectionReason.values)}) and to withdraw "
        f"({', '.join(WithdrawalReason.values)}); `other` and `other_request` also need a comment.",
    )
    documents_presented: Annotated[list[CleanText] | None, BeforeValidator(_no_list)] = Field(
        default_factory=list,
        max_length=50,
        description="With `provide_info` only: codes of checklist documents the citizen brought with the answer "
        "(the answer needs a comment, documents, or both).",
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
    status: OptionalText = Field(None, max_length=20, description=f"One of: {', '.join(Status.values)}.")
    service_code: OptionalText = Field(None, max_length=60)
    center_code: OptionalText = Field(None, max_length=30)
    overdue: bool | None = Field(None, description="true: past the deadline with the clock running; false: not.")
    sort: OptionalText = Field(
        None,
        max_length=20,
        description="`-submitted` (default): newest first; `deadline`: nearest deadline first (then submission).",
    )
    after: OptionalText = Field(
        None,
        max_length=300,
        description="The `next` value of the previous page (opaque): the page after it, in the same order. "
        "A changed or foreign value is a 400 `cursor_invalid`.",
    )
    limit: int = Field(50, ge=1, le=200)
    offset: int | None = Field(
        None,
        ge=0,
        le=10_000,
        description="Deprecated (use `after`): rows to skip, at most 10,000; ignored with `after`.",
    )

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        if status and status not in Status.values:
            raise ValueError(f"Unknown status; use one of: {', '.join(Status.values)}.")
        return status

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, sort: str) -> str:
        if sort and sort not in ("-submitted", "deadline"):
            raise ValueError("Unknown order; use -submitted or deadline.")
        return sort


class TrackIn(InputSchema):
    number: CleanText = Field(
        max_length=60,
        description="Application number as printed, e.g. DX-2026-101-000123-4; also accepted in lower case, with "
        "spaces or without dashes, with the Cyrillic letters ДХ, or as the 14 digits alone. A malformed number is "
        "a 422 `number_malformed`, a wrong count of digits `number_length`, a mistyped digit `number_mistyped`.",
    )
    pinfl_last4: CleanText = Field(
        max_length=20, description="Last four digits of the applicant's PINFL (422 `invalid_pinfl_last4` otherwise)."
    )


# Output ---------------------------------------------------------------------------------------


class Omitted(AttributeError):
    """Raised by a resolver to leave a field out of this answer (pydantic then treats it as unset)."""


def _user(context: Any) -> Any:
    request = (context or {}).get("request")
    return getattr(request, "auth", None)


def personal_only(context: Any, value: Any) -> Any:
    """`value` for users who may see personal data; otherwise the field is left out of the answer."""
    if not can(_user(context), Capability.SEE_PERSONAL_DATA):
        raise Omitted
    return value


class PersonOut(Schema):
    pinfl_masked: str = Field(description="Only the last four digits are shown.")
    last_name: str
    first_name: str
    patronymic: str

    @staticmethod
    def resolve_pinfl_masked(obj: Any) -> str:
        return str(obj.masked_pinfl)


class RepresentativeOut(PersonOut):
    basis: str
    document: str


class Representing:
    """The representative's record seen together with the basis stated on the application."""

    def __init__(self, application: Any) -> None:
        self._citizen = application.representative
        self.basis = application.representative_basis
        self.document = application.representative_document

    def __getattr__(self, name: str) -> Any:
        return getattr(self._citizen, name)


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
    submitted_on: dt.date = Field(description="Day of submission in Tashkent.")
    submitted_at: dt.datetime | None = Field(
        None, description="Moment of submission; absent for users who may not see personal data."
    )
    deadline: dt.date
    overdue: bool
    fee_confirmed: bool = Field(
        description="False while the catalog does not know the fee (payment_status `unconfirmed`): the fee is "
        "to be confirmed, and fee_uzs is null, never 0."
    )
    fee_uzs: int | None = Field(description="The fee in soums; null while it is to be confirmed.")
    fee_details: dict[str, Any] = Field(
        description="How the fee was computed; without the exemption category for users who may not see "
        "personal data (it can reveal a disability). Amounts are null while the fee is to be confirmed."
    )
    payment_status: str = Field(description=f"One of: {', '.join(PaymentStatus.values)}.")
    documents_presented: list[str]
    documents_missing: list[str]
    applicant: PersonOut | None = Field(None, description="Absent for users who may not see personal data.")
    representative: RepresentativeOut | None = Field(
        None, description="Absent for users who may not see personal data."
    )

    PERSONAL_FEE_DETAILS: ClassVar[frozenset[str]] = frozenset({"exemption"})
    AMOUNTS: ClassVar[frozenset[str]] = frozenset({"base_uzs", "total_uzs"})

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return status_label(obj.status)

    @staticmethod
    def resolve_service_code(obj: Any) -> str:
        return str(obj.service.code)

    @staticmethod
    def resolve_service_version(obj: Any) -> int:
        return int(obj.service_version.number)

    @staticmethod
    def resolve_agency_code(obj: Any) -> str:
        return str(obj.agency.code)

    @staticmethod
    def resolve_center_code(obj: Any) -> str:
        return str(obj.center.code)

    @staticmethod
    def resolve_submitted_on(obj: Any) -> dt.date:
        return timezone.localtime(obj.submitted_at).date()

    @staticmethod
    def resolve_submitted_at(obj: Any, context: Any) -> dt.datetime | None:
        return personal_only(context, local_time(obj.submitted_at))

    @staticmethod
    def resolve_deadline(obj: Any) -> dt.date:
        return obj.due_date

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return is_overdue(obj.status, obj.due_date, timezone.localdate())

    @staticmethod
    def resolve_fee_confirmed(obj: Any) -> bool:
        return bool(obj.fee_confirmed)

    @staticmethod
    def resolve_fee_uzs(obj: Any) -> int | None:
        return int(obj.fee_uzs) if obj.fee_confirmed else None

    @staticmethod
    def resolve_fee_details(obj: Any, context: Any) -> dict[str, Any]:
        details = dict(obj.fee_details or {})
        if not obj.fee_confirmed:
            details.update({key: None for key in ApplicationOut.AMOUNTS if key in details})
        if can(_user(context), Capability.SEE_PERSONAL_DATA):
            return details
        return {k: v for k, v in details.items() if k not in ApplicationOut.PERSONAL_FEE_DETAILS}

    @staticmethod
    def resolve_applicant(obj: Any, context: Any) -> Any:
        return personal_only(context, obj.applicant)

    @staticmethod
    def resolve_representative(obj: Any, context: Any) -> Any:
        return personal_only(context, Representing(obj) if obj.representative_id else None)


class Intake:
    """An application as intake answered it: the case and the warnings about the data typed."""

    def __init__(self, application: Any, warnings: list[Any]) -> None:
        self._application = application
        self.warnings = warnings

    def __getattr__(self, name: str) -> Any:
        return getattr(self._application, name)


class ApplicationCreatedOut(ApplicationOut):
    warnings: list[WarningOut] = Field(
        description="PINFL disagreeing with the sex or birth date given, or stored details kept: check, not fatal."
    )


class EventOut(Schema):
    sequence: int
    action: str
    from_status: str
    to_status: str
    on: dt.date = Field(description="Day of the event in Tashkent.")
    at: dt.datetime | None = Field(
        None, description="Moment of the event; absent for users who may not see personal data."
    )
    actor_role: str
    comment: str | None = Field(None, description="Absent for users who may not see personal data.")
    reason_code: str
    due_date_before: dt.date | None
    due_date_after: dt.date | None
    deadline_rule: str

    @staticmethod
    def resolve_on(obj: Any) -> dt.date:
        return timezone.localtime(obj.at).date()

    @staticmethod
    def resolve_at(obj: Any, context: Any) -> dt.datetime | None:
        return personal_only(context, local_time(obj.at))

    @staticmethod
    def resolve_comment(obj: Any, context: Any) -> str:
        # Officers write free text about the citizen here.
        return personal_only(context, obj.comment)


class AllowedActionOut(Schema):
    action: str
    label: str
    needs_comment: bool
    needs_reason: bool
    reason_codes: list[str] = Field(description="The reason codes this action accepts (empty: none is given).")
    destructive: bool = Field(description="Ends the case; the staff pages ask for a confirmation first.")

    @staticmethod
    def resolve_reason_codes(obj: Any) -> list[str]:
        return list(obj.reason.choices.values) if obj.reason is not None else []

    @staticmethod
    def resolve_action(obj: Any) -> str:
        return str(obj.name)

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)


class ApplicationDetailOut(ApplicationOut):
    reason_code: str
    clock_paused_on: dt.date | None
    decided_at: dt.datetime | None = Field(None, description="Absent for users who may not see personal data.")
    closed_at: dt.datetime | None = Field(None, description="Absent for users who may not see personal data.")
    events: list[EventOut]
    allowed_actions: list[AllowedActionOut] = Field(description="What you may do now, given your role and the state.")

    @staticmethod
    def resolve_decided_at(obj: Any, context: Any) -> dt.datetime | None:
        return personal_only(context, local_time(obj.decided_at))

    @staticmethod
    def resolve_closed_at(obj: Any, context: Any) -> dt.datetime | None:
        return personal_only(context, local_time(obj.closed_at))

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: Any) -> list[Any]:
        return available_actions(obj, role_of(_user(context)))


class ApplicationPageOut(Schema):
    count: int = Field(
        description="Applications matching the filters (all pages), counted up to 1,000: with `count_capped` "
        "true there are more than `count`."
    )
    count_capped: bool = Field(description="True when the count stopped at its cap (more than `count` match).")
    limit: int
    offset: int
    next: str | None = Field(description="Pass as `after` for the next page; null on the last page.")
    items: list[ApplicationOut]


class TrackStepOut(Schema):
    status: str
    status_label: str
    at: dt.datetime

    @staticmethod
    def resolve_at(obj: Any) -> dt.datetime | None:
        return local_time(obj.at)


class TrackInfoRequestOut(Schema):
    text: str
    requested_on: dt.date
    answer_by: dt.date | None


class TrackPickupOut(Schema):
    center: str
    address: str
    hours: list[str]
    bring: list[str]


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
    fee_confirmed: bool = Field(description="False while the fee is to be confirmed at the centre (fee_uzs null).")
    fee_uzs: int | None
    payment_status: str = Field(description=f"One of: {', '.join(PaymentStatus.values)}.")
    info_request: TrackInfoRequestOut | None = Field(
        description="While the case waits for the citizen: what the agency asks for and by when."
    )
    pickup: TrackPickupOut | None = Field(
        description="When the result is ready: where (centre, address), when (opening hours), what to bring."
    )

    @staticmethod
    def resolve_submitted_at(obj: Any) -> dt.datetime | None:
        return local_time(obj.submitted_at)

    @staticmethod
    def resolve_fee_confirmed(obj: Any) -> bool:
        return bool(obj.fee.confirmed)

    @staticmethod
    def resolve_fee_uzs(obj: Any) -> int | None:
        return obj.fee.amount_uzs

    @staticmethod
    def resolve_payment_status(obj: Any) -> str:
        return str(obj.fee.payment_status)

    @staticmethod
    def resolve_deadline(obj: Any) -> dt.date:
        return obj.due_date
