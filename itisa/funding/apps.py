from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "itisa.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from itisa.audit.models import AuditEvent
        from itisa.funding.warm import after_audited_write

        # The what-if's columns read again in the background after each audited write (ADR 0017).
        post_save.connect(after_audited_write, sender=AuditEvent, dispatch_uid="funding-warm-register-columns")
