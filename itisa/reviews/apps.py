from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "itisa.reviews"
    label = "reviews"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        # Registers expert_review_passed, acceptance_passed and site_visit_passed with the workflow.
        from itisa.reviews import guards  # noqa: F401
        from itisa.reviews.selectors import is_assigned_expert
        from itisa.workflow.roles import EXTRA_ROLE_RESOLVERS

        EXTRA_ROLE_RESOLVERS["expert"] = is_assigned_expert
        # The third party a bureau entrusts (Luoyang 第九条 “可委托第三方”): the experts assigned to the case.
        EXTRA_ROLE_RESOLVERS["third_party_evaluator"] = is_assigned_expert
