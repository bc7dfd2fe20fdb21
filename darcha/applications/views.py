"""Staff pages: the front desk, the receipt, the back-office inbox and case page, the overview.

Views stay thin: parse a form, call one service or a scoped selector, render. Domain errors become
form errors (darcha.core.forms.apply_domain_error) or the 403/404 pages (darcha.core.views.raise_for).
Personal data never travels in URLs: the PINFL is POSTed, and the citizen at the window is kept in
the server-side session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from darcha.accounts.models import User
from darcha.accounts.roles import Capability, Dimension, can, role_of
from darcha.accounts.scoping import restrict, scope_of
from darcha.applications.choices import PAYABLE
from darcha.applications.forms import (
    ApplicationForm,
    AssignForm,
    CitizenDetailsForm,
    DocumentsForm,
    FindCitizenForm,
    InboxFilterForm,
    InboxSearchForm,
    RegisterCitizenForm,
    ServiceSearchForm,
    TransitionForm,
)
from darcha.applications.inbox import (
    EXPORT_CAP,
    SESSION_SEARCH,
    InboxQuery,
    Search,
    SearchKind,
    export_header,
    export_rows,
    inbox_page,
    inbox_url,
    record_search,
    too_broad,
)
from darcha.applications.intake import (
    PersonData,
    RepresentativeData,
    intake_application,
    key_was_used,
    request_fingerprint,
)
from darcha.applications.models import Application
from darcha.applications.selectors import (
    COUNT_CAP,
    application_for_staff,
    citizen_at_window,
    current_applications_of,
    document_lines,
    front_office_work,
    open_for_service,
    open_info_request,
    overview_for,
    quote_for_citizen,
    today_local,
)
from darcha.applications.services import (
    assign_application,
    assignable_officers,
    check_documents,
    perform_transition,
    record_documents,
)
from darcha.applications.tracking import tracking_path
from darcha.applications.workflow import (
    ACTIONS,
    EventKind,
    available_actions,
    state,
    status_label,
    waiting_actions,
)
from darcha.catalog.choices import Channel, Exemption
from darcha.catalog.fees import fee_is_known
from darcha.catalog.models import Agency, Service, ServiceVersion
from darcha.catalog.selectors import active_services, service_by_code, version_in_force
from darcha.centers.models import Center
from darcha.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed, NotFound, StaleVersion
from darcha.core.exports import csv_response, xlsx_response
from darcha.core.views import PublicPermissionDenied, is_htmx, raise_for
from darcha.people.models import Citizen
from darcha.people.pinfl import check_pinfl
from darcha.people.selectors import citizen_for_intake
from darcha.people.services import DetailsGiven, register_citizen, update_citizen_details

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer

SESSION_CITIZEN = "desk_citizen"
SESSION_PENDING_PINFL = "desk_pending_pinfl"
# One submission key per service for the citizen at the window: the application form carries it, so
# the same form sent again (Back after the receipt, a double click, a reload) replays the first
# submission. A deliberate second application asks for a fresh key ("Another application…").
SESSION_FORM_KEYS = "desk_form_keys"
SERVICES_SHOWN = 40

View = Callable[..., HttpResponseBase]


def capability_required(capability: Capability, *, needs_center: bool = False) -> Callable[[View], View]:
    """Signed-in users whose role has this capability (darcha.accounts.roles); others get the 403 page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                if is_htmx(request):
                    # A fragment request after the session ended: send the whole page to sign-in,
                    # instead of swapping the sign-in form into a results box.
                    return HttpResponse(status=204, headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PublicPermissionDenied(_("Your role does not use this page."))
            if needs_center and not getattr(request.user, "center_id", None):
                raise PublicPermissionDenied(_("Applications are taken by staff of a centre; your account has none."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


desk_required = capability_required(Capability.FRONT_OFFICE, needs_center=True)
cases_required = capability_required(Capability.SEE_PERSONAL_DATA)
figures_required = capability_required(Capability.SEE_MANAGEMENT_FIGURES)


# --- Front desk: the citizen at the window --------------------------------------------------------


def _citizen_at_window(request: HttpRequest) -> Citizen | None:
    return citizen_at_window(request.user, request.session.get(SESSION_CITIZEN))


def _serve(request: HttpRequest, citizen: Citizen) -> None:
    request.session[SESSION_CITIZEN] = citizen.pk
    request.session.pop(SESSION_PENDING_PINFL, None)
    request.session.pop(SESSION_FORM_KEYS, None)


def _form_key(request: HttpRequest, service_code: str, *, fresh: bool = False) -> str:
    keys = dict(request.session.get(SESSION_FORM_KEYS, {}))
    if fresh or service_code not in keys:
        keys[service_code] = uuid.uuid4().hex
        request.session[SESSION_FORM_KEYS] = keys
    return str(keys[service_code])


def _service_results(request: HttpRequest) -> dict[str, Any]:
    search = ServiceSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = active_services(query)
    services = list(found[:SERVICES_SHOWN])
    # "N of M services": the operator sees at once whether the words narrowed the catalog at all.
    matched = len(services) if len(services) < SERVICES_SHOWN else found.count()
    return {
        "search_form": search,
        "query": query,
        "services": services,
        "matched": matched,
        "total": active_services().count() if query else matched,
        "more_services": matched > SERVICES_SHOWN,
    }


@desk_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    citizen = _citizen_at_window(request)
    context: dict[str, Any] = {"citizen": citizen, "find_form": FindCitizenForm()}
    fragment = is_htmx(request) and citizen is not None
    if citizen is not None:
        context.update(_service_results(request))
        context["age"] = citizen.age_on(today_local())
        if not fragment:
            context["current"] = current_applications_of(request.user, citizen)
    else:
        context["work"] = front_office_work(request.user)
        context["count_cap"] = _grouped(COUNT_CAP)
    template = "applications/_service_results.html" if fragment else "applications/desk.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@desk_required
@require_POST
def find_citizen(request: HttpRequest) -> HttpResponse:
    form = FindCitizenForm(request.POST)
    if not form.is_valid():
        return render(request, "applications/desk.html", {"find_form": form, "citizen": None}, status=422)
    pinfl = form.cleaned_data["pinfl"]
    citizen = citizen_for_intake(request.user, pinfl)
    if citizen is None:
        request.session[SESSION_PENDING_PINFL] = pinfl
        request.session.pop(SESSION_CITIZEN, None)
        messages.info(request, _("No citizen with this PINFL is registered yet. Register them below."))
        return redirect("applications:register")
    _serve(request, citizen)
    return redirect("applications:desk")


@desk_required
def register(request: HttpRequest) -> HttpResponse:
    pending = str(request.session.get(SESSION_PENDING_PINFL, ""))
    status = 200
    if request.method == "POST":
        form = RegisterCitizenForm(request.POST)
        known = citizen_for_intake(request.user, form.cleaned_data["pinfl"]) if form.is_valid() else None
        if known is not None:
            # Registration never overwrites a record: the stored details stay until someone
            # changes them deliberately ("Update details", audited).
            _serve(request, known)
            messages.warning(
                request,
                _(
                    "This citizen is already registered; the stored details were kept. "
                    "Use “Update details” to change the phone or other details."
                ),
            )
            return redirect("applications:desk")
        if form.is_valid():
            data = form.cleaned_data
            try:
                citizen = register_citizen(
                    actor=request.user,
                    pinfl=data["pinfl"],
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    patronymic=data["patronymic"],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    phone=data["phone"],
                    disability_group=data["disability_group"],
                    in_social_registry=data["in_social_registry"],
                    preferred_language=data["preferred_language"],
                )
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                _serve(request, citizen)
                messages.success(request, _("The citizen is registered."))
                return redirect("applications:desk")
        else:
            status = 422
    else:
        check = check_pinfl(pending) if pending else None
        form = RegisterCitizenForm(
            initial={
                "pinfl": pending,
                "birth_date": check.birth_date if check else None,
                "sex": check.sex if check else None,
                "preferred_language": translation.get_language(),
            }
        )
    return render(request, "applications/register.html", {"form": form}, status=status)


@desk_required
def citizen_details(request: HttpRequest) -> HttpResponse:
    """Change the stored phone, mahalla, disability group, registry status or SMS language of the
    citizen at the window; the old values are kept and the change is audited."""
    citizen = _citizen_at_window(request)
    if citizen is None:
        messages.warning(request, _("Find or register the citizen first."))
        return redirect("applications:desk")
    status = 200
    if request.method == "POST":
        form = CitizenDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update_citizen_details(
                    actor=cast(User, request.user),
                    pinfl=citizen.pinfl,
                    details=DetailsGiven(
                        phone=data["phone"],
                        disability_group=data["disability_group"],
                        in_social_registry=data["in_social_registry"],
                        preferred_language=data["preferred_language"],
                    ),
                    reason=data["reason"],
                )
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                messages.success(request, _("The citizen's details were changed; the old values are kept."))
                return redirect("applications:desk")
        else:
            status = 422
    else:
        form = CitizenDetailsForm(
            initial={
                "phone": citizen.phone,
                "disability_group": citizen.disability_group,
                "in_social_registry": citizen.in_social_registry,
                "preferred_language": citizen.preferred_language,
            }
        )
    return render(request, "applications/details.html", {"form": form, "citizen": citizen}, status=status)


@desk_required
@require_POST
def clear_citizen(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_CITIZEN, None)
    request.session.pop(SESSION_PENDING_PINFL, None)
    request.session.pop(SESSION_FORM_KEYS, None)
    messages.info(request, _("Ready for the next citizen."))
    return redirect("applications:desk")


# --- Front desk: the application form -------------------------------------------------------------


def _summary(version: ServiceVersion, citizen: Citizen, *, channel: str, documents: list[str]) -> dict[str, Any]:
    """Fee for this citizen and the mandatory documents still missing, for the form as it stands."""
    quote = quote_for_citizen(version, citizen, channel=channel, day=today_local())
    checklist = check_documents(version, [d for d in documents if d])
    names = {line.document.code: line.document.name for line in version.document_requirements()}
    exemption = ""
    if quote is not None and quote.exemption in Exemption.values:
        exemption = str(Exemption(quote.exemption).label)
    return {
        "quote": quote,
        # A fee "not verified" in the catalog is shown as to be confirmed, never as an amount or as free.
        "fee_known": fee_is_known(version),
        "exemption_label": exemption,
        "channel_label": dict(Channel.choices).get(channel, channel),
        "missing_documents": [names.get(code, code) for code in checklist.missing_mandatory],
        "term_working_days": version.term_working_days,
    }


def _current_channel(form: ApplicationForm) -> str:
    choices = form.channel_values
    value = form["channel"].value()
    return value if value in choices else choices[0]


def _current_documents(form: ApplicationForm) -> list[str]:
    value = form["documents"].value() or []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _service_and_version(code: str) -> tuple[Service, ServiceVersion]:
    try:
        service = service_by_code(code)
        return service, version_in_force(service)
    except DomainError as error:
        raise_for(error)


@desk_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    citizen = _citizen_at_window(request)
    if citizen is None:
        messages.warning(request, _("Find or register the citizen first."))
        return redirect("applications:desk")
    service, version = _service_and_version(code)
    user = cast(User, request.user)
    # An open application for the same service: the operator confirms a second one (not a hard block).
    open_same = open_for_service(current_applications_of(user, citizen), service)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, service=service, version=version, user=user, applicant=citizen)
        if not form.is_valid():
            status = 422
        elif (
            request.POST.get("intent") != "recalculate"
            and open_same
            and not form.cleaned_data["confirm_duplicate"]
            # The same form sent again replays its first application; that one is not a duplicate.
            and not key_was_used(user, f"desk:{form.cleaned_data['submission_key']}")
        ):
            form.add_error(
                "confirm_duplicate",
                _(
                    "The citizen already has an open application for this service. Check it; tick the box "
                    "only if they ask for a new, separate one."
                ),
            )
            status = 422
        elif request.POST.get("intent") != "recalculate":
            data = form.cleaned_data
            representative = form.representative
            try:
                result = intake_application(
                    actor=user,
                    service_code=service.code,
                    center_code=user.center.code if user.center else "",
                    applicant=PersonData(pinfl=citizen.pinfl),
                    channel=data["channel"],
                    representative=(
                        RepresentativeData(
                            pinfl=representative.pinfl,
                            basis=data["representative_basis"],
                            document=data["representative_document"],
                        )
                        if representative is not None
                        else None
                    ),
                    documents_presented=data["documents"],
                    # The form's own key: Back and Submit again, or a double click, replays the
                    # first submission instead of making a second application.
                    idempotency_key=f"desk:{data['submission_key']}",
                    fingerprint=request_fingerprint(
                        {
                            "service": service.code,
                            "applicant": citizen.pk,
                            "channel": data["channel"],
                            "documents": sorted(data["documents"]),
                            "representative": representative.pk if representative else None,
                            "basis": data["representative_basis"],
                            "document": data["representative_document"],
                        }
                    ),
                )
            except Conflict:
                form.add_error(
                    None,
                    _(
                        "This form was already submitted with other details. Open the service again "
                        "from the list to start a new application."
                    ),
                )
                status = 409
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                application = result.application
                if result.created:
                    messages.success(
                        request, _("Application %(number)s is registered.") % {"number": application.number}
                    )
                else:
                    messages.info(
                        request,
                        _("This form was already submitted: application %(number)s. No second application was made.")
                        % {"number": application.number},
                    )
                return redirect("applications:receipt", number=application.number)
    else:
        form = ApplicationForm(
            service=service,
            version=version,
            user=user,
            applicant=citizen,
            initial={"submission_key": _form_key(request, service.code, fresh="another" in request.GET)},
        )
    context = {
        "form": form,
        "service": service,
        "version": version,
        "citizen": citizen,
        "lines": form.lines,
        "checked": set(_current_documents(form)),
        "open_same": open_same,
        **_summary(version, citizen, channel=_current_channel(form), documents=_current_documents(form)),
    }
    return render(request, "applications/apply.html", context, status=status)


@desk_required
@require_GET
def apply_summary(request: HttpRequest, code: str) -> HttpResponse:
    """The fee and missing-documents box, refreshed by htmx when the channel or a document changes."""
    citizen = _citizen_at_window(request)
    if citizen is None:
        return HttpResponse(status=204)
    service, version = _service_and_version(code)
    channel = request.GET.get("channel", "")
    if not service.offers(channel):
        channel = service.default_channel
    context = _summary(version, citizen, channel=channel, documents=request.GET.getlist("documents"))
    return render(request, "applications/_apply_summary.html", context)


# --- Receipt ----------------------------------------------------------------------------------------


def _detail(user: Viewer, number: str, purpose: str) -> Application:
    try:
        return application_for_staff(user, number, purpose=purpose)
    except DomainError as error:
        raise_for(error)


def tracking_url(request: HttpRequest, application: Application) -> str:
    """Absolute link to the application's own tracking page (no digits needed), in the citizen's language."""
    languages = {code for code, _name in settings.LANGUAGES}
    language = application.applicant.preferred_language
    with translation.override(language if language in languages else settings.LANGUAGE_CODE):
        path = tracking_path(application)
    base = settings.PUBLIC_BASE_URL or request.build_absolute_uri("/").rstrip("/")
    return f"{base}{path}"


def qr_svg(url: str, title: str) -> str:
    # segno writes the SVG itself (no user markup inside); the title names it for screen readers.
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, title=title, svgclass="qr-code", lineclass=None, omitsize=True
    )
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(labelled)  # noqa: S308


@cases_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    application = _detail(request.user, number, "receipt")
    url = tracking_url(request, application)
    lines = document_lines(application)
    context = {
        "application": application,
        "lines": lines,
        "missing": [line for line in lines if line.missing],
        "tracking_url": url,
        "qr": qr_svg(url, _("QR code: link to the tracking page for this application")),
        "exemption_label": _exemption_label(application.fee_details.get("exemption", "")),
        "another_url": "",
        "payments": list(application.payments.all()),
        "to_pay": application.payment_status in PAYABLE,
        "may_take_payment": can(request.user, Capability.FRONT_OFFICE) and application.payment_status in PAYABLE,
    }
    at_window = _citizen_at_window(request)
    if at_window is not None and at_window.pk == application.applicant_id:
        context["another_url"] = reverse("applications:apply", args=[application.service.code]) + "?another=1"
    return render(request, "applications/receipt.html", context)


def _exemption_label(code: Any) -> str:
    return str(Exemption(code).label) if code in Exemption.values else ""


# --- Back office ------------------------------------------------------------------------------------


def _inbox_form(request: HttpRequest, data: Any) -> InboxFilterForm:
    """The filter form with the choices the user's scope offers (services of an officer's agency,
    the centres in scope, the agencies unless the scope is one agency)."""
    user = request.user
    services = list(active_services())
    scope = scope_of(user)
    one_agency = scope is not None and scope.dimension == Dimension.AGENCY
    if scope is not None and one_agency:
        services = [s for s in services if s.agency_id == scope.agency_id]
    centers = list(restrict(Center.objects.order_by("code"), user))
    agencies = [] if one_agency else list(Agency.objects.order_by("code"))
    return InboxFilterForm(data, services=services, centers=centers, agencies=agencies)


def _inbox_search(request: HttpRequest) -> Search | None:
    return Search.from_session(request.session.get(SESSION_SEARCH))


@cases_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form = _inbox_form(request, request.GET or None)
    today = today_local()
    search = _inbox_search(request)
    status = 200
    page = None
    query = InboxQuery(search=search)
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound:
            query = form.query(search=search)
        cursor = form.cleaned_data.get("cursor") if form.is_bound else None
        page = inbox_page(request.user, query, after=cursor, today=today)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "today": today,
        "filtered": bool(query.params()),
        "search": search,
        "search_form": InboxSearchForm(),
        "count_cap": _grouped(COUNT_CAP),
        "first_url": inbox_url(**query.params()),
        "next_url": inbox_url(**query.params(), after=page.next_cursor) if page and page.next_cursor else "",
        "export_csv": reverse("applications:inbox_export", args=["csv"]) + _query_string(query),
        "export_xlsx": reverse("applications:inbox_export", args=["xlsx"]) + _query_string(query),
        "export_cap": _grouped(EXPORT_CAP),
        "filter_params": query.params(),
    }
    return render(request, "applications/inbox.html", context, status=status)


