"""Bearer-token authentication for the REST API (`Authorization: Bearer <token>`).

The API is not cookie-authenticated, so it needs no CSRF protection: a browser never sends
this header on its own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from darcha.accounts.services import user_for_token


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return user_for_token(token)


def api_user(request: HttpRequest) -> Any:
    """The user the bearer token belongs to (set by ApiTokenAuth), never the session's user."""
    return getattr(request, "auth", None)
