"""REST API v1 (django-ninja): one NinjaAPI, domain errors mapped to HTTP once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from darcha.core.errors import DomainError

api = NinjaAPI(title="Darcha API", version="1", urls_namespace="api-v1")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"detail": str(exc.message), "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)
