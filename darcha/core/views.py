from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from darcha.accounts.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own page."""
    role = getattr(request.user, "role", "")
    if role in {Role.OPERATOR}:
        return redirect("applications:desk")
    if role in {Role.MANAGER, Role.SUPERVISOR, Role.ANALYST}:
        return redirect("applications:overview")
    return redirect("applications:inbox")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
