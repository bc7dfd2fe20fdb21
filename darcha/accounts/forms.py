"""The sign-in forms: Django's authentication form with the site's field markup, and the code step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from darcha.core.forms import DarchaForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not right. Check them and try again."),
        "inactive": _("This account is switched off. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Username")  # Django's own Uzbek catalogue lacks it
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class CodeForm(DarchaForm):
    """One code: from the authenticator app, or (on the sign-in step) a recovery code."""

    code = forms.CharField(max_length=32, strip=True)

    def __init__(self, *args: Any, recovery: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.error_messages["required"] = _("Enter the code.")
        field.widget.attrs.update({"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})
        if recovery:
            field.label = _("Code")
            field.help_text = _(
                "The six-digit code your authenticator app shows now. Lost your phone? Type one of your recovery codes."
            )
        else:
            field.label = _("Six-digit code from the app")
            field.help_text = _("The app shows a new code every 30 seconds.")
            field.widget.attrs["inputmode"] = "numeric"
