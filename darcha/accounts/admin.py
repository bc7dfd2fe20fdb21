"""Staff users with their role and scope; API tokens listed read-only (their prefix, never the hash).

Administrators may revoke tokens, lift a user's sign-in lock-out and reset a user's two-step sign-in.

The database ties each role to its scope (check constraint `user_scope_matches_role`): operators and
managers to a centre, officers to an agency, supervisors to a region. The forms check the same rule
first, so an administrator sees which field to fill instead of a database error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin  # noqa: F401 - registers it, to undo below
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # noqa: F401 - registers it, to undo below
from django_otp.plugins.otp_totp.models import TOTPDevice

from darcha.accounts.lockout import lift_lockout
from darcha.accounts.models import ApiToken, Role, User
from darcha.accounts.roles import ROLES, Capability, Dimension, can
from darcha.accounts.services import reset_two_factor, revoke_token
from darcha.core.admin import ReadOnlyAdmin

# Which field each role's scope lives in: the dimension of the roles table (darcha.accounts.roles),
# as the check constraint on User requires it.
SCOPE_FIELD: dict[str, str] = {
    code: spec.dimension.value for code, spec in ROLES.items() if spec.dimension != Dimension.NATION
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
    actions = ["reset_two_factor", "lift_lockout"]
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
        "has_two_factor",
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        confirmed_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(confirmed_app))

    @admin.display(description=_("two-step sign-in"), boolean=True, ordering="two_factor_on")
    def has_two_factor(self, obj: User) -> bool:
        return bool(getattr(obj, "two_factor_on", False))

    def has_administer_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Capability.ADMINISTER)

    @admin.action(description=_("Reset two-step sign-in (lost phone)"), permissions=["administer"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset)
        for user in users:
            reset_two_factor(user=user)
        message = ngettext(
            "Two-step sign-in reset for %(count)d user: they set up the app again at their next sign-in.",
            "Two-step sign-in reset for %(count)d users: they set up the app again at their next sign-in.",
            len(users),
        )
        self.message_user(request, message % {"count": len(users)}, messages.SUCCESS)

    @admin.action(description=_("Lift sign-in lock-out"), permissions=["administer"])
    def lift_lockout(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset)
        for user in users:
            lift_lockout(username=user.username)
        message = ngettext(
            "Sign-in lock-out lifted for %(count)d user.", "Sign-in lock-out lifted for %(count)d users.", len(users)
        )
        self.message_user(request, message % {"count": len(users)}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued by `manage.py issue_token`; only the prefix identifies one here.

    Read-only, except that an administrator may revoke tokens (a leaked token must die at once,
    without a shell on the server).
    """

    actions = ["revoke_selected"]  # type: ignore[assignment]  # ReadOnlyAdmin has none
    list_display = ["prefix", "user", "label", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "label", "user__username"]
    fields = readonly_fields = (
        "prefix",
        "user",
        "label",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Capability.ADMINISTER)

    @admin.action(description=_("Revoke selected tokens"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = [revoke_token(token=token) for token in queryset.filter(revoked_at__isnull=True)]
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(revoked)) % {"count": len(revoked)},
            messages.SUCCESS,
        )


# django-otp's own device pages are untranslated and would let an administrator add a device for
# someone else; administrators reset a user's two-step sign-in from the staff list instead.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
