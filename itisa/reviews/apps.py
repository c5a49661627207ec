from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "itisa.reviews"
    label = "reviews"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        # Registers expert_review_passed, acceptance_passed and site_visit_passed with the workflow.
        from itisa.reviews import guards  # noqa: F401
