# ruff: noqa: F811  (pytest fixtures imported from the apps' conftests are parameters here)
"""The access tests' cast: the demo cast's roles around Jiangning's case in expert review (the staff pages'
world), with a Kunming alliance and its lead, Kunming's staff, finance of both bureaux, a county recommender,
experts assigned and not, and a superuser."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.funding.tests.conftest import jiangning_alliance  # noqa: F401
from itisa.reviews.tests.conftest import IN_TRIAL, jiangning_in_review, make_expert  # noqa: F401
from itisa.staff.tests.conftest import jiangning_world  # noqa: F401
from itisa.supervision.tests.conftest import recognised  # noqa: F401
from itisa.workflow.tests.conftest import jiangning_case_setup, pdf, person  # noqa: F401


@pytest.fixture
def cast_world(
    jiangning_world,
    make_expert,
    make_alliance,
    make_org,
    person,
    jurisdiction,
    system_actor,
    jiangning_alliance,
    pdf,
    django_user_model,
):
    from itisa.api.services import api_token_create
    from itisa.documents.services import document_upload
    from itisa.funding.models import EntryKind, LedgerEntry
    from itisa.funding.services import budget_set, fund_create, grant_decide, grant_propose
    from itisa.register.models import Membership
    from itisa.reviews.services import expert_assign

    w = jiangning_world
    case, alliance = w["case"], w["alliance"]
    assigned, unassigned = make_expert("ex_assigned"), make_expert("ex_other")
    expert_assign(actor=w["staff"], case=case, expert=assigned, on=IN_TRIAL)
    jn = jurisdiction("jiangning-kjj")
    jn_fin = person("jn_fin", role="finance", jurisdiction=jn)
    fund = fund_create(actor=jn_fin, jurisdiction=jn, name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    budget_set(actor=jn_fin, fund=fund, year=2019, amount="1000")
    award = jiangning_alliance()
    [p] = [
        p
        for p in grant_propose(actor=w["staff"], alliance=award, pack="jiangning", on=date(2019, 4, 1)).proposals
        if p.rule == "recognition_award"
    ]
    grant_decide(actor=w["staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    other = make_alliance(
        "昆明花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明花卉企业", region="530102")
    )
    import io

    lead_doc = document_upload(
        actor=w["lead"], kind="plan", name="规划.pdf", stream=io.BytesIO(b"%PDF-1.4 plan"), size=13, alliance=alliance
    )
    users = {
        "anonymous": None,
        "nobody": person("nobody"),
        "lead_own": w["lead"],
        "lead_other": person("km_lead", role="lead_unit", alliance=other),
        "recommender": person(
            "nj_dept", role="recommender", recommender_kind="city_department", jurisdiction=jurisdiction("nanjing-kjj")
        ),
        "recommender_other": person(
            "km_dept", role="recommender", recommender_kind="city_department", jurisdiction=jurisdiction("kunming-kjj")
        ),
        "bureau_own": w["staff"],
        "bureau_other": w["other_staff"],
        "finance_own": jn_fin,
        "finance_other": person("ly_fin", role="finance", jurisdiction=jurisdiction("luoyang-kjj")),
        "expert_assigned": assigned.user,
        "expert_unassigned": unassigned.user,
        "superuser": django_user_model.objects.create_superuser(username="root", password="pw"),
    }
    objects = {
        "case": case,
        "alliance": alliance,
        "call": w["call"],
        "report": w["report"],
        "proposal": w["proposal"],
        "commitment": LedgerEntry.objects.get(kind=EntryKind.COMMITMENT),
        "notice": w["notice"],
        "objection": w["objection"],
        "assignment": w["assignment"],
        "rectification": w["rectification"],
        "material": w["document"],
        "lead_document": lead_doc,
        "membership": Membership.objects.filter(alliance=alliance).first(),
        "role_assignment": w["staff"].roles.first(),
        "token": api_token_create(actor=w["lead"], name="省级系统")[0],
        "fund": fund,
        "fund_jurisdiction": fund.jurisdiction,
    }
    return users, objects
