"""Reference data kept in each process's memory, reloaded as soon as anyone changes it anywhere.

Intake and the API read the same few rows on every request: the catalog's services and their
versions in force, the BHM, the centres, the API tokens. They change rarely (an administrator edits
a fee, revokes a token) but a change must be seen at once by every web and worker process.

How: each kind of data has a counter row (`ReferenceStamp`). Any save or delete of a watched model
moves its counter with an UPDATE in the writer's own transaction (post_save / post_delete signals,
connected by `watch`; a bulk `QuerySet.update` must call `bump` itself). A reader asks `cached(key,
loader)`: the counters are read with one query per request (all kinds at once, then remembered until
the request ends, `ReferenceStampMiddleware`; outside a request, on every call), and the loader runs
again only if the key's counter moved. A value loaded inside a transaction that moved a counter is
not kept: it may hold writes that are rolled back.

Values are shared by every request of the process: treat them as read-only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

from darcha.core.models import ReferenceStamp

T = TypeVar("T")

_local = threading.local()
_values: dict[str, tuple[int, Any]] = {}
_lock = threading.Lock()


def stamps() -> dict[str, int]:
    """Every counter, read once per request (and on every call outside one)."""
    memo = getattr(_local, "stamps", None)
    if memo is not None:
        return memo
    current = dict(ReferenceStamp.objects.values_list("key", "version"))
    if getattr(_local, "in_request", False):
        _local.stamps = current
    return current


def cached(key: str, loader: Callable[[], T]) -> T:
    """`loader()`'s value, reused while nobody has changed the data under `key`."""
    version = stamps().get(key, 0)
    found = _values.get(key)
    if found is not None and found[0] == version:
        return found[1]
    value = loader()
    if not (connection.in_atomic_block and getattr(_local, "bumped", False)):
        with _lock:
            _values[key] = (version, value)
    return value


def bump(*keys: str) -> None:
    """Say that data under `keys` changed (in the caller's transaction): every process reloads it."""
    for key in keys:
        if not ReferenceStamp.objects.filter(key=key).update(version=F("version") + 1):
            ReferenceStamp.objects.get_or_create(key=key, defaults={"version": 1})
        _values.pop(key, None)
    _local.stamps = None
    _local.bumped = True
    transaction.on_commit(_committed)


def _committed() -> None:
    _local.bumped = False
    _local.stamps = None


def forget() -> None:
    """Drop what this process remembers (tests)."""
    with _lock:
        _values.clear()
    _local.stamps = None
    _local.bumped = False


def watch(key: str, models_: Iterable[type[models.Model]], *, ignore_fields: frozenset[str] = frozenset()) -> None:
    """Move `key`'s counter on every save or delete of these models (saves of only `ignore_fields` aside)."""

    def changed(sender: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if fields and ignore_fields and set(fields) <= ignore_fields:
            return
        bump(key)

    for model in models_:
        uid = f"darcha.core.refcache.{key}.{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}.delete")


class ReferenceStampMiddleware:
    """The counters are read at most once per request, and never reused by the next one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _local.in_request, _local.stamps, _local.bumped = True, None, False
        try:
            return self.get_response(request)
        finally:
            _local.in_request, _local.stamps = False, None
