from __future__ import annotations

from datetime import date

import pytest

from itisa.workflow.tests.conftest import jiangning_case_setup, pdf, person  # noqa: F401  (shared fixtures)

IN_TRIAL = date(2020, 6, 1)  # Jiangning's text: 2019-01-01 … 2021-12-31 (第十五条)
JIANGNING_MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
                       "funding_and_staff"]


@pytest.fixture
def make_expert(person, make_org, jurisdiction):  # noqa: F811
    """An expert of the pool working for *org* (a new outside organisation by default)."""
    from itisa.reviews.services import expert_profile_create

    def make(username: str, org=None, fields=(), tags=()):
        org = org or make_org(f"{username}所在单位", region="320102")
        user = person(username)
        user.organisation = org
        user.save(update_fields=["organisation"])
        return expert_profile_create(actor=system_actor_staff(), user=user, organisation=org, fields=fields,
                                     tags=tags)

    staff: list = []

    def system_actor_staff():
        if not staff:
            staff.append(person("pool_keeper", role="bureau_staff", jurisdiction=jurisdiction("jiangning-kjj")))
        return staff[0]

    return make


@pytest.fixture
def jiangning_in_review(jiangning_case_setup, pdf):  # noqa: F811
    """The Jiangning case of the workflow tests, submitted and accepted: now at expert_review."""
    from itisa.workflow.services import case_act, case_attach_material, case_open

    s = jiangning_case_setup
    case = case_open(actor=s["lead"], alliance=s["alliance"], on=IN_TRIAL)
    for material in JIANGNING_MATERIALS:
        case_attach_material(actor=s["lead"], case=case, material_id=material, document=pdf(f"{material}.pdf"))
    case_act(actor=s["lead"], case=case, action="submit", on=IN_TRIAL)
    case_act(actor=s["staff"], case=case, action="accept", on=IN_TRIAL)
    case.refresh_from_db()
    assert case.state == "expert_review"
    return {**s, "case": case}
