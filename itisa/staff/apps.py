from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "itisa.staff"
    label = "staff"
    verbose_name = _("Bureau and recommender work pages")
