"""Claims for support money, service by service: filed by the lead with evidence, reviewed by the bureau of the
paying fund, accepted into grant proposals that carry the claim, its documents and the bureau's findings."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itisa.access import AccessDenied
from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEvent
from itisa.funding.claim_forms import claim_kind, claim_kinds
from itisa.funding.claim_services import (
    claim_accept,
    claim_add_evidence,
    claim_ask_evidence,
    claim_file,
    claim_preview,
    claim_reject,
    outside_funding_record,
)
from itisa.funding.engine_io import pack_of
from itisa.funding.models import Claim, ClaimStatus, GrantProposal
from itisa.funding.services import grant_decide
from itisa.register.services import alliance_level_record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def lead_of(django_user_model):
    def make(alliance, username: str):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username)
        RoleAssignment.objects.create(user=user, role="lead_unit", alliance=alliance)
        return user

    return make


def pdf(name: str = "证明.pdf"):
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return (name, io.BytesIO(body), len(body))


@pytest.fixture
def luoyang(make_alliance, jurisdiction, system_actor, lead_of):
    a = make_alliance("洛阳市轴承产业技术创新战略联盟")
    alliance_level_record(
        actor=system_actor,
        alliance=a,
        level="municipal",
        from_date=date(2019, 5, 1),
        jurisdiction=jurisdiction("luoyang-kjj"),
    )
    return a, lead_of(a, "ly_lead")


def test_the_forms_follow_the_packs_money_rules():
    luoyang = {k.kind: k for k in claim_kinds(pack_of("luoyang"))}
    assert set(luoyang) == {
        "legal_entity_registered",
        "entity_sales",
        "rd_project",
        "platform_construction",
        "platform_operating",
        "platform_service_income",
    }
    sales = luoyang["entity_sales"]
    assert sales.article == "第十二条" and {"base", "year"} <= set(sales.fields)
    assert [f for f, *_ in sales.staff_flags] == ["key_supported", "legal_entity_registered"]
    assert [f for f, *_ in luoyang["platform_operating"].event_flags] == ["platform_recognised", "major_contribution"]
    assert luoyang["rd_project"].member_payee and "base" not in luoyang["rd_project"].fields
    jiangning = {k.kind: k for k in claim_kinds(pack_of("jiangning"))}
    assert {
        "national_major_project",
        "provincial_key_rd_project",
        "platform_recognised",
        "exchange_activity",
        "operating_subsidy",
    } == set(jiangning)
    assert jiangning["national_major_project"].member_kinds == ("enterprise",)
    [matching] = claim_kinds(pack_of("kunming"))
    assert matching.kind == "lead_matching" and matching.as_evidence and matching.rule_ids == ("guidance_fund",)
    assert [k.kind for k in claim_kinds(pack_of("weinan"))] == ["re_review_passed"]


def test_luoyang_12_sales_claim_goes_back_for_evidence_then_becomes_a_capped_proposal(cast, funds, luoyang):
    # 第十二条: 按照独立法人机构年度销售收入的10%给予运营补助，每年最高补助100万元
    alliance, lead = luoyang
    event = {"id": "new", "kind": "entity_sales", "date": "2019-12-01", "year": 2019, "base": "1500"}
    claim = claim_file(
        actor=lead,
        alliance=alliance,
        pack="luoyang",
        kind="entity_sales",
        event=event,
        files=[pdf("销售收入审计报告.pdf")],
        on=date(2019, 12, 2),
    )
    assert claim.status == ClaimStatus.SUBMITTED and claim.citation == "洛政办〔2018〕54号 第十二条"
    assert claim.jurisdiction == funds["luoyang"].jurisdiction
    assert claim.event["claim"] == claim.ref and [d["name"] for d in claim.event["documents"]] == [
        "销售收入审计报告.pdf"
    ]

    # Without the bureau's finding that the alliance is key-supported the engine gives nothing: nothing stored.
    with pytest.raises(ValidationError) as caught:
        claim_accept(actor=cast["ly_staff"], claim=claim, on=date(2019, 12, 10))
    assert caught.value.code == "refused"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and not GrantProposal.objects.exists()

    claim_ask_evidence(actor=cast["ly_staff"], claim=claim, reason="请补充法人登记证书")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.MORE_EVIDENCE and claim.staff_note == "请补充法人登记证书"
    claim_add_evidence(actor=lead, claim=claim, files=[pdf("法人登记证书.pdf")], note="已补充")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.documents.count() == 2

    run = claim_accept(
        actor=cast["ly_staff"], claim=claim, flags=["key_supported", "legal_entity_registered"], on=date(2019, 12, 10)
    )
    [p] = run.proposals
    assert (p.article, p.amount, p.cap_applied) == ("第十二条", D("100"), True)  # 150 capped at 100
    assert p.asserted_flags == ["key_supported", "legal_entity_registered"]
    assert p.claim["claim"] == claim.ref and len(p.claim["documents"]) == 2
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACCEPTED and list(claim.proposals.all()) == [p]
    assert AuditEvent.objects.filter(action="claim.accept").count() == 1
    from itisa.funding.templatetags.claim_words import found_words

    assert found_words(claim) == "市科技主管部门纳入重点支持；已完成独立法人机构注册"
    with pytest.raises(ValidationError):  # decided once
        claim_reject(actor=cast["ly_staff"], claim=claim, reason="x")


def test_luoyang_21_money_recorded_from_another_policy_stops_the_same_project(cast, funds, luoyang):
    # 第二十一条: 同一事项已获得政府其他类似政策资金支持的，本办法不再重复支持
    alliance, lead = luoyang
    event = {"id": "new", "kind": "rd_project", "date": "2019-08-01", "matter": "LY-RD-2019-07"}
    preview = claim_preview(
        alliance, pack_of("luoyang"), claim_kind(pack_of("luoyang"), "rd_project"), event, on=date(2019, 8, 5)
    )
    [ent] = preview["entitlements"]
    assert ent.range == (D("100"), D("300"))
    outside_funding_record(
        actor=cast["ly_staff"],
        alliance=alliance,
        matter="LY-RD-2019-07",
        source="河南省重大科技专项",
        amount=D("200"),
        received_on=date(2019, 6, 1),
    )
    claim = claim_file(actor=lead, alliance=alliance, pack="luoyang", kind="rd_project", event=event)
    with pytest.raises(ValidationError) as caught:
        claim_accept(actor=cast["ly_staff"], claim=claim, on=date(2019, 8, 5))
    assert "河南省重大科技专项" in caught.value.messages[0]
    assert not GrantProposal.objects.exists()
    # Another matter is not affected.
    other = claim_file(
        actor=lead, alliance=alliance, pack="luoyang", kind="rd_project", event={**event, "matter": "LY-RD-2019-08"}
    )
    assert claim_accept(actor=cast["ly_staff"], claim=other, on=date(2019, 8, 5)).proposals


def test_jiangning_10_6_exchange_claims_share_the_yearly_cap_of_30(cast, funds, jiangning_alliance, lead_of):
    # 第十条6: 每年累计不超过30万元
    a = jiangning_alliance()
    lead, staff = lead_of(a, "jn_lead"), cast["jn_staff"]

    def exchange(n, spend, day):
        return claim_file(
            actor=lead,
            alliance=a,
            pack="jiangning",
            kind="exchange_activity",
            event={
                "id": "new",
                "kind": "exchange_activity",
                "date": day,
                "base": spend,
                "matter": f"EX-{n}",
                "flags": ["filed", "led_by_alliance"],
            },
            files=[pdf(f"活动{n}.pdf")],
        )

    [p1] = claim_accept(actor=staff, claim=exchange(1, "20", "2019-04-20"), on=date(2019, 5, 1)).proposals
    assert (p1.range_min, p1.range_max) == (D("0"), D("20"))
    grant_decide(actor=staff, proposal=p1, approve=True, amount=D("20"), on=date(2019, 5, 10))
    second = exchange(2, "15", "2019-08-20")
    preview = claim_preview(
        a,
        pack_of("jiangning"),
        claim_kind(pack_of("jiangning"), "exchange_activity"),
        second.event,
        on=date(2019, 9, 1),
    )
    assert preview["entitlements"][0].range == (D("0"), D("10"))  # 30 − 20 already granted this year
    [p2] = claim_accept(actor=staff, claim=second, on=date(2019, 9, 1)).proposals
    assert p2.range_max == D("10")
    with pytest.raises(ValidationError):
        grant_decide(actor=staff, proposal=p2, approve=True, amount=D("15"), on=date(2019, 9, 10))


def test_jiangning_exchange_without_the_filed_box_is_refused_naming_the_condition(
    cast, funds, jiangning_alliance, lead_of
):
    a = jiangning_alliance()
    claim = claim_file(
        actor=lead_of(a, "jn_lead"),
        alliance=a,
        pack="jiangning",
        kind="exchange_activity",
        event={
            "id": "new",
            "kind": "exchange_activity",
            "date": "2019-04-20",
            "base": "20",
            "flags": ["led_by_alliance"],
        },
    )
    with pytest.raises(ValidationError) as caught:
        claim_accept(actor=cast["jn_staff"], claim=claim, on=date(2019, 5, 1))
    assert "活动已备案" in caught.value.messages[0]


def test_kunming_matching_proof_reaches_the_guidance_fund_proposal(
    cast, funds, make_alliance, make_org, jurisdiction, system_actor, lead_of
):
    # 第十二条: 联盟牵头单位按不低于3:1的比例配套
    a = make_alliance(
        "昆明花卉产业技术创新战略联盟",
        juris="kunming-kjj",
        lead=make_org("昆明花卉企业", region="530102"),
        founded_on=date(2016, 9, 1),
    )
    alliance_level_record(
        actor=system_actor,
        alliance=a,
        level="municipal",
        from_date=date(2017, 1, 10),
        jurisdiction=jurisdiction("kunming-kjj"),
    )
    lead = lead_of(a, "km_lead")
    short = claim_file(
        actor=lead,
        alliance=a,
        pack="kunming",
        kind="lead_matching",
        event={"id": "new", "kind": "lead_matching", "date": "2017-01-20", "base": "20"},
    )
    preview = claim_preview(
        a, pack_of("kunming"), claim_kind(pack_of("kunming"), "lead_matching"), short.event, on=date(2017, 2, 1)
    )
    assert preview["entitlements"][0].conditions[0].startswith("须满足")  # 20 < 3 × 10
    claim_reject(actor=cast["km_staff"], claim=short, reason="配套不足3:1")
    claim = claim_file(
        actor=lead,
        alliance=a,
        pack="kunming",
        kind="lead_matching",
        event={"id": "new", "kind": "lead_matching", "date": "2017-01-20", "base": "30"},
        files=[pdf("配套资金证明.pdf")],
    )
    [p] = claim_accept(actor=cast["km_staff"], claim=claim, on=date(2017, 2, 1)).proposals
    assert (p.rule, p.amount, p.payee_organisation) == ("guidance_fund", D("10"), a.lead)
    assert p.conditions[0].startswith("已满足") and p.evidence[0]["base"] == "30"
    assert p.claim["claim"] == claim.ref


def test_only_the_alliances_own_lead_files_and_only_the_paying_bureau_reviews(
    cast, funds, luoyang, jiangning_alliance, lead_of
):
    alliance, lead = luoyang
    other_lead = lead_of(jiangning_alliance(), "jn_lead")
    event = {"id": "new", "kind": "rd_project", "date": "2019-08-01"}
    with pytest.raises(AccessDenied):
        claim_file(actor=other_lead, alliance=alliance, pack="luoyang", kind="rd_project", event=event)
    claim = claim_file(actor=lead, alliance=alliance, pack="luoyang", kind="rd_project", event=event)
    with pytest.raises(AccessDenied):
        claim_accept(actor=cast["jn_staff"], claim=claim, on=date(2019, 8, 5))
    with pytest.raises(AccessDenied):
        claim_ask_evidence(actor=lead, claim=claim, reason="x")
    with pytest.raises(ValidationError):
        claim_file(actor=lead, alliance=alliance, pack="luoyang", kind="standard", event=event)
    assert Claim.objects.count() == 1


def test_jiangning_10_3_national_project_matching_is_paid_to_the_enterprise_member(
    cast, funds, jiangning_alliance, lead_of, make_org, system_actor
):
    # 第十条3: 国家重大专项…按一定比例给予配套 — to the member enterprise that carries the project
    from itisa.register.services import membership_add

    a = jiangning_alliance()
    firm = make_org("江宁电网装备有限公司", region="320115")
    membership_add(actor=system_actor, alliance=a, organisation=firm, joined_on=date(2019, 1, 5))
    claim = claim_file(
        actor=lead_of(a, "jn_lead"),
        alliance=a,
        pack="jiangning",
        kind="national_major_project",
        event={
            "id": "new",
            "kind": "national_major_project",
            "date": "2019-06-01",
            "base": "400",
            "matter": "2019ZX01",
            "payee": str(firm.pk),
        },
    )
    [p] = claim_accept(actor=cast["jn_staff"], claim=claim, on=date(2019, 6, 10)).proposals
    assert (p.article, p.payee_organisation, p.matter) == ("第十条3", firm, "2019ZX01")
    assert p.amount is not None and p.amount > 0 and "400" in p.formula


def test_weinan_16_research_funding_after_a_passed_re_review_is_left_to_the_bureau(
    cast, funds, make_alliance, make_org, jurisdiction, system_actor, lead_of
):
    # 16: 对…通过复审的联盟常设机构依托单位，给予一定的科研经费资助 — no amount in the text
    a = make_alliance(
        "渭南市3D打印产业技术创新战略联盟",
        juris="weinan-kjj",
        lead=make_org("渭南企业", region="610502"),
        founded_on=date(2016, 1, 1),
    )
    alliance_level_record(
        actor=system_actor,
        alliance=a,
        level="municipal",
        from_date=date(2016, 6, 1),
        jurisdiction=jurisdiction("weinan-kjj"),
    )
    lead = lead_of(a, "wn_lead")
    claim = claim_file(
        actor=lead,
        alliance=a,
        pack="weinan",
        kind="re_review_passed",
        event={"id": "new", "kind": "re_review_passed", "date": "2019-06-01"},
        files=[pdf("复审结论.pdf")],
    )
    with pytest.raises(ValidationError) as caught:  # no re-review on record: support is withdrawn (15)
        claim_accept(actor=cast["wn_staff"], claim=claim, on=date(2019, 6, 10))
    assert "复审" in caught.value.messages[0]
    # The re-review (15) worked as its case: materials, submission, the bureau passes it.
    from itisa.documents.services import document_upload
    from itisa.workflow.services import case_act, case_attach_material, case_open

    case = case_open(actor=lead, alliance=a, procedure_id="re_review", on=date(2019, 5, 1))
    name, stream, size = pdf("三年工作总结.pdf")
    doc = document_upload(actor=system_actor, kind="other", name=name, stream=stream, size=size, alliance=a)
    case_attach_material(actor=lead, case=case, material_id="re_review_report", document=doc)
    case_act(actor=lead, case=case, action="submit", on=date(2019, 5, 5))
    case_act(actor=cast["wn_staff"], case=case, action="pass_review", on=date(2019, 5, 20))
    [p] = claim_accept(actor=cast["wn_staff"], claim=claim, on=date(2019, 6, 10)).proposals
    assert (p.rule, p.is_range, p.amount) == ("re_review_funding", True, None)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2))
def test_the_live_answer_for_service_income_is_15_percent_capped_at_100(luoyang, base):
    # 第十四条: 按平台服务收入的15%给予奖励，最高不超过100万元
    alliance, _lead = luoyang
    pack = pack_of("luoyang")
    event = {
        "id": "p",
        "kind": "platform_service_income",
        "date": "2019-09-01",
        "base": format(base, "f"),
        "matter": "LY-PLAT-1",
        "flags": ["platform_recognised"],
    }
    [ent] = claim_preview(alliance, pack, claim_kind(pack, "platform_service_income"), event, on=date(2019, 9, 10))[
        "entitlements"
    ]
    assert ent.amount == min(base * D("0.15"), D("100"))
    assert ent.cap_applied == (base * D("0.15") > D("100"))
