"""Application endpoints: intake with idempotency, scoped lists and detail, transitions, public tracking.

Handlers parse input, call one service or selector and render; the rules live in
darcha.applications.intake/services and the scoping in darcha.applications.selectors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from darcha.accounts.auth import api_user
from darcha.accounts.roles import Capability, can
from darcha.applications.inbox import Cursor, InboxQuery, Sort, api_page
from darcha.applications.intake import IDEMPOTENCY_KEY_MAX, intake_application, request_fingerprint
from darcha.applications.models import Application
from darcha.applications.numbers import normalize
from darcha.applications.schemas import (
    ApplicationCreatedOut,
    ApplicationDetailOut,
    ApplicationFilters,
    ApplicationIn,
    ApplicationPageOut,
    DocumentsIn,
    Intake,
    TrackIn,
    TrackOut,
    TransitionIn,
)
from darcha.applications.selectors import (
    application_detail,
    application_for_staff,
    record_listed_citizens,
)
from darcha.applications.services import perform_transition, record_documents
from darcha.applications.tracking import PublicStatus, track_application, track_by_link
from darcha.core.errors import DomainError, NotFound
from darcha.core.ratelimit import client_ip
from darcha.core.schemas import ErrorOut

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

router = Router(tags=["applications"])
public_router = Router(tags=["public"], auth=None)


class BadRequest(DomainError):
    """The request is framed wrongly (a header missing or malformed), before any rule applies."""

    status = 400
    code = "bad_request"


def _personal(user: Viewer) -> bool:
    return can(user, Capability.SEE_PERSONAL_DATA)


def _number(raw: str) -> str:
    """Accept what people type (lower case, spaces, no dashes); a malformed number cannot exist.

    Refusing it here also keeps arbitrary path text (NUL bytes included) away from the database.
    """
    number = normalize(raw)
    if number is None:
        raise NotFound(_("No application with this number."))
    return number


def _detail(user: Viewer, number: str, *, purpose: str) -> Application:
    """The case for the detail shape. It names the applicant for staff who may see personal data,
    so their reads go through the audited selector (like the staff case page); analysts' do not."""
    if _personal(user):
        return application_for_staff(user, number, purpose=purpose)
    return application_detail(user, number)


def _idempotency_key(raw: str | None) -> str:
    key = (raw or "").strip()
    if not key:
        raise BadRequest(
            _("Send an Idempotency-Key header (any unique string, e.g. a UUID) with each new application."),
            code="idempotency_key_required",
        )
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable() or not key.isascii():
        raise BadRequest(
            _("The Idempotency-Key must be at most 100 printable ASCII characters."), code="idempotency_key_invalid"
        )
    return key


@router.post(
    "",
    response={201: ApplicationCreatedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
    summary="Submit an application",
)
def create_application(
    request: HttpRequest,
    response: HttpResponse,
    payload: ApplicationIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Required (400 idempotency_key_required without it): a unique string per new application, "
        "at most 100 printable ASCII characters, e.g. a UUID. Retry with the same key after a lost answer.",
    ),
) -> Status[Intake]:
    """Register the applicant (and representative) if new, and submit, in one transaction.

    A citizen already on record keeps their stored details (a warning says which ones differ; change
    them at the desk's "Update details"). With every mandatory document presented the application is
    accepted at once. Repeating the same `Idempotency-Key` with the same body returns the same
    application (201, header `Idempotent-Replayed: true`); with another body it is refused (409
    `idempotency_key_reused`).
    """
    key = _idempotency_key(idempotency_key)
    user = api_user(request)
    result = intake_application(
        actor=user,
        service_code=payload.service_code,
        center_code=payload.center_code,
        channel=payload.channel or "",
        applicant=payload.applicant.to_data(),
        representative=payload.representative.to_data() if payload.representative else None,
        documents_presented=list(payload.documents_presented or []),
        idempotency_key=key,
        fingerprint=request_fingerprint(payload.model_dump(mode="json")),
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, Intake(result.application, result.warnings))


@router.get(
    "",
    response={200: ApplicationPageOut, 401: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
    summary="List applications",
)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, Any]:
    """Applications in your scope, newest first (or `sort=deadline`). PINFL is masked; personal data is
    omitted for analysts. Pages follow each other by `after` (the previous page's `next`); the count
    stops at 1,000 (`count_capped`).

    A page that names applicants is written to the audit log, one entry per citizen, like opening a case.
    """
    user = api_user(request)
    sort = Sort(filters.sort or Sort.NEWEST)
    cursor = Cursor.decode(filters.after, sort) if filters.after else None
    page = api_page(
        user,
        InboxQuery(
            status=filters.status or "",
            service=filters.service_code or "",
            center=filters.center_code or "",
            sort=sort,
            any_status=True,
        ),
        overdue=filters.overdue,
        after=cursor,
        offset=0 if cursor is not None else filters.offset or 0,
        size=filters.limit,
        today=timezone.localdate(),
    )
    if _personal(user):
        record_listed_citizens(user, page.rows, purpose="API: application list")
    return {
        "count": page.count,
        "count_capped": page.more,
        "limit": filters.limit,
        "offset": 0 if cursor is not None else filters.offset or 0,
        "next": page.next_cursor or None,
        "items": page.rows,
    }


@router.get(
    "/{number}",
    response={200: ApplicationDetailOut, 401: ErrorOut, 404: ErrorOut},
    exclude_unset=True,
    summary="One application with its events",
)
def get_application(request: HttpRequest, number: str) -> Application:
    """The case, its history and what you may do now. Outside your scope it is 404, like an unknown number."""
    return _detail(api_user(request), _number(number), purpose="API: application detail")


@router.post(
    "/{number}/transitions",
    response={200: ApplicationDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
    summary="Act on an application",
)
def transition_application(request: HttpRequest, number: str, payload: TransitionIn) -> Application:
    """Apply one workflow action (see `allowed_actions` in the detail). Answers with the new state."""
    user = api_user(request)
    application = perform_transition(
        actor=user,
        number=_number(number),
        action=payload.action,
        comment=payload.comment or "",
        reason_code=payload.reason_code or "",
        expected_version=payload.expected_version,
    )
    # Read it back through the scoped selector: same shape as GET, events included.
    return _detail(user, application.number, purpose="API: application transition")


@router.post(
    "/{number}/documents",
    response={200: ApplicationDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
    summary="Record documents brought after intake",
)
def add_documents(request: HttpRequest, number: str, payload: DocumentsIn) -> Application:
    """Front office: documents the citizen brought later (while submitted or waiting for information)."""
    user = api_user(request)
    record_documents(
        actor=user,
        number=_number(number),
        documents=list(payload.documents_presented),
        expected_version=payload.expected_version,
    )
    return _detail(user, _number(number), purpose="API: documents recorded")


@public_router.post(
    "/track", response={200: TrackOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}, summary="Track an application"
)
def track(request: HttpRequest, payload: TrackIn) -> PublicStatus:
    """Status and dates of an application, by its number and the last four PINFL digits (no token).

    POST keeps the digits out of URLs and logs. Rate-limited per client address and per number; a
    wrong number and wrong digits get the same 404.
    """
    return track_application(number=payload.number, pinfl_last4=payload.pinfl_last4, client=client_ip(request))


@public_router.get(
    "/track/{number}/{code}",
    response={200: TrackOut, 404: ErrorOut, 429: ErrorOut},
    summary="Track an application by its receipt link",
)
def track_link(request: HttpRequest, number: str, code: str) -> PublicStatus:
    """Status and dates by the number and code of the receipt's QR link (no digits needed)."""
    return track_by_link(number=number, code=code, client=client_ip(request))
