"""Darcha's date formats for this language: darcha/core/formats/__init__.py says why."""

from darcha.core.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "SHORT_DATETIME_FORMAT", "SHORT_DATE_FORMAT"]
