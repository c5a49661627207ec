from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import TextField


class TokenCreateForm(forms.Form):
    name = TextField(label=_("Name (where the token is used)"), max_length=80)