def _grouped(n: int) -> str:
    """1000 -> "1 000" (a non-breaking space between groups, as amounts are shown)."""
    return f"{n:,}".replace(",", "\u00a0")


def _query_string(query: InboxQuery) -> str:
    params = query.params()
    return "?" + urlencode(params) if params else ""


def _back_to_inbox(request: HttpRequest) -> str:
    """The list with the filters the search form carried (validated; invalid ones are dropped)."""
    form = _inbox_form(request, request.POST)
    return inbox_url(**form.query().params()) if form.is_valid() else inbox_url()


@cases_required
@require_POST
def inbox_search(request: HttpRequest) -> HttpResponse:
    """Keep a text search in the session (PINFL and names never in URLs); a PINFL or name search is audited."""
    form = InboxSearchForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("q", []):
            messages.error(request, str(error))
        response = redirect(_back_to_inbox(request))
        return response
    search = form.cleaned_data["q"]
    if too_broad(search):
        messages.error(
            request,
            _("Too many people have a surname beginning like this: type more of it, or the first name after it.")
            if search.kind == SearchKind.NAME
            else _("Too many application numbers begin like this: type more digits."),
        )
        return redirect(_back_to_inbox(request))
    record_search(request.user, search)
    request.session[SESSION_SEARCH] = search.as_session()
    return redirect(_back_to_inbox(request))


