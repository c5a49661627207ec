from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data set and its ``seed_demo`` command: a client of every app, so none of them (and not
    ``core``) depends on it."""

    name = "itisa.demo"
    label = "demo"
    verbose_name = _("Demo data")
