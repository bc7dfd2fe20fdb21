"""REST API v1 (django-ninja): one NinjaAPI, every error mapped to a JSON body once.

Every 4xx answer is `{"detail": "...", "code": "..."}` (plus `field` or `errors` where useful),
with `detail` in the request's language. Endpoints authenticate with a bearer token
(darcha.accounts.auth) unless their router says `auth=None` (catalog, centres, public tracking).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from darcha.accounts.auth import ApiTokenAuth
from darcha.applications.api import public_router
from darcha.applications.api import router as applications_router
from darcha.applications.me import router as me_router
from darcha.catalog.api import router as catalog_router
from darcha.centers.api import router as centers_router
from darcha.core.errors import DomainError
from darcha.payments.api import router as payments_router

logger = logging.getLogger("darcha.api")


def error_body(detail: Any, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": str(detail), "code": code, **extra}


def _not_found_body() -> dict[str, Any]:
    return error_body(_("Nothing is here. See /api/v1/docs for the endpoints."), "not_found")


def _api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap every API URL: the client's language, and JSON for what ninja answers in plain text.

    The site's pages are under i18n_patterns(prefix_default_language=False), which makes
    LocaleMiddleware force the default language on every unprefixed URL, /api/v1/ included. API
    clients choose with Accept-Language instead. Ninja answers a wrong method (405) and its root
    URL (404) outside its exception handlers.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = JsonResponse(_not_found_body(), status=404)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = JsonResponse(
                    error_body(_("This method is not allowed here."), "method_not_allowed"), status=405
                )
                response["Allow"] = allowed
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapper


@csrf_exempt
def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


class DarchaAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _api_view(pattern.callback)
        # Last: any other path under /api/v1/ is a JSON 404, not the site's HTML page.
        patterns.append(re_path(r"^.*$", _api_view(unknown_path), name="unknown-path"))
        return patterns, app_name, namespace


api = DarchaAPI(
    # Lazy: the docs page and the OpenAPI document are built per request, in the client's language
    # (Accept-Language, as every answer); paths, headers and codes stay as written.
    title=cast(str, gettext_lazy("Darcha API")),
    version="1",
    description=cast(
        str,
        gettext_lazy(
            "One-stop public services for Public Service Centres. Authenticate with `Authorization: Bearer <token>` "
            "(`manage.py issue_token USERNAME`). Errors are JSON `{detail, code}`; `detail` follows Accept-Language."
        ),
    ),
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
)
api.add_router("/services", catalog_router)
api.add_router("/centers", centers_router)
api.add_router("/applications", applications_router)
api.add_router("/applications", payments_router)
api.add_router("/public", public_router)
api.add_router("/me", me_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra = {"field": exc.field} if exc.field else {}
    return api.create_response(request, error_body(exc.message, exc.code, **extra), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Only location, message and type: pydantic's `ctx` may hold exception objects that are not JSON.
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors
    ]
    body = error_body(_("Some fields are missing or not valid."), "validation_failed", errors=errors)
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 400:
        # Ninja's only 400: the body could not be parsed (bad JSON, bad UTF-8, nesting too deep).
        body = error_body(_("The request body is not valid JSON."), "malformed_json")
    elif status == 401:
        body = error_body(_("Send a valid API token: Authorization: Bearer <token>."), "unauthorized")
    elif status == 403:
        body = error_body(_("You may not do this."), "forbidden")
    elif status == 429:
        body = error_body(_("Too many requests. Please wait and try again."), "rate_limited")
    else:
        body = error_body(exc.message, "http_error")
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, _not_found_body(), status=404)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug is a JSON 500 like every other API error: no traceback, nothing of the request in the body.

    Django's own request errors keep their status (Django would answer them 403 and 400).

    The traceback goes to the log (the body would otherwise be Django's HTML page, or ninja's
    traceback in DEBUG); personal data never travels in API URLs, so the logged path is safe.
    """
    if isinstance(exc, PermissionDenied):
        return api.create_response(request, error_body(_("You may not do this."), "forbidden"), status=403)
    if isinstance(exc, SuspiciousOperation | BadRequest):  # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE
        body = error_body(_("The request could not be read."), "bad_request")
        return api.create_response(request, body, status=400)
    logger.error("unhandled error in %s %s", request.method, request.path, exc_info=exc)
    body = error_body(_("Something went wrong on our side. Nothing was half-saved; please try again."), "server_error")
    return api.create_response(request, body, status=500)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Not ninja's 500 (a traceback under DEBUG): darcha.core.outage answers 503 for pages and API alike.
    raise exc
