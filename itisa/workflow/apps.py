from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "itisa.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from itisa.workflow.hooks import status_after_transition
        from itisa.workflow.services import AFTER_TRANSITION

        if status_after_transition not in AFTER_TRANSITION:
            AFTER_TRANSITION.insert(0, status_after_transition)
