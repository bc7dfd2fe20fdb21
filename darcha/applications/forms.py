"""Forms of the staff pages: find or register a citizen, take an application, filter, act."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from darcha.applications.inbox import BadCursor, Cursor, InboxQuery, Search, Sort, parse_search
from darcha.applications.models import RepresentativeBasis
from darcha.applications.workflow import ACTIONS, OPEN_STATES, RejectionReason, Status, WithdrawalReason
from darcha.catalog.choices import Channel
from darcha.catalog.models import Service, ServiceVersion
from darcha.core.errors import ValidationFailed
from darcha.core.forms import DarchaForm, DateField, LanguageSelect
from darcha.people.models import Citizen, DisabilityGroup, Sex
from darcha.people.pinfl import check_pinfl
from darcha.people.selectors import citizen_for_intake

PINFL_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "class": "input-pinfl", "maxlength": "20"}


def clean_pinfl_value(raw: str) -> str:
    """Digits as typed (spaces allowed); the PINFL rules' messages become the field's errors."""
    check = check_pinfl(raw)
    if not check.valid:
        raise forms.ValidationError(check.errors)
    return check.pinfl


class FindCitizenForm(DarchaForm):
    pinfl = forms.CharField(
        label=_("PINFL"),
        help_text=_("The 14-digit personal number from the citizen's ID card or passport."),
        widget=forms.TextInput(attrs=PINFL_ATTRS),
    )

    def clean_pinfl(self) -> str:
        return clean_pinfl_value(self.cleaned_data["pinfl"])


class RegisterCitizenForm(DarchaForm):
    pinfl = forms.CharField(label=_("PINFL"), widget=forms.TextInput(attrs=PINFL_ATTRS))
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    patronymic = forms.CharField(
        label=_("Patronymic"), max_length=100, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth_date = DateField(
        label=_("Birth date"),
        help_text=_("Filled in from the PINFL; change it only if the ID document says otherwise."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        help_text=_("For SMS about the application, e.g. +998 90 123 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "input-short"}),
    )
    disability_group = forms.ChoiceField(label=_("Disability group"), choices=DisabilityGroup.choices, required=False)
    in_social_registry = forms.BooleanField(
        label=_("In the Unified Social Protection Registry"),
        required=False,
        help_text=_("Some services are cheaper or free for families in the registry."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for SMS"), choices=settings.LANGUAGES, widget=LanguageSelect
    )

    def clean_pinfl(self) -> str:
        return clean_pinfl_value(self.cleaned_data["pinfl"])


class CitizenDetailsForm(DarchaForm):
    """The stored details of the citizen at the window that may change (not name, birth date or sex)."""

    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        help_text=_("For SMS about the application, e.g. +998 90 123 45 67. Leave empty to send no SMS."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "input-short"}),
    )
    disability_group = forms.ChoiceField(label=_("Disability group"), choices=DisabilityGroup.choices, required=False)
    in_social_registry = forms.BooleanField(label=_("In the Unified Social Protection Registry"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for SMS"), choices=settings.LANGUAGES, widget=LanguageSelect
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        help_text=_("For example: new phone number; disability group confirmed by a certificate."),
    )


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search services"), required=False, max_length=100)


class ApplicationForm(DarchaForm):
    """The application for one service and the citizen at the window."""

    # The service reports a bad representative as "representative"; here it is typed as a PINFL.
    domain_fields = {"representative": "representative_pinfl", "service_code": "channel"}

    documents = forms.MultipleChoiceField(
        label=_("Documents the citizen presented"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(label=_("Channel"), widget=forms.RadioSelect)
    representative_pinfl = forms.CharField(
        label=_("Representative's PINFL"),
        required=False,
        help_text=_("Only when someone applies on the citizen's behalf. They must already be registered."),
        widget=forms.TextInput(attrs=PINFL_ATTRS),
    )
    representative_basis = forms.ChoiceField(
        label=_("Basis of representation"),
        required=False,
        choices=[("", _("— choose —")), *RepresentativeBasis.choices],
    )
    representative_document = forms.CharField(
        label=_("Document of the representative's authority"),
        required=False,
        max_length=200,
        help_text=_("For example the number and date of the power of attorney."),
    )
    # Drawn fresh with each empty form and sent back with it: a second submission of the same form
    # (Back and Submit again, a double click) is recognised and makes no second application.
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=40, min_length=16)
    # Asked only while the citizen has an open application for the same service (the page says which).
    confirm_duplicate = forms.BooleanField(
        label=_("The citizen asks for a new, separate application for this service"),
        required=False,
        help_text=_("Tick only after checking the open application above: it is not a duplicate by mistake."),
    )

    def __init__(
        self, *args: Any, service: Service, version: ServiceVersion, user: Any, applicant: Citizen, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.applicant = applicant
        self.representative: Citizen | None = None
        self.lines = version.document_requirements()
        cast(forms.ChoiceField, self.fields["documents"]).choices = [
            (line.document.code, line.document.name) for line in self.lines
        ]
        labels = dict(Channel.choices)
        channels = service.offered_channels
        self.channel_values: list[str] = channels
        cast(forms.ChoiceField, self.fields["channel"]).choices = [(c, labels[c]) for c in channels]
        if not self.is_bound:
            self.initial.setdefault("channel", service.default_channel)

    def clean_representative_pinfl(self) -> str:
        raw = self.cleaned_data.get("representative_pinfl", "")
        if not raw.strip():
            return ""
        pinfl = clean_pinfl_value(raw)
        self.representative = citizen_for_intake(self.user, pinfl)
        if self.representative is None:
            raise forms.ValidationError(
                _("No citizen with this PINFL is registered. Register the representative first, then come back."),
                code="unknown_representative",
            )
        if self.representative.pk == self.applicant.pk:
            raise forms.ValidationError(_("The representative cannot be the applicant."), code="same_person")
        return pinfl

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("representative_pinfl") and not cleaned.get("representative_basis"):
            self.add_error("representative_basis", _("Choose the basis on which the representative acts."))
        if cleaned.get("representative_basis") and not self.data.get("representative_pinfl", "").strip():
            self.add_error("representative_pinfl", _("Give the representative's PINFL, or leave the basis empty."))
        return cleaned


class InboxFilterForm(forms.Form):
    """The inbox's query string (the contract in darcha.applications.inbox): every value validated,
    an unknown one is a translated error (the page answers 400)."""

    DUE_CHOICES = [("", _("any deadline")), ("soon", _("due within 3 days")), ("overdue", _("overdue"))]
    AGE_CHOICES = [
        ("", _("any age")),
        ("0", _("0–2 days")),
        ("3", _("3–5 days")),
        ("6", _("6–10 days")),
        ("11", _("over 10 days")),
    ]
    SUBMITTED_CHOICES = [("", _("any day")), ("today", _("today"))]
    ASSIGNED_CHOICES = [("", _("anyone or no one")), ("me", _("my cases")), ("none", _("not assigned"))]
    SORT_CHOICES = [(Sort.DEADLINE.value, _("nearest deadline first")), (Sort.NEWEST.value, _("newest first"))]

    status = forms.ChoiceField(label=_("Status"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    center = forms.ChoiceField(label=_("Centre"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    due = forms.ChoiceField(label=_("Deadline"), required=False, choices=DUE_CHOICES)
    age = forms.ChoiceField(label=_("Waiting"), required=False, choices=AGE_CHOICES)
    submitted = forms.ChoiceField(label=_("Submitted"), required=False, choices=SUBMITTED_CHOICES)
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)
    after = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        services: list[Service],
        centers: list[Any] | None = None,
        agencies: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        open_first = [s for s in Status if s.value in OPEN_STATES] + [s for s in Status if s.value not in OPEN_STATES]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("open (any)")),
            *[(s.value, s.label) for s in open_first],
        ]
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            ("", _("any service")),
            *[(s.code, f"{s.name} ({s.code})") for s in services],
        ]
        # A list of one place is no choice: the field is left out (the scope already is that place).
        if centers is not None and len(centers) > 1:
            cast(forms.ChoiceField, self.fields["center"]).choices = [
                ("", _("any centre")),
                *[(c.code, c.name) for c in centers],
            ]
        else:
            del self.fields["center"]
        if agencies is not None and len(agencies) > 1:
            cast(forms.ChoiceField, self.fields["agency"]).choices = [
                ("", _("any agency")),
                *[(a.code, a.name) for a in agencies],
            ]
        else:
            del self.fields["agency"]

    def query(self, *, search: Search | None = None) -> InboxQuery:
        """The validated filters (call after is_valid())."""
        data = self.cleaned_data
        age = data.get("age") or ""
        return InboxQuery(
            status=data.get("status") or "",
            service=data.get("service") or "",
            center=data.get("center") or "",
            agency=data.get("agency") or "",
            due=data.get("due") or "",
            age=int(age) if age else None,
            submitted=data.get("submitted") or "",
            assigned=data.get("assigned") or "",
            sort=Sort(data.get("sort") or Sort.DEADLINE),
            search=search,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        token = data.get("after") or ""
        if token and not self.errors:
            try:
                data["cursor"] = Cursor.decode(token, Sort(data.get("sort") or Sort.DEADLINE))
            except BadCursor as error:
                self.add_error("after", str(error.message))
        return data


class InboxSearchForm(forms.Form):
    """The inbox's text search, POSTed (PINFL and names never in URLs) and kept in the session."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        help_text=_("Application number or its beginning, full PINFL, or the beginning of a surname."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_q(self) -> Search:
        try:
            return parse_search(self.cleaned_data["q"])
        except ValidationFailed as error:
            raise forms.ValidationError(str(error.message)) from None


