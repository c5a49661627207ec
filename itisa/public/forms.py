from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import TextField


class ObjectionForm(forms.Form):
    name = TextField(label=_("Your name"), max_length=60, required=False)
    contact = TextField(label=_("E-mail or telephone"), max_length=120)
    text = TextField(label=_("Your objection and its grounds"), widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("Do not publish my name"), required=False)
