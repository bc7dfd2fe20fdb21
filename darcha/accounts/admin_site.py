"""The admin site: for administrators only, and every list of scoped records goes through `restrict`.

Django lets any `is_staff` user into the admin; Darcha lets in only roles with the ADMINISTER
capability (darcha.accounts.roles), so an analyst never reaches citizens' records there whatever
their flags. Model admins of scoped records use `ScopedAdminMixin`, so the admin reads through the
same scoping as every page and API (an administrator's scope is the nation: they see everything).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from darcha.accounts.roles import Capability, can
from darcha.accounts.scoping import restrict
from darcha.core.admin_site import DarchaAdminSite as SiteWithStrictIds


class DarchaAdminSite(SiteWithStrictIds):
    """The site every app registers with (`admin.site`): strict ids (core) and administrators only."""

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and can(user, Capability.ADMINISTER))


class ScopedAdminMixin:
    """A ModelAdmin whose rows are those `restrict` lets the signed-in user see."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        return restrict(queryset, request.user)
