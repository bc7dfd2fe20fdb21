"""Pages every app shares: the role landing redirect, health check, and the error pages."""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from darcha.accounts.models import Role
from darcha.core.errors import DomainError, NotAllowed, NotFound


def landing_url(user: Any) -> str:
    """The page each role starts its day on (in the active language)."""
    role = getattr(user, "role", "")
    if getattr(user, "is_superuser", False):
        role = Role.ADMIN
    if role in {Role.OPERATOR}:
        return reverse("applications:desk")
    if role in {Role.MANAGER, Role.SUPERVISOR, Role.ANALYST}:
        return reverse("applications:overview")
    return reverse("applications:inbox")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own page."""
    return redirect(landing_url(request.user))


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
