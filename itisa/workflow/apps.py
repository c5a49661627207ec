from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "itisa.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from itisa.workflow.hooks import status_after_close, status_after_transition
        from itisa.workflow.services import AFTER_TRANSITION

        for hook in (status_after_close, status_after_transition):
            if hook not in AFTER_TRANSITION:
                AFTER_TRANSITION.insert(0, hook)
