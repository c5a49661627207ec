from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "itisa.supervision"
    label = "supervision"
    verbose_name = _("Supervision and evaluation")

    def ready(self) -> None:
        from itisa.supervision import guards  # noqa: F401  (registers all_members_consent)
        from itisa.supervision.hooks import grade_after_assessment, revocation_after_case
        from itisa.workflow.services import AFTER_TRANSITION

        for hook in (grade_after_assessment, revocation_after_case):
            if hook not in AFTER_TRANSITION:
                AFTER_TRANSITION.append(hook)
