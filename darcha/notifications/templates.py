"""Message templates: registered by the app that owns the message, rendered by the outbox.

The outbox knows no domain app. Each app registers the texts it sends from its own module
(imported in its AppConfig.ready()), so the web process that enqueues and the worker that renders
know the same names:

    @register("applications.status")
    def status_text(context: Mapping[str, Any]) -> str: ...

A render function reads only the row's context (plain JSON) and is called under the recipient's
language, so `gettext` inside it speaks that language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils import translation

Render = Callable[[Mapping[str, Any]], str]

_templates: dict[str, Render] = {}


class UnknownTemplate(LookupError):
    """No app registered this name: retrying cannot help, so the message becomes a dead letter."""


def register(name: str, *, aliases: Iterable[str] = ()) -> Callable[[Render], Render]:
    """Register `render` under `name`; `aliases` keep rows written under an older name renderable."""

    def decorator(render: Render) -> Render:
        for key in (name, *aliases):
            existing = _templates.get(key)
            # Re-importing the same module re-registers the same function; two functions for one name is a bug.
            if existing is not None and _origin(existing) != _origin(render):
                raise ValueError(f"message template {key!r} is already registered by {existing.__module__}")
            _templates[key] = render
        return render

    return decorator


def _origin(render_fn: Render) -> tuple[str, str]:
    return render_fn.__module__, render_fn.__qualname__


def is_registered(name: str) -> bool:
    return name in _templates


def render(name: str, *, language: str, context: Mapping[str, Any]) -> str:
    """The text of a message in `language`; raises UnknownTemplate if no app registered `name`."""
    try:
        render_fn = _templates[name]
    except KeyError:
        raise UnknownTemplate(name) from None
    with translation.override(language):
        return render_fn(context)
