"""Sign-in and sign-out pages. Sign-in attempts are rate-limited per username and per address."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from darcha.accounts.forms import SignInForm
from darcha.accounts.roles import spec_of
from darcha.accounts.selectors import DEMO_PASSWORD, demo_logins
from darcha.core import ratelimit

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


def _per_address_rate() -> str:
    """One address (a centre's shared NAT) may try several usernames: five times the per-user budget."""
    configured = getattr(settings, "RATE_LIMIT_LOGIN_IP", "")
    if configured:
        return str(configured)
    count, seconds = ratelimit.parse_rate(settings.RATE_LIMIT_LOGIN)
    return f"{count * 5}/{seconds}"


def landing_url(user: Viewer) -> str:
    """The page each role starts its day on (darcha.accounts.roles), in the active language."""
    spec = spec_of(user)
    return reverse(spec.landing if spec else "portal:home")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own page."""
    return redirect(landing_url(request.user))


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ip = ratelimit.client_ip(request)
        username = str(request.POST.get("username", "")).strip().lower()[:150]
        allowed_user = ratelimit.hit("login", f"{ip}:{username}", settings.RATE_LIMIT_LOGIN)
        allowed_ip = ratelimit.hit("login-ip", ip, _per_address_rate())
        if not (allowed_user and allowed_ip):
            form = self.get_form_class()(request)
            context = self.get_context_data(form=form, rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
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
