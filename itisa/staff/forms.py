"""Forms of the work pages: they parse what was typed; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.core.forms import BoundedDateField, DecimalInput, HtmlDateInput, TextField
from itisa.notices.models import ObjectionStatus
from itisa.reviews.models import ReviewRound
from itisa.supervision.models import GradeKind, RectificationResult
from itisa.workflow.labels import in_language

#: Actions whose move needs the reason written down (a return says what to revise, a refusal why).
REASON_REQUIRED = {"return_for_revision", "reject", "recommend", "decline_to_recommend", "refuse_dissolution", "object"}


class DecisionForm(forms.Form):
    action = TextField(widget=forms.HiddenInput, max_length=40)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = TextField(label=_("Reason"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        prefix = kwargs.get("prefix") or f"act-{action}"
        kwargs["prefix"] = prefix
        super().__init__(*args, **kwargs)
        self.action_name = action
        self.fields["reason"].widget.attrs["id"] = f"{prefix}-reason"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in REASON_REQUIRED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason: it is recorded on the timeline and shown to the applicant."))
        return data


class ObjectionResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Resolution"), choices=[(ObjectionStatus.UPHELD, _("Uphold")),
                                                                (ObjectionStatus.DISMISSED, _("Dismiss"))])
    reason = TextField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    """Several experts at once (the panel of a round); the conflicted ones cannot be chosen."""

    expert = forms.TypedMultipleChoiceField(label=_("Experts"), coerce=int, choices=())
    round = forms.ChoiceField(label=_("Round"), choices=ReviewRound.choices, initial=ReviewRound.REVIEW)

    def __init__(self, *args: Any, candidates: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        # Only experts without a conflict of interest can be chosen (the service refuses the others too).
        cast(forms.TypedMultipleChoiceField, self.fields["expert"]).choices = [(c.expert.pk, str(c.expert.user)) for c in candidates
                                         if not c.conflict and not c.assigned]


class UnassignForm(forms.Form):
    reason = TextField(label=_("Reason for withdrawal"), max_length=2000)


class GradeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    grade = forms.ChoiceField(label=_("Grade"), choices=())
    kind = forms.ChoiceField(label=_("Kind"), choices=GradeKind.choices, initial=GradeKind.YEARLY)
    note = TextField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    rectification_months = forms.IntegerField(label=_("Rectification period (months), if one is ordered"),
                                              required=False, min_value=1, max_value=60)

    def __init__(self, *args: Any, scale: list[dict[str, Any]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["grade"]).choices = [(s["id"], in_language(s)) for s in scale]


class ApplyConsequencesForm(forms.Form):
    rectification_months = forms.IntegerField(label=_("Rectification period (months), if one is ordered"),
                                              required=False, min_value=1, max_value=60)


class RectificationJudgeForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=[(RectificationResult.PASS, RectificationResult.PASS.label),
                                                           (RectificationResult.FAIL, RectificationResult.FAIL.label)])
    judgement = TextField(label=_("Judgement"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(forms.Form):
    article = TextField(label=_("Article"), max_length=60)
    reason = TextField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    plaque_recall = forms.BooleanField(label=_("Order the plaque back"), required=False, initial=True)
    publish = forms.BooleanField(label=_("Enter in the public register"), required=False, initial=True)


class ProposeForm(forms.Form):
    """The alliance is found by a search field (HTMX lists the matches as one types, or the Find button),
    never a dropdown of the whole register (ADR 0017); only alliances in the user's scope are offered."""

    alliance_q = TextField(label=_("Find the alliance"), required=False, max_length=100,
                           help_text=_("Type part of the alliance's name."))
    alliance = forms.TypedChoiceField(label=_("Alliance"), coerce=int, choices=(), widget=forms.RadioSelect)
    on = BoundedDateField(label=_("As of"), kind="planned", widget=HtmlDateInput())
    year = forms.IntegerField(label=_("Year of the claim (optional)"), required=False, min_value=1990, max_value=2100)
    claim = forms.TypedChoiceField(
        label=_("Accepted claim (optional)"), coerce=int, required=False, empty_value=None,
        help_text=_("Propose again on a claim already accepted: its matter is what “no double funding” compares."))
    reason = TextField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, alliances: Any = (), claims: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["alliance"]).choices = [(a.pk, a.name) for a in alliances]
        self.fields["alliance"].error_messages["invalid_choice"] = _("Choose one of the alliances found.")
        self.claim_owner = {c.pk: c.alliance_id for c in claims}
        cast(forms.ChoiceField, self.fields["claim"]).choices = [("", "—"), *(
            (c.pk, f"{c.ref} {c.alliance.name}：{c.citation}"
                   + (f" · {c.event['matter']}" if c.event.get("matter") else "")) for c in claims)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        claim = data.get("claim")
        if claim is not None and data.get("alliance") is not None and self.claim_owner.get(claim) != data["alliance"]:
            self.add_error("claim", _("The claim is not the chosen alliance's."))
        return data

    def rest(self) -> list[Any]:
        """The fields after the alliance (the page lays out the search, the matches and their accepted claims,
        which the search refreshes together)."""
        return [self[name] for name in ("on", "year", "reason")]


class GrantDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", pgettext_lazy("grant decision", "Approve")),
                                                           ("reject", pgettext_lazy("grant decision", "Reject"))],
                                 widget=forms.RadioSelect)
    amount = forms.DecimalField(label=_("Amount (万元)"), required=False, min_value=0, max_digits=14, decimal_places=4,
                                widget=DecimalInput())
    reason = TextField(label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CallForm(forms.Form):
    jurisdiction = forms.TypedChoiceField(label=_("Bureau"), coerce=int, choices=())
    procedure_id = forms.ChoiceField(label=_("Procedure"), choices=[("recognition", _("Recognition"))],
                                     initial="recognition")
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = TextField(label=_("Title"), max_length=200)
    opens_on = BoundedDateField(label=_("Opens on"), kind="planned", widget=HtmlDateInput())
    closes_on = BoundedDateField(label=_("Closes on"), kind="planned", required=False, widget=HtmlDateInput(),
                                help_text=_("Leave empty where applications are accepted all year round."))

    def __init__(self, *args: Any, jurisdictions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jurisdiction"]).choices = [(j.pk, j.name) for j in jurisdictions]


class EndorseForm(forms.Form):
    opinion = TextField(label=_("Recommender's opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(forms.Form):
    """A finding of the kinds the text in force names, each with its article (Kunming 第十七条, Jiangning 第十三条)."""

    kind = forms.ChoiceField(label=_("Finding"), choices=())
    description = TextField(label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Evidence"), required=False)

    def __init__(self, *args: Any, choices: list[dict[str, Any]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        kwargs.setdefault("prefix", "finding")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (c["kind"], f"{c['label']}（{c['doc']}{c['article']}）") for c in choices]


class DissolutionDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", pgettext_lazy("dissolution", "Approve")),
                                                               ("refuse", pgettext_lazy("dissolution", "Refuse"))])
    note = TextField(label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not data.get("note"):
            self.add_error("note", _("Give the reason for refusing: the lead unit is told."))
        return data


class PlaqueReturnedForm(forms.Form):
    on = BoundedDateField(label=_("Plaque returned on"), widget=HtmlDateInput())
