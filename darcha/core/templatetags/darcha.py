"""Template helpers: language tags, money, labels and the staff navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from darcha.accounts.models import Role
from darcha.applications.workflow import RejectionReason, Status

register = template.Library()

# BCP 47 tags for <html lang>: Django's "uz-cyrl" is written uz-Cyrl on the web.
_HTML_LANG = {"uz": "uz", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}


@register.filter
def html_lang(code: str | None) -> str:
    code = (code or "uz").lower()
    return _HTML_LANG.get(code, code)


@register.filter
def uzs(amount: Any) -> str:
    """412000 -> "412 000 soʻm" (non-breaking spaces keep the amount on one line)."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    digits = f"{value:,}".replace(",", "\u00a0")
    currency = _("UZS")  # outside the f-string, where xgettext can find it
    return f"{digits}\u00a0{currency}"


@register.filter
def status_label(status: str) -> str:
    try:
        return capfirst(str(Status(status).label))
    except ValueError:
        return status


@register.filter
def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


@register.filter
def reason_label(code: str) -> str:
    try:
        return str(RejectionReason(code).label)
    except ValueError:
        return code


OVERVIEW: tuple[str, ...] = (Role.MANAGER, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN)
CASES: tuple[str, ...] = (Role.OPERATOR, Role.OFFICER, Role.MANAGER, Role.SUPERVISOR, Role.ADMIN)


def _role(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return str(getattr(user, "role", ""))


@register.simple_tag(takes_context=True)
def staff_nav(context: template.Context) -> list[dict[str, Any]]:
    """Links a staff user's role can use, the current one marked (aria-current)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    role = _role(user)
    desk_roles: set[str] = {Role.OPERATOR, Role.MANAGER}
    if getattr(user, "center_id", None):
        desk_roles.add(Role.ADMIN)
    links: list[tuple[str, str, set[str], tuple[str, ...]]] = [
        ("applications:overview", _("Overview"), {*OVERVIEW}, ()),
        ("applications:desk", _("Front desk"), desk_roles, ("apply/", "receipt/", "register/")),
        (
            "applications:inbox",
            _("Applications"),
            {*CASES},
            ("applications/",),
        ),
    ]
    desk_root = reverse("applications:desk")
    items = []
    for name, label, roles, sub_paths in links:
        if role not in roles:
            continue
        url = reverse(name)
        current = request.path == url or any(request.path.startswith(desk_root + sub) for sub in sub_paths)
        if url != desk_root:
            current = current or request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return items


@register.filter
def is_overdue(application: Any, today: Any) -> bool:
    return bool(application.is_overdue_on(today))


@register.filter
def action_label(name: str) -> str:
    from darcha.applications.workflow import ACTIONS

    if name in ACTIONS:
        return str(ACTIONS[name].label)
    return {"submit": _("Submitted"), "overdue": _("Became overdue"), "documents": _("Documents added")}.get(name, name)


@register.filter
def deadline_rule_label(rule: str) -> str:
    return {
        "legal_term": _("legal term set"),
        "clock_paused": _("clock stopped while waiting for the citizen"),
        "clock_resumed": _("clock restarted; deadline moved by the days waited"),
    }.get(rule, rule)


@register.simple_tag(takes_context=True)
def switch_language_next(context: template.Context) -> str:
    """The current page's address in the default language, as `next` for /i18n/setlang/.

    set_language runs in the default language (its URL has no prefix) and can only translate an
    address it can resolve there, so /ru/track/ must be handed over as /track/.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.simple_tag
def native_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES as written there: each language named in itself, never translated."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]
