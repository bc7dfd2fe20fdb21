"""Staff users with their role and scope; API tokens listed read-only (their prefix, never the hash).

The database ties each role to its scope (check constraint `user_scope_matches_role`): operators and
managers to a centre, officers to an agency, supervisors to a region. The forms check the same rule
first, so an administrator sees which field to fill instead of a database error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.utils.translation import gettext_lazy as _

from darcha.accounts.models import ApiToken, Role, User
from darcha.core.admin import ReadOnlyAdmin

# Which field each role's scope lives in (mirrors the check constraint on User).
SCOPE_FIELD: dict[str, str] = {
    Role.OPERATOR: "center",
    Role.MANAGER: "center",
    Role.OFFICER: "agency",
    Role.SUPERVISOR: "region",
}
SCOPE_MESSAGE = {
    "center": _("A %(role)s works at a centre: choose the centre."),
    "agency": _("A %(role)s works for an agency: choose the agency."),
    "region": _("A %(role)s oversees a region: choose the region."),
}


class RoleScopeMixin(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = str(data.get("role") or "")
        field = SCOPE_FIELD.get(role) if role else None
        if field and field in self.fields and not data.get(field):
            self.add_error(field, SCOPE_MESSAGE[field] % {"role": Role(role).label})
        return data


class StaffCreationForm(RoleScopeMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "role", "center", "agency", "region")
        field_classes = {"username": UsernameField}


class StaffChangeForm(RoleScopeMixin, UserChangeForm):
    class Meta:
        model = User
        fields = (
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "role",
            "center",
            "agency",
            "region",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )
        field_classes = {"username": UsernameField}


@admin.register(User)
class StaffUserAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = [
        "username",
        "last_name",
        "first_name",
        "role",
        "center",
        "agency",
        "region",
        "is_active",
        "is_staff",
    ]
    list_filter = ["role", "is_active", "is_staff", "is_superuser", "agency", "region"]
    list_select_related = ["center", "agency", "region"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["center", "agency", "region"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Role and scope"),
            {
                "fields": ("role", "center", "agency", "region"),
                "description": _(
                    "Operators and managers need a centre, officers an agency, supervisors a region; "
                    "analysts and administrators work nationally."
                ),
            },
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role and scope"), {"fields": ("role", "center", "agency", "region")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued by `manage.py issue_token`; only the prefix identifies one here."""

    list_display = ["prefix", "user", "label", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "label", "user__username"]
    fields = readonly_fields = ("prefix", "user", "label", "created_at", "last_used_at", "revoked_at")
