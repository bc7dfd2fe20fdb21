"""Admin forms of the catalog: a service's descriptive fields, and a new version of its rules.

The rules form only shapes input; `change_service_rules` decides what is valid, and its refusals
are shown next to the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _

from darcha.catalog.choices import CalendarRegime, Channel, Exemption, Verification
from darcha.catalog.models import DocumentType, Service, ServiceVersion
from darcha.core.errors import DomainError
from darcha.core.formats import DATE_INPUT_FORMATS


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DocumentType) -> str:
        return f"{obj.name} ({obj.code})"


class ServiceAdminForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where citizens can apply for this service."),
    )

    class Meta:
        model = Service
        fields = [
            "code",
            "category",
            "agency",
            "is_active",
            "channels",
            "name_uz",
            "name_uz_cyrl",
            "name_ru",
            "name_en",
            "description_uz",
            "description_uz_cyrl",
            "description_ru",
            "description_en",
            "source",
        ]


def exemption_field_name(category: str) -> str:
    return f"exemption_{category}"


class RulesVersionForm(forms.Form):
    """A new version of a service's rules, prefilled from the version in force."""

    valid_from = forms.SplitDateTimeField(
        label=_("valid from"),
        required=False,
        input_date_formats=DATE_INPUT_FORMATS,
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Leave empty for now. May be in the future; not before the current version."),
    )
    fee_bhm = forms.DecimalField(label=_("fee, BHM multiple"), max_digits=8, decimal_places=4)
    fee_uzs_fixed = forms.IntegerField(label=_("fixed fee part, UZS"), initial=0)
    online_fee_percent = forms.IntegerField(
        label=_("online fee, percent of the front-desk fee"),
        initial=100,
        help_text=_("My.gov.uz filings usually pay 90%."),
    )
    term_working_days = forms.IntegerField(label=_("legal term, working days"))
    calendar_regime = forms.ChoiceField(label=_("working week"), choices=CalendarRegime.choices)
    mandatory_documents = DocumentChoiceField(
        label=_("mandatory documents"),
        queryset=DocumentType.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    optional_documents = DocumentChoiceField(
        label=_("optional documents"),
        queryset=DocumentType.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    fee_verified = forms.ChoiceField(label=_("fee verified"), choices=Verification.choices)
    term_verified = forms.ChoiceField(label=_("term verified"), choices=Verification.choices)
    change_note = forms.CharField(
        label=_("reason for the change"),
        max_length=300,
        help_text=_("For example, the act that changed the rules, with its number and date."),
    )

    # Fields of change_service_rules that this form calls differently.
    domain_fields: dict[str, str | None] = {"documents": "mandatory_documents", "exemptions": None}

    def __init__(self, *args: Any, current: ServiceVersion | None = None, **kwargs: Any) -> None:
        self.current = current
        if current is not None:
            kwargs.setdefault("initial", self.initial_from(current))
        super().__init__(*args, **kwargs)
        # One discount field per exemption category: 0 means no discount for that group.
        for category, label in Exemption.choices:
            self.fields[exemption_field_name(category)] = forms.IntegerField(
                label=_("discount for %(group)s, %%") % {"group": label},
                min_value=0,
                max_value=100,
                initial=0,
                required=False,
            )
        discounts = [exemption_field_name(category) for category in Exemption.values]
        self.order_fields(
            [
                "valid_from",
                "fee_bhm",
                "fee_uzs_fixed",
                "online_fee_percent",
                *discounts,
                "fee_verified",
                "term_working_days",
                "calendar_regime",
                "term_verified",
                "mandatory_documents",
                "optional_documents",
                "change_note",
            ]
        )

    @staticmethod
    def initial_from(version: ServiceVersion) -> dict[str, Any]:
        lines = list(version.documents.select_related("document"))
        discounts = {exemption_field_name(category): 0 for category in Exemption.values}
        for rule in version.exemptions:
            discounts[exemption_field_name(str(rule["category"]))] = int(str(rule["percent_off"]))
        return {
            **discounts,
            "fee_bhm": version.fee_bhm,
            "fee_uzs_fixed": version.fee_uzs_fixed,
            "online_fee_percent": version.online_fee_percent,
            "term_working_days": version.term_working_days,
            "calendar_regime": version.calendar_regime,
            "mandatory_documents": [line.document.code for line in lines if line.mandatory],
            "optional_documents": [line.document.code for line in lines if not line.mandatory],
            "fee_verified": version.fee_verified,
            "term_verified": version.term_verified,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mandatory = {d.code for d in data.get("mandatory_documents") or []}
        optional = {d.code for d in data.get("optional_documents") or []}
        both = sorted(mandatory & optional)
        if both:
            self.add_error(
                "optional_documents",
                _("A document cannot be both mandatory and optional: %(codes)s.") % {"codes": ", ".join(both)},
            )
        return data

    def exemptions(self) -> list[dict[str, Any]]:
        rules = []
        for category in Exemption.values:
            percent = self.cleaned_data.get(exemption_field_name(category)) or 0
            if percent:
                rules.append({"category": category, "percent_off": percent})
        return rules

    def documents(self) -> list[tuple[str, bool]]:
        """Keep the current checklist's order; new documents follow in code order."""
        order = {}
        if self.current is not None:
            order = {line.document.code: line.position for line in self.current.documents.select_related("document")}
        chosen = [(d.code, True) for d in self.cleaned_data.get("mandatory_documents") or []]
        chosen += [(d.code, False) for d in self.cleaned_data.get("optional_documents") or []]
        return sorted(chosen, key=lambda item: (order.get(item[0], len(order)), not item[1], item[0]))

    def rules(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "valid_from": data.get("valid_from"),
            "fee_bhm": data["fee_bhm"],
            "fee_uzs_fixed": data["fee_uzs_fixed"],
            "online_fee_percent": data["online_fee_percent"],
            "exemptions": self.exemptions(),
            "term_working_days": data["term_working_days"],
            "calendar_regime": data["calendar_regime"],
            "documents": self.documents(),
            "fee_verified": data["fee_verified"],
            "term_verified": data["term_verified"],
            "change_note": data["change_note"],
        }

    def add_domain_error(self, error: DomainError) -> None:
        field = self.domain_fields.get(error.field or "", error.field)
        self.add_error(field if field in self.fields else None, str(error.message))
