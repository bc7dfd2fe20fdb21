"""While the database is unreachable, pages and the API answer 503 with Retry-After, never a 500.

A database restart, a failover or a cut link is an outage, not a bug: people get a short page in
the site's layout saying to try again in a minute, API clients get `{"detail", "code":
"database_unavailable"}` and a Retry-After header they can honour. The middleware sits early in
MIDDLEWARE and catches OperationalError/InterfaceError in two places:

- raised by the view (the usual case: the first query of the request fails), through
  `process_exception`. The API's handler (darcha/api.py) lets these errors through to it.
- raised by a middleware below it (a session being saved, say). Django turns such an exception
  into a 500 response before it reaches us, so a `got_request_exception` receiver marks the request
  and `__call__` swaps the 500 for the 503. Django has already logged that one as an error.

The 503 page must not need the database itself: it is rendered without the request, so the layout
leaves out everything that reads the session, the user or the messages.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("darcha.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# During an outage every request fails the same way; one log line a minute says so.
LOG_EVERY_SECONDS = 60.0
_MARK = "darcha.database_unavailable"


class _Throttle:
    """Counts outage answers and lets one log line through per period (per process)."""

    def __init__(self, period: float) -> None:
        self.period = period
        self.lock = threading.Lock()
        self.last = float("-inf")
        self.count = 0

    def note(self) -> int:
        """Count one answer; the number answered since the last line if one should be logged now, else 0."""
        with self.lock:
            self.count += 1
            now = time.monotonic()
            if now - self.last < self.period:
                return 0
            count, self.count, self.last = self.count, 0, now
            return count


_throttle = _Throttle(LOG_EVERY_SECONDS)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer, in the client's language, built without touching the database."""
    if is_api(request):
        # As darcha/api.py: API clients choose their language with Accept-Language, not the URL.
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            body = {
                "detail": _("The service is briefly unavailable. Please try again in a minute."),
                "code": "database_unavailable",
            }
        response: HttpResponse = JsonResponse(body, status=503)
    else:
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            # No `request` here: with it the layout would read the user, the session and the messages.
            # One leading slash: "//host/…" would be a link to another site.
            retry_path = "/" + request.get_full_path().lstrip("/")
            html = loader.render_to_string("503.html", {"retry_path": retry_path})
        response = HttpResponse(html, status=503)
    response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request: HttpRequest, error: BaseException) -> None:
    count = _throttle.note()
    if count:
        logger.warning(
            "database unavailable: answered 503 to %d request(s) since the last message (%s)",
            count,
            type(error).__name__,
        )


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.META.pop(_MARK, None) is not None:
            return database_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            _log(request, exception)
            return database_unavailable(request)
        return None


def _mark_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Sent by Django while it turns a middleware's exception into a 500: note an outage for __call__."""
    error = sys.exception()
    if request is not None and isinstance(error, DATABASE_ERRORS):
        _log(request, error)
        request.META[_MARK] = type(error).__name__


got_request_exception.connect(_mark_database_error, dispatch_uid="darcha.core.outage")
