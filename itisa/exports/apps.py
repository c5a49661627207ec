from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "itisa.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        # Large workbooks of every list page are built in the background (ADR 0019): core imports no app, so
        # this app hands the list pages its starter.
        from itisa.core.listing import set_background_export
        from itisa.exports.start import start_from_list

        set_background_export(start_from_list)
