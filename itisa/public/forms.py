from django import forms
from django.utils.translation import gettext_lazy as _


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    contact = forms.CharField(label=_("E-mail or telephone"), max_length=120)
    text = forms.CharField(label=_("Your objection and its grounds"), widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("Do not publish my name"), required=False)
