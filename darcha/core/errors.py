"""The one small hierarchy of domain errors.

Services raise these; the API maps them to HTTP statuses once (darcha/api.py) and the views
map them to form errors or messages once (darcha.core.views). Every message is translatable.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request. `code` is stable for API clients."""

    status = 422
    code = "invalid"

    def __init__(self, message: Any, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class NotAllowed(DomainError):
    """The actor's role or scope does not permit this."""

    status = 403
    code = "forbidden"


class InvalidTransition(DomainError):
    """The workflow does not allow this action from the current state."""

    status = 409
    code = "invalid_transition"


class StaleVersion(DomainError):
    """The client acted on an old version of the record."""

    status = 409
    code = "stale_version"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
