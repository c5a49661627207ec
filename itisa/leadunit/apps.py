from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadUnitConfig(AppConfig):
    name = "itisa.leadunit"
    label = "leadunit"
    verbose_name = _("Lead-unit office")
