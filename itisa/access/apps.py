from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "itisa.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        # Declares every action's rule and queryset (each domain module registers itself on import).
        from itisa.access import (  # noqa: F401
            accounts,
            api,
            documents,
            exports,
            funding,
            pages,
            register,
            reviews,
            supervision,
            workflow,
        )
