"""Darcha's admin site: Django's, with one rule for every registered model — a malformed id is a 404.

Django's admin answers an id it cannot parse (`abc` for an integer key, a number past the column's
range, a NUL) by redirecting to the index with "doesn't exist", and a custom view that looks the id
up itself fails with a 500. A malformed id is not a missing object but a wrong address, so it is a
404, like anywhere else on the site. The rule is applied where models are registered, so it covers
every app's ModelAdmin, Django's own (groups) and third parties' (task results) without each admin
module having to remember a base class.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Field, Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from darcha.core.middleware import IN_URL


def parse_object_id(model: type[Model], object_id: str, from_field: str | None = None) -> Any:
    """The id as the key field's Python value; Http404 if no row could ever have it."""
    field: Field[Any, Any] = model._meta.pk if from_field is None else model._meta.get_field(from_field)  # type: ignore[assignment]
    if IN_URL.search(object_id):
        raise Http404
    try:
        value = field.to_python(object_id)
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    if isinstance(value, int) and not ((low is None or value >= low) and (high is None or value <= high)):
        raise Http404
    return value


class MalformedIdIsNotFound(admin.ModelAdmin):
    """Mixed into every registered ModelAdmin by DarchaAdminSite.register."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        parse_object_id(self.model, object_id, from_field)
        return super().get_object(request, object_id, from_field)


class DarchaAdminSite(admin.AdminSite):
    site_header = _("Darcha administration")
    site_title = _("Darcha administration")
    index_title = _("Reference data and records")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, MalformedIdIsNotFound):
            admin_class = type(
                admin_class.__name__,
                (MalformedIdIsNotFound, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
