from itisa.funding.tests.conftest import jiangning_alliance  # noqa: F401
from itisa.reviews.tests.conftest import jiangning_in_review, make_expert  # noqa: F401
from itisa.workflow.tests.conftest import jiangning_case_setup, pdf, person  # noqa: F401
