"""`database_down()`: every query (and every new connection) fails as if the database had stopped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@contextmanager
def database_down() -> Iterator[None]:
    with (
        mock.patch.object(CursorWrapper, "_execute", _refuse),
        mock.patch.object(CursorWrapper, "_executemany", _refuse),
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", _refuse),
    ):
        yield
