"""The lead-unit office's forms: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from itisa.access.documents import BUREAU_KINDS
from itisa.core.forms import BoundedDateField, HtmlDateInput, RegionSearchInput, TextField, formfield_for
from itisa.documents.models import DocumentKind
from itisa.register.countries import country_choices
from itisa.register.models import (
    AchievementKind,
    Alliance,
    ChainPosition,
    IndustryField,
    MemberRole,
    OrganisationKind,
    StandardLevel,
)
from itisa.supervision.models import MajorEventKind, Report
from itisa.supervision.services.reports import SECTIONS

DATE = HtmlDateInput()
MEMBER_ROLES = [(v, label) for v, label in MemberRole.choices if v != MemberRole.LEAD]


class MemberAddForm(forms.Form):
    credit_code = TextField(label=_("Unified social credit code"), max_length=18, required=False,
                                  help_text=_("An organisation already registered is found by its code."))
    other_id = TextField(label=_("Other identifier"), max_length=64, required=False,
                               help_text=_("Only for an organisation without a unified social credit code "
                                           "(registered abroad, or a legacy unit)."))
    other_id_scheme = TextField(label=_("Kind of identifier"), max_length=60, required=False)
    id_country = forms.ChoiceField(label=_("Issuing country"), required=False)
    name = TextField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Needed only for an organisation not yet registered."))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *OrganisationKind.choices], required=False)
    region = TextField(label=_("Registered region"), max_length=40, required=False, widget=RegionSearchInput,
                             help_text=_("Type a name or a code (GB/T 2260); empty: the region in the credit code."))
    legal_person = forms.BooleanField(label=_("Independent legal person"), required=False, initial=True)
    chain_position = forms.ChoiceField(label=_("Industry-chain position"), choices=[("", "—"), *ChainPosition.choices],
                                       required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES, initial=MemberRole.MEMBER)
    joined_on = BoundedDateField(label=_("Joined on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("credit_code") and not data.get("other_id"):
            self.add_error("credit_code", _("Give the unified social credit code, or another identifier and its "
                                            "issuing country."))
        return data


class MemberEndForm(forms.Form):
    left_on = BoundedDateField(label=_("Left on"), widget=DATE,
                              help_text=_("The first day the organisation is no longer a member."))
    reason = TextField(label=_("Reason"), max_length=500, required=False)


# A lead unit files its own kinds only: recognition documents and site-visit reports are the bureau's.
LEAD_KINDS = [(k, label) for k, label in DocumentKind.choices if k not in BUREAU_KINDS]


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=LEAD_KINDS)
    file = forms.FileField(label=_("File"))


class AchievementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AchievementKind.choices)
    title = TextField(label=_("Title"), max_length=200)
    reference = TextField(label=_("Reference number"), max_length=80, required=False)
    standard_level = forms.ChoiceField(label=_("Standard level"), choices=[("", "—"), *StandardLevel.choices],
                                       required=False, help_text=_("Only for standards."))
    achieved_on = BoundedDateField(label=_("Date"), widget=DATE)
    organisation = forms.TypedChoiceField(label=_("Member organisation"), required=False, coerce=int,
                                          empty_value=None)

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *members]  # type: ignore[attr-defined]


FACT_FIELDS = [
    "kind", "industry_field", "has_rd_team",
    "has_office", "office_address", "full_time_staff", "part_time_staff", "has_council", "has_expert_committee",
    "has_executive_body", "has_rules_of_procedure", "agreement_signed_on", "agreement_signed_by_all", "has_charter",
    "has_short_term_plan", "has_mid_term_plan", "has_long_term_plan", "has_innovation_system_plan", "has_ip_rules",
    "has_benefit_sharing_rules", "has_fund_rules", "has_funding_mechanism", "has_open_membership",
    "legal_entity_registered", "legal_entity_credit_code",
]


class AllianceFactsForm(forms.Form):
    """The alliance's kind, field, team, organs, agreement and plans: the facts many conditions read."""

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), fields: Any = None,  # type: ignore[assignment]
                 periods: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Alliance, fields=FACT_FIELDS, formfield_callback=formfield_for))
        self.fields["agreement_signed_on"].widget = DATE
        self.fields["industry_field"].queryset = fields if fields is not None else IndustryField.objects.none()  # type: ignore[attr-defined]
        self.fields["industry_field"].help_text = _("From the bureau's industry catalogue.")
        self.fields["kind"].help_text = _("A platform or service alliance builds innovation platforms or offers "
                                          "innovation services (Kunming 第八条(三) exempts it from the "
                                          "industrialisation project).")
        self.fields["signatories"] = forms.TypedMultipleChoiceField(
            label=_("Members whose legal representative signed the agreement"), required=False, coerce=int,
            choices=list(periods), widget=forms.CheckboxSelectMultiple,
            help_text=_("Once signatures are recorded here, “signed by all members” is read from them."))
        self.fields["outward_responsible_party"] = forms.TypedChoiceField(
            label=_("party responsible outward"), required=False, coerce=int, empty_value=None,
            choices=[("", "—"), *members])
        self.fields["reason"] = TextField(label=_("Reason for the change"), max_length=500)


class OpenCaseForm(forms.Form):
    call = forms.TypedChoiceField(label=_("Call for applications"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, calls: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", "—"), *calls]  # type: ignore[attr-defined]


class MaterialForm(forms.Form):
    material_id = TextField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class CaseActForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("resubmit", "resubmit"), ("withdraw", "withdraw")],
                               widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = TextField(label=_("Note to the bureau"), max_length=2000, required=False, widget=forms.Textarea)


class ReportForm(forms.Form):
    """One report of one kind: the year (yearly kinds) or the event, every section, an attachment."""

    def __init__(self, *args: Any, yearly: bool, required: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if yearly:
            self.fields["year"] = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
        else:
            self.fields["event_kind"] = forms.ChoiceField(label=_("Kind of event"), choices=MajorEventKind.choices)
            self.fields["event_date"] = BoundedDateField(label=_("Date of the event"), widget=DATE)
        for name in sorted(SECTIONS, key=lambda n: n not in required):
            label = getattr(Report._meta.get_field(name), "verbose_name", name)
            self.fields[name] = TextField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                                help_text=_("Asked for by the text.") if name in required else "")
        self.fields["attachment"] = forms.FileField(label=_("Attachment"), required=False)
        self.required_sections = required


class RectificationResponseForm(forms.Form):
    response = TextField(label=_("What was rectified"), widget=forms.Textarea)
    attachment = forms.FileField(label=_("Supporting document"), required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class DissolutionApplyForm(forms.Form):
    reason = TextField(label=_("Reason for dissolving"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DissolutionConsentForm(forms.Form):
    """One member's consent, with its signed statement (Jiangning 第十二条 经全体成员单位同意)."""

    organisation = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())
    attachment = forms.FileField(label=_("Signed consent"))

    def __init__(self, *args: Any, members: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in members]  # type: ignore[attr-defined]
class ProcedureOpenForm(forms.Form):
    """Open a case of one of the procedures the lead unit opens (the list comes from the pack in force)."""

    procedure = forms.ChoiceField(label=_("Procedure"))
    call = forms.TypedChoiceField(label=_("Call for applications"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, procedures: list[tuple[str, str]] = (),  # type: ignore[assignment]
                 calls: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedures  # type: ignore[attr-defined]
        self.fields["call"].choices = [("", "—"), *calls]  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    """One move of a case's table, taken on the version the page showed."""

    action = TextField(widget=forms.HiddenInput, max_length=40)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = TextField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
