from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "itisa.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        # Declares every action's rule and queryset (each domain module registers itself on import).
        from itisa.access import accounts, api, documents, funding, pages, register, reviews, supervision, workflow  # noqa: F401
