"""Sign-in and sign-out pages. Lock-outs after failed sign-ins are django-axes' (see accounts.lockout)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from darcha.accounts.forms import SignInForm
from darcha.accounts.lockout import cool_off_minutes
from darcha.accounts.selectors import DEMO_PASSWORD, demo_logins
from darcha.core.views import landing_url


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        if getattr(self.request, "axes_locked_out", False):
            # The same page whether the account exists and whether the password was right.
            fresh = self.get_form_class()(self.request)
            context = self.get_context_data(form=fresh, rate_limited=True, minutes=cool_off_minutes())
            return self.render_to_response(context, status=429)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_logins"] = demo_logins()
            context["demo_password"] = DEMO_PASSWORD
        return context


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5); the session, and with it the citizen at the window, is flushed."""
