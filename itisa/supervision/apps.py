from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "itisa.supervision"
    label = "supervision"
    verbose_name = _("Supervision and evaluation")

    def ready(self) -> None:
        from itisa.supervision import guards  # noqa: F401  (registers all_members_consent)
        from itisa.supervision.hooks import grade_after_assessment
        from itisa.workflow.services import AFTER_TRANSITION

        if grade_after_assessment not in AFTER_TRANSITION:
            AFTER_TRANSITION.append(grade_after_assessment)
