from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Whole-site backup and restore (``manage.py backup`` / ``restore``): it reads the documents' storage and
    checks the audit chain, so it sits above those apps rather than in ``core``."""

    name = "itisa.operations"
    label = "operations"
    verbose_name = _("Operations")
