from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "itisa.notices"
    label = "notices"
    verbose_name = _("Public notices")

    def ready(self) -> None:
        # Guards are registered by importing the module; the hook follows every case move.
        from itisa.notices import guards  # noqa: F401
        from itisa.notices.services import notice_after_transition
        from itisa.workflow.services import AFTER_TRANSITION

        if notice_after_transition not in AFTER_TRANSITION:
            AFTER_TRANSITION.append(notice_after_transition)
