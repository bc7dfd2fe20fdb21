"""The URLconf of bench/pages.py only: the project's URLs plus a bare view, the same-run yardstick.

bench/pages.py switches ROOT_URLCONF to this module while it measures, so the bare view runs through
exactly the middleware stack of the pages it is compared with; the project's own urls stay as they are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from darcha import urls as project

BARE_PATH = "/bench/pages-bare"


def bare(request: HttpRequest) -> HttpResponse:
    """Nothing but Django: a constant answer after the whole middleware stack (session, user, locale …)."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [
    path(BARE_PATH.lstrip("/"), bare, name="bench-pages-bare"),
    *project.urlpatterns,
]

handler403 = project.handler403
handler404 = project.handler404