class AssignForm(forms.Form):
    """Who works on a case: "me", an officer's id (supervisors), or nobody ("")."""

    assignee = forms.CharField(required=False, max_length=20)

    def clean_assignee(self) -> str:
        value = self.cleaned_data["assignee"].strip()
        if value not in ("", "me") and not (value.isascii() and value.isdigit() and len(value) <= 12):
            raise forms.ValidationError(_("Choose an officer of the agency that decides this application."))
        return value


class TransitionForm(DarchaForm):
    """One workflow action on one application, against the version the officer saw."""

    action = forms.ChoiceField(choices=[(name, a.label) for name, a in ACTIONS.items()], widget=forms.HiddenInput)
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Message or comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", _("— choose —")), *RejectionReason.choices, *WithdrawalReason.choices],
    )
    # What the citizen brought with an answer to an information request (checklist codes).
    documents = forms.MultipleChoiceField(
        label=_("Documents the citizen brought"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args: Any, documents: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = str(self.data.get("action") or self.initial.get("action") or "")
        action = ACTIONS.get(name)
        if action is None:
            return
        cast(forms.MultipleChoiceField, self.fields["documents"]).choices = documents or []
        if action.needs_comment:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("What is needed from the citizen")
            self.fields["comment"].help_text = _(
                "The citizen reads this text on the tracking page and in the SMS, with the date to answer by: "
                "say plainly what to bring; no names or personal details. The deadline stops until they answer."
            )
        if action.takes_answer:
            self.fields["comment"].label = _("What the citizen provided")
            self.fields["comment"].help_text = _(
                "Write the information given, or tick the documents brought (or both). The deadline restarts."
            )
        if action.reason is not None:
            field = cast(forms.ChoiceField, self.fields["reason_code"])
            field.required = True
            field.label = str(action.reason.label)
            field.choices = [("", _("— choose —")), *action.reason.choices.choices]
            self.fields["comment"].label = _("Comment")
            self.fields["comment"].help_text = _("Required when the reason is “other”.")


class DocumentsForm(DarchaForm):
    """Documents the citizen brought after intake (the ones not yet presented)."""

    documents = forms.MultipleChoiceField(
        label=_("Documents brought now"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["documents"]).choices = choices
