"""Form helpers shared by every page: domain errors become form errors in one place."""

from __future__ import annotations

from django import forms

from darcha.core.errors import DomainError


class DarchaForm(forms.Form):
    """A form whose errors carry the codes pages need (error summary, aria-invalid on fields)."""

    def add_domain_error(self, error: DomainError) -> None:
        apply_domain_error(self, error)


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal next to the field it names, or at the top of the form.

    Services name fields by their own argument names (e.g. `pinfl`, `representative`); forms may
    call them differently, so a form can declare `domain_fields = {"representative": "representative_pinfl"}`.
    """
    aliases: dict[str, str] = getattr(form, "domain_fields", {})
    field = aliases.get(error.field or "", error.field or "")
    if field and field in form.fields:
        form.add_error(field, str(error.message))
    else:
        form.add_error(None, str(error.message))
