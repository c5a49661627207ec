"""Forms of the roles page: what a bureau administrator may pick is limited to their own bureau."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.access.accounts import manageable_jurisdiction_ids
from itisa.accounts.models import RecommenderKind, Role, User
from itisa.core.forms import TextField

GRANTABLE = [c for c in Role.choices if c[0] != Role.EXPERT]  # experts join the pool through reviews


class RoleGrantForm(forms.Form):
    username = TextField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE)
    jurisdiction: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    alliance: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Alliance (lead-unit office)"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    recommender_kind = forms.ChoiceField(
        label=_("Recommender kind"), required=False, choices=[("", "—"), *RecommenderKind.choices]
    )
    reason = TextField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, manager: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from itisa.register.models import Alliance, Jurisdiction

        ids = manageable_jurisdiction_ids(manager)
        jurisdictions = Jurisdiction.objects.order_by("code")
        alliances = Alliance.objects.order_by("name")
        if ids is not None:
            jurisdictions = jurisdictions.filter(pk__in=ids)
            alliances = alliances.filter(jurisdiction_id__in=ids)
        self.fields["jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]
        self.fields["alliance"].queryset = alliances  # type: ignore[attr-defined]

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No account has this user name."))
        return user


class RoleRevokeForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=500)
