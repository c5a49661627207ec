from datetime import date

import pytest

from itisa.reviews.tests.conftest import jiangning_in_review, make_expert  # noqa: F401
from itisa.workflow.tests.conftest import jiangning_case_setup, pdf, person  # noqa: F401


@pytest.fixture
def weinan_in_review(make_alliance, make_org, person, jurisdiction):  # noqa: F811
    """A Weinan case at expert review, placed there directly (as in the reviews tests)."""
    from itisa.register.models import IndustryField
    from itisa.reviews.tests.test_rounds_and_fields import case_at

    pillar = IndustryField.objects.get(jurisdiction__code="weinan-kjj", code="pillar")
    alliance = make_alliance("渭南市装备制造产业技术创新战略联盟", juris="weinan-kjj",
                             lead=make_org("渭南装备龙头", region="610502"), founded_on=date(2014, 1, 1),
                             industry_field=pillar)
    return {"case": case_at(alliance, "610500-weinan/2015", "expert_review"), "field": pillar,
            "staff": person("wn_staff", role="bureau_staff", jurisdiction=jurisdiction("weinan-kjj"))}
