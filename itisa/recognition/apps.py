from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "itisa.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        from itisa.recognition import checks  # noqa: F401  (registers the font check)
        from itisa.recognition.services import recognition_after_transition
        from itisa.workflow.services import AFTER_TRANSITION

        if recognition_after_transition not in AFTER_TRANSITION:
            AFTER_TRANSITION.append(recognition_after_transition)
