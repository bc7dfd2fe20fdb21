"""Pieces shared by the API schemas of every app: clean text and the error body."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field

from darcha.core.i18n import LANGUAGE_SUFFIXES


def clean_text(value: str) -> str:
    """Refuse text a database cannot store (NUL, lone surrogates) as a 422, not a 500 later."""
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Text must be valid Unicode.") from exc
    return value


# Every free-text input field is CleanText with a max_length matching its column.
CleanText = Annotated[str, AfterValidator(clean_text)]


class ErrorOut(Schema):
    """Every 4xx answer: a message in the request's language and a stable code for programs."""

    detail: str = Field(description="What went wrong, in the language asked for (Accept-Language).")
    code: str = Field(description="Stable machine-readable code, e.g. validation_failed, stale_version.")
    field: str | None = Field(None, description="The input field the error is about, when there is one.")
    errors: list[dict[str, Any]] | None = Field(None, description="Validation errors with their locations (422).")


# The error answers every endpoint can give, for the OpenAPI document.
COMMON_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}


class NamesOut(Schema):
    """A name in every language Darcha keeps (keys like the column suffixes)."""

    uz: str
    uz_cyrl: str
    ru: str
    en: str


def names_of(obj: Any, field: str = "name") -> dict[str, str]:
    return {suffix: getattr(obj, f"{field}_{suffix}", "") or "" for suffix in LANGUAGE_SUFFIXES.values()}


def local_time(moment: dt.datetime | None) -> dt.datetime | None:
    """Stored in UTC, shown in Asia/Tashkent: ISO 8601 with the +05:00 offset."""
    return timezone.localtime(moment) if moment is not None else None
