"""Public pages: home, service catalog, service page, application tracking. No login, no personal data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from darcha.applications.tracking import track_application, track_by_link
from darcha.catalog.selectors import active_services
from darcha.core import ratelimit
from darcha.core.errors import DomainError, NotFound, RateLimited
from darcha.core.views import raise_for
from darcha.portal.forms import CatalogFilterForm, TrackForm
from darcha.portal.selectors import service_overview

CATALOG_PAGE_SIZE = 100


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_GET
def services(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    query = category = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            query, category = form.cleaned_data["q"], form.cleaned_data["category"]
        else:
            status = 400
    found = active_services(query, category) if status == 200 else active_services().none()
    page = Paginator(found, CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query, "category": category, "total": active_services().count()}
    return render(request, "portal/services.html", context, status=status)


@require_GET
def service(request: HttpRequest, code: str) -> HttpResponse:
    try:
        overview = service_overview(code, today=timezone.localdate())
    except NotFound as error:
        raise_for(error)
    return render(request, "portal/service.html", {"o": overview, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """POST keeps the PINFL digits out of URLs and logs; GET ?number= only fills the number in (receipt QR)."""
    result = None
    problem = ""
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                result = track_application(
                    number=form.cleaned_data["number"],
                    pinfl_last4=form.cleaned_data["pinfl_last4"],
                    client=ratelimit.client_ip(request),
                )
            except RateLimited as error:
                problem, status = str(error.message), 429
            except NotFound as error:
                problem, status = str(error.message), 404
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status
        else:
            status = 422
    else:
        form = TrackForm(initial={"number": request.GET.get("number", "")[:40]})
    context = {
        "form": form,
        "result": result,
        "problem": problem,
        "rate_limited": status == 429,
        "today": timezone.localdate(),
    }
    return render(request, "portal/track.html", context, status=status)


@require_GET
def track_link(request: HttpRequest, number: str, code: str) -> HttpResponse:
    """The page behind the receipt's QR code: no digits to type, nothing to lock the citizen out."""
    problem = ""
    status = 200
    result = None
    try:
        result = track_by_link(number=number, code=code, client=ratelimit.client_ip(request))
    except RateLimited as error:
        problem, status = str(error.message), 429
    except NotFound as error:
        problem, status = str(error.message), 404
    context = {
        "form": TrackForm(initial={"number": number[:40]}),
        "result": result,
        "problem": problem,
        "rate_limited": status == 429,
        "today": timezone.localdate(),
    }
    response = render(request, "portal/track.html", context, status=status)
    # The link is a bearer credential for the status: keep it out of shared caches and referrers.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
