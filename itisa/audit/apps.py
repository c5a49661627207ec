from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "itisa.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # The pages kept per data version (itisa.core.page_cache) move with the last audit event.
        from itisa.audit.selectors import last_event_mark
        from itisa.core.page_cache import set_version_source

        set_version_source(last_event_mark)