@cases_required
@require_POST
def inbox_clear_search(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_SEARCH, None)
    return redirect(_back_to_inbox(request))


@cases_required
@require_GET
def inbox_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The current list (filters and the session's search) as CSV (streamed) or XLSX, scoped, capped
    at EXPORT_CAP rows and audited before the first row is sent."""
    if fmt not in ("csv", "xlsx"):
        raise_for(NotFound(_("No such export format.")))
    form = _inbox_form(request, request.GET)
    if not form.is_valid():
        # The same GET read by the list: the page with the filters' errors, 400.
        return inbox(request)
    query = form.query(search=_inbox_search(request))
    _count, rows = export_rows(request.user, query)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        return csv_response(export_header(), rows, filename=f"applications-{stamp}.csv")
    return xlsx_response(export_header(), rows, filename=f"applications-{stamp}.xlsx", title=_("Applications"))


def _answer_documents(application: Application) -> list[tuple[str, str]]:
    """Checklist documents not yet presented: what the citizen may bring with an answer."""
    return [(line.code, line.name) for line in document_lines(application) if not line.presented]


def _transition_form(
    application: Application, action_name: str, data: Any = None, *, auto_id: str | None = None
) -> TransitionForm:
    action = ACTIONS.get(action_name)
    documents = _answer_documents(application) if action is not None and action.takes_answer else []
    return TransitionForm(
        data,
        initial={"action": action_name, "expected_version": application.version},
        documents=documents,
        auto_id=auto_id or f"id_{action_name if action_name in ACTIONS else 'action'}_%s",
    )


def _action_forms(application: Application, role: str, failed: TransitionForm | None = None) -> list[dict[str, Any]]:
    """The forms of the actions the role may take now, the main ones; destructive actions are drawn
    apart (`_destructive_actions`) and confirmed on a page of their own."""
    forms = []
    for action in available_actions(application, role):
        if action.destructive:
            continue
        form = _transition_form(application, action.name)
        if failed is not None and failed.data.get("action") == action.name:
            form = failed
        forms.append({"action": action, "form": form})
    return forms


def _destructive_actions(application: Application, role: str) -> list[Any]:
    return [a for a in available_actions(application, role) if a.destructive]


def _case_context(
    request: HttpRequest, application: Application, failed: TransitionForm | None = None
) -> dict[str, Any]:
    role = role_of(request.user)
    return {
        "application": application,
        "lines": document_lines(application),
        "events": list(application.events.all()),
        "action_forms": _action_forms(application, role, failed),
        "destructive_actions": _destructive_actions(application, role),
        "waiting_actions": waiting_actions(application, role),
        "info_request": open_info_request(application),
        "payments": list(application.payments.all()),
        "may_take_payment": can(request.user, Capability.FRONT_OFFICE) and application.payment_status in PAYABLE,
        "failed_form": failed,
        "today": today_local(),
        "exemption_label": _exemption_label(application.fee_details.get("exemption", "")),
        "documents_form": _documents_form(application, request.user),
        "assignment": _assignment(request.user, application),
    }


def _assignment(user: Viewer, application: Application) -> dict[str, Any]:
    """Who works on the case and what the user may change about it (services.assign_application)."""
    is_open = state(application.status).open
    others = can(user, Capability.ASSIGN_CASES) and is_open
    mine = application.assigned_to_id is not None and application.assigned_to_id == getattr(user, "pk", None)
    return {
        "assigned_to": application.assigned_to,
        "may_take": is_open and can(user, Capability.BACK_OFFICE) and not mine,
        "may_give_up": is_open and application.assigned_to_id is not None and (mine or others),
        "officers": assignable_officers(application) if others else [],
    }


@cases_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    """Take a case ("me"), give it to an officer (supervisors), or leave it to nobody ("")."""
    application = _detail(request.user, number, "case page")
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an officer of the agency that decides this application."))
        return redirect("applications:detail", number=application.number)
    value = form.cleaned_data["assignee"]
    assignee_id = request.user.pk if value == "me" else (int(value) if value else None)
    try:
        done = assign_application(actor=cast(User, request.user), number=application.number, assignee_id=assignee_id)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if done.assigned_to is None:
            messages.success(request, _("The application is assigned to no one."))
        else:
            messages.success(
                request, _("The application is assigned to %(user)s.") % {"user": done.assigned_to.get_username()}
            )
    return redirect("applications:detail", number=application.number)


def _perform_from_form(request: HttpRequest, application: Application, form: TransitionForm) -> Application:
    data = form.cleaned_data
    return perform_transition(
        actor=cast(User, request.user),
        number=application.number,
        action=data["action"],
        comment=data["comment"],
        reason_code=data["reason_code"],
        documents=data["documents"],
        expected_version=data["expected_version"],
    )


def _done(request: HttpRequest, action_name: str, done: Application) -> HttpResponse:
    messages.success(
        request,
        _("“%(action)s” done. The application is now %(status)s.")
        % {"action": ACTIONS[action_name].label, "status": status_label(done.status)},
    )
    return redirect("applications:detail", number=done.number)


@cases_required
def application_page(request: HttpRequest, number: str) -> HttpResponse:
    application = _detail(request.user, number, "case page")
    failed: TransitionForm | None = None
    problem = ""
    status = 200
    if request.method == "POST":
        name = str(request.POST.get("action", ""))
        action = ACTIONS.get(name)
        if action is not None and action.destructive:
            # Never in one click: a destructive action is confirmed, with its reason, on its own page.
            return redirect("applications:confirm", number=application.number, action=name)
        form = _transition_form(application, name, request.POST)
        if not form.is_valid():
            failed, status = form, 422
        else:
            try:
                done = _perform_from_form(request, application, form)
            except (StaleVersion, InvalidTransition, NotAllowed, NotFound) as error:
                # The page is drawn again from the current state, so the buttons are the right ones.
                problem, status = str(error.message), error.status
                application = _detail(request.user, number, "case page")
            except DomainError as error:
                form.add_domain_error(error)
                failed, status = form, error.status
            else:
                return _done(request, form.cleaned_data["action"], done)
    context = {**_case_context(request, application, failed), "problem": problem}
    return render(request, "applications/detail.html", context, status=status)


# What a destructive action means, said on its confirmation page.
CONSEQUENCES = {
    EventKind.WITHDRAW: gettext_lazy(
        "The application ends at the citizen's request: the agency stops working on it and the citizen "
        "must apply again to continue. The citizen is told by SMS."
    ),
    EventKind.REJECT: gettext_lazy(
        "The application is refused: the agency's work ends and the citizen is told the reason by SMS."
    ),
}


@cases_required
def confirm_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """The second step of a destructive action (withdraw, reject): what it means, the reason, and a
    button that says exactly what happens; "keep" goes back. Works without JavaScript."""
    application = _detail(request.user, number, "case page")
    chosen = ACTIONS.get(action)
    if chosen is None or not chosen.destructive:
        raise_for(NotFound(_("No such action.")))
    allowed = chosen in available_actions(application, role_of(request.user))
    status = 200
    problem = ""
    form = _transition_form(application, chosen.name)
    if request.method == "POST" and allowed:
        form = _transition_form(application, chosen.name, request.POST)
        if form.is_valid() and form.cleaned_data["action"] == chosen.name:
            try:
                done = _perform_from_form(request, application, form)
            except (StaleVersion, InvalidTransition, NotAllowed, NotFound) as error:
                problem, status = str(error.message), error.status
                application = _detail(request.user, number, "case page")
                allowed = chosen in available_actions(application, role_of(request.user))
                form = _transition_form(application, chosen.name)
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                return _done(request, chosen.name, done)
        else:
            status = 422
    elif request.method == "POST":
        status = 409
    if not allowed and not problem:
        problem = _("“%(action)s” is not possible while the application is %(status)s.") % {
            "action": chosen.label,
            "status": status_label(application.status),
        }
        status = max(status, 409) if request.method == "POST" else status
    context = {
        "application": application,
        "action": chosen,
        "consequence": CONSEQUENCES.get(chosen.kind, ""),
        "form": form,
        "allowed": allowed,
        "problem": problem,
    }
    return render(request, "applications/confirm.html", context, status=status)


def _documents_form(application: Application, user: Viewer, data: Any = None) -> DocumentsForm | None:
    """The form for documents brought later: front office, while the state takes documents. While the
    case waits for the citizen's answer, documents come with "Information provided" instead."""
    current = state(application.status)
    if not can(user, Capability.FRONT_OFFICE) or not current.takes_documents or current.waits_for_citizen:
        return None
    choices = [(line.code, line.name) for line in document_lines(application) if not line.presented]
    if not choices:
        return None
    return DocumentsForm(data, choices=choices, initial={"expected_version": application.version})


@cases_required
@require_POST
def add_documents(request: HttpRequest, number: str) -> HttpResponse:
    application = _detail(request.user, number, "documents")
    form = _documents_form(application, request.user, request.POST)
    if form is None:
        raise_for(NotAllowed(_("Documents cannot be added to this application now.")))
    if form.is_valid():
        try:
            done = record_documents(
                actor=cast(User, request.user),
                number=application.number,
                documents=form.cleaned_data["documents"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            if done.status != application.status:
                messages.success(
                    request,
                    _("The documents were added. The checklist is complete: the application is now %(status)s.")
                    % {"status": status_label(done.status)},
                )
            else:
                messages.success(request, _("The documents were added to the application."))
    else:
        messages.error(request, _("Tick at least one document the citizen brought."))
    return redirect("applications:detail", number=application.number)


# --- Overview ---------------------------------------------------------------------------------------


@figures_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    today = today_local()
    data = overview_for(request.user, today=today)
    return render(request, "applications/overview.html", {"data": data, "today": today})
