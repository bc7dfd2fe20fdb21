"""Pages every app shares: health check and the error pages (no app's vocabulary here)."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from darcha.core.errors import DomainError, NotAllowed, NotFound


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class PublicNotFound(Http404):
    """A 404 whose message was written for people (a domain error), so the page may show it."""


class PublicPermissionDenied(PermissionDenied):
    """A 403 whose message was written for people, so the page may show it."""


def raise_for(error: DomainError) -> NoReturn:
    """Turn a selector's NotFound/NotAllowed into the 404/403 pages; anything else is re-raised."""
    if isinstance(error, NotFound):
        raise PublicNotFound(str(error.message)) from error
    if isinstance(error, NotAllowed):
        raise PublicPermissionDenied(str(error.message)) from error
    raise error


def is_htmx(request: HttpRequest) -> bool:
    """htmx asks for a fragment; every such URL also answers a plain request with a whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def _public_message(exception: Exception | None, kind: type[Exception]) -> str:
    if isinstance(exception, kind) and exception.args:
        return str(exception.args[0])
    return ""


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the site's layout, and the domain's reason when there is one."""
    context = {"message": _public_message(exception, PublicPermissionDenied)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the site's layout; Django's own 404 texts (URL patterns tried) are never shown."""
    context = {"message": _public_message(exception, PublicNotFound)}
    return render(request, "404.html", context, status=404)


def baseline(request: HttpRequest) -> HttpResponse:
    """A constant answer through the whole middleware stack: the yardstick of bench/intake.py.

    Benchmarks report each endpoint beside this view on the same server in the same run, so the
    figures say what the endpoint costs on top of Django itself, whatever the machine.
    """
    return HttpResponse(b"ok", content_type="text/plain")
