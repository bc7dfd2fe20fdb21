"""Template helpers for staff pages: role names and the navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from darcha.accounts.models import Role
from darcha.accounts.navigation import LINKS
from darcha.accounts.roles import can

register = template.Library()


@register.filter
def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


@register.simple_tag(takes_context=True)
def staff_nav(context: template.Context) -> list[dict[str, Any]]:
    """Links the signed-in user's role can use, the current one marked (aria-current)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    items = []
    for link in LINKS:
        if not can(user, link.capability) or (link.needs_center and not getattr(user, "center_id", None)):
            continue
        url = reverse(link.url_name)
        root = reverse(link.root_name) if link.root_name else url
        current = request.path == url or any(request.path.startswith(root + sub) for sub in link.sub_paths)
        if url != root:
            current = current or request.path.startswith(url)
        items.append({"url": url, "label": link.label, "current": current})
    return items
