from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The home page: the public register's entry for a visitor, each role's workbench after login."""

    name = "itisa.workbench"
    label = "workbench"
    verbose_name = _("Workbench")
