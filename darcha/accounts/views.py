"""Sign-in and sign-out pages, and the two-step sign-in pages (code, enrolment, recovery codes).

Lock-outs after failed sign-ins are django-axes' (see accounts.lockout); who must give a code and
when is accounts.two_factor's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from darcha.accounts.forms import CodeForm, SignInForm
from darcha.accounts.lockout import cool_off_minutes
from darcha.accounts.roles import spec_of
from darcha.accounts.selectors import DEMO_PASSWORD, demo_logins, has_authenticator, recovery_codes_left
from darcha.accounts.services import make_recovery_codes, set_up_authenticator, verify_second_factor
from darcha.accounts.two_factor import (
    FRESH_CODES_KEY,
    NEXT_KEY,
    PENDING_SECRET_KEY,
    config_url,
    pending_secret,
    policy_requires,
    qr_svg,
    readable_secret,
    remember_device,
)
from darcha.core.errors import DomainError, RateLimited

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


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


# --- two-step sign-in ----------------------------------------------------------------------------


def _next_url(request: HttpRequest, candidate: str | None) -> str:
    """Where to go once the code is given: a local `next`, else the role's landing page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return landing_url(request.user)


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


def _verified(request: HttpRequest, device: Any) -> None:
    """Mark the session verified by `device`; a new session key, as at any change of privilege."""
    otp_login(request, device)
    request.session.cycle_key()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user: Any = request.user
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    if user.is_verified():
        return redirect(next_url)
    if not has_authenticator(user):
        if not policy_requires(user):  # the app was removed and nothing requires one
            remember_device(request, False)
            return redirect(next_url)
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    form = CodeForm(request.POST or None, recovery=True)
    problem, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device = verify_second_factor(user=user, code=form.cleaned_data["code"])
            except RateLimited as error:
                problem, status = str(error.message), 429
            except DomainError as error:
                form.add_domain_error(error)
            else:
                _verified(request, device)
                return redirect(next_url)
    context = {"form": form, "next": next_url, "problem": problem}
    return render(request, "accounts/two_factor_verify.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the key), confirm with a code, then see the recovery codes.

    Someone who already has an app must give a code first: replacing the app is as sensitive as
    signing in with it.
    """
    user: Any = request.user
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    if has_authenticator(user) and not user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", request.get_full_path()))
    form = CodeForm(request.POST or None, recovery=False)
    problem, status = "", 200
    secret = pending_secret(request)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device, codes = set_up_authenticator(user=user, secret_hex=secret, code=form.cleaned_data["code"])
            except RateLimited as error:
                problem, status = str(error.message), 429
            except DomainError as error:
                form.add_domain_error(error)
            else:
                _verified(request, device)
                remember_device(request, True)
                request.session.pop(PENDING_SECRET_KEY, None)
                request.session[FRESH_CODES_KEY] = codes
                request.session[NEXT_KEY] = next_url
                return redirect("accounts:recovery_codes")
    context = {
        "form": form,
        "next": next_url,
        "problem": problem,
        "qr": qr_svg(config_url(user, secret), _("QR code for your authenticator app")),
        "secret": readable_secret(secret),
        "replacing": has_authenticator(user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Fresh recovery codes, shown once and printable; or how many are left, and a button for new ones."""
    user: Any = request.user
    if not has_authenticator(user):
        return redirect("accounts:two_factor_setup")
    if not user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        request.session[FRESH_CODES_KEY] = make_recovery_codes(user=user)
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(FRESH_CODES_KEY, None)
    continue_url = _next_url(request, request.session.pop(NEXT_KEY, None))
    context = {
        "codes": codes,
        "left": recovery_codes_left(user),
        "continue_url": continue_url,
        "made_on": timezone.localdate(),
    }
    return render(request, "accounts/recovery_codes.html", context)
