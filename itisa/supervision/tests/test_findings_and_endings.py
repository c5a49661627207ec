"""Findings with their evidence and the article the text gives them (Kunming 第十七条(一)(三), Jiangning
第十三条); Jiangning 第十二条's two poor years stop each member's district support; the plaque after a dissolution."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from itisa.audit.models import AuditEvent
from itisa.funding.models import FundingBan
from itisa.supervision.models import Finding
from itisa.supervision.selectors import finding_choices
from itisa.supervision.services import (
    consequences_apply,
    dissolution_apply,
    dissolution_consent_record,
    dissolution_decide,
    dissolution_plaque_returned,
    finding_record,
    grade_record,
)
from policy.api import get_pack

pytestmark = pytest.mark.django_db


def evidence(name: str = "核查报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def test_the_finding_kinds_offered_are_those_the_text_names_with_their_articles():
    kunming = {c["kind"]: (c["article"], c["revokes"]) for c in finding_choices(get_pack("530100-kunming/2016"))}
    assert kunming == {"refused_supervision": ("第十七条(一)", True), "fraud": ("第十七条(三)", True)}
    jiangning = {c["kind"]: (c["article"], c["revokes"]) for c in finding_choices(get_pack("320115-jiangning/2019"))}
    assert jiangning == {"funds_misused": ("第十三条", False)}
    assert finding_choices(get_pack("410300-luoyang/2018")) == []


def test_kunming_17_3_a_fraud_finding_cites_its_article_and_offers_revocation(recognised, staff_of):
    """第十七条: 出现下列情形之一的，撤销其市级联盟资格、收回授牌，并向社会公布 …（三）申报、认定、考核中弄虚作假."""
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    finding = finding_record(actor=staff, alliance=alliance, kind="fraud", description="申报材料中的研发投入数据虚报",
                             attachment=evidence(), on=date(2021, 5, 1))
    assert (finding.pack_id, finding.article) == ("530100-kunming/2016", "第十七条(三)")
    assert finding.document is not None and finding.document.alliance_id == alliance.pk
    alliance.refresh_from_db()
    assert alliance.status == "recognised"  # the bureau decides the revocation: recording is not revoking
    applied = next(a for a in consequences_apply(actor=staff, alliance=alliance, on=date(2021, 5, 2))
                   if a.consequence == "fraud")
    assert (applied.consequence, applied.article, applied.effects) == ("fraud", "第十七条(三)",
                                                                       ["revoked", "plaque_withdrawn", "published"])
    alliance.refresh_from_db()
    assert alliance.status == "revoked" and alliance.revocation.plaque_recall_ordered
    assert AuditEvent.objects.filter(action="supervision.finding").exists()


def test_a_finding_needs_a_description_and_evidence_and_leaves_nothing_when_refused(recognised, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    with pytest.raises(ValidationError) as caught:
        finding_record(actor=staff_of("kunming-kjj"), alliance=alliance, kind="refused_supervision", description=" ",
                       on=date(2021, 5, 1))
    assert set(caught.value.message_dict) == {"description", "attachment"}
    assert not Finding.objects.exists()


def test_a_finding_the_text_in_force_does_not_name_is_refused(recognised, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    with pytest.raises(ValidationError) as caught:  # Kunming names no consequence for misused funds
        finding_record(actor=staff_of("kunming-kjj"), alliance=alliance, kind="funds_misused", description="挪用",
                       attachment=evidence(), on=date(2021, 5, 1))
    assert "kind" in caught.value.message_dict
    assert not Finding.objects.exists()


def test_only_the_supervising_bureau_records_a_finding(recognised, staff_of, lead_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    for outsider in (lead_of(alliance), staff_of("luoyang-kjj")):
        with pytest.raises(PermissionDenied):
            finding_record(actor=outsider, alliance=alliance, kind="fraud", description="x", attachment=evidence(),
                           on=date(2021, 5, 1))
    assert not Finding.objects.exists()


@pytest.fixture
def jiangning_with_members(recognised, make_org, system_actor, staff_of, lead_of):
    from itisa.register.services import membership_add

    alliance = recognised("jiangning-kjj", date(2019, 3, 1), name="江宁区智能制造产业技术创新战略联盟")
    members = [make_org(f"江宁智造成员{i}", region="320115") for i in range(2)]
    for org in members:
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 3, 1))
    return alliance, members, staff_of("jiangning-kjj"), lead_of(alliance)


def test_jiangning_12_two_poor_years_stop_every_member_organisations_district_support(jiangning_with_members):
    """第十二条: 对连续两年运营成效不好的联盟，区科技局取消联盟及其成员单位享受区级扶持政策权利."""
    alliance, members, staff, _ = jiangning_with_members
    grade_record(actor=staff, alliance=alliance, year=2020, grade="poor", on=date(2020, 12, 20))
    assert not FundingBan.objects.exists()  # one poor year does not
    grade_record(actor=staff, alliance=alliance, year=2021, grade="poor", on=date(2021, 12, 20))
    bans = FundingBan.objects.filter(alliance=alliance, organisation__isnull=False)
    banned = set(bans.values_list("organisation_id", flat=True))
    assert {m.pk for m in members} <= banned
    doc = get_pack("320115-jiangning/2019").doc
    assert {(b.article, b.citation, b.since) for b in bans} == {("第十二条", f"{doc} 第十二条", date(2021, 12, 20))}
    assert AuditEvent.objects.filter(action="funding.member_ban").count() == bans.count()
    consequences_apply(actor=staff, alliance=alliance, on=date(2021, 12, 21))  # applying again adds nothing
    assert FundingBan.objects.filter(alliance=alliance).count() == bans.count()


def test_jiangning_12_a_members_ban_does_not_read_as_the_alliances_misuse(jiangning_with_members):
    from itisa.funding.engine_io import active_ban

    alliance, _, staff, _ = jiangning_with_members
    for year in (2020, 2021):
        grade_record(actor=staff, alliance=alliance, year=year, grade="poor", on=date(year, 12, 20))
    assert FundingBan.objects.filter(alliance=alliance).exists()
    assert active_ban(alliance, date(2022, 1, 1)) is None  # no 第十三条 misuse flag drawn from members' bans


def test_jiangning_13_misused_funds_finding_bans_members_after_the_bureau_applies_it(jiangning_with_members):
    """第十三条: 追回已拨付资金，并不再受理其公共政策支持资金申请 (scope: the alliance and its members)."""
    alliance, members, staff, _ = jiangning_with_members
    finding = finding_record(actor=staff, alliance=alliance, kind="funds_misused", description="专项资金挪作他用",
                             attachment=evidence(), on=date(2021, 6, 1))
    assert finding.article == "第十三条"
    applied = consequences_apply(actor=staff, alliance=alliance, on=date(2021, 6, 2))
    assert [a.article for a in applied] == ["第十三条"]
    assert set(FundingBan.objects.filter(alliance=alliance, article="第十三条").values_list(
        "organisation_id", flat=True)) >= {m.pk for m in members}


def test_jiangning_12_the_plaque_comes_back_after_the_approved_dissolution(jiangning_with_members, monkeypatch):
    alliance, members, staff, lead = jiangning_with_members
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="任务完成", on=date(2021, 3, 1))
    for org in members:
        dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=org, attachment=evidence("同意书.pdf"),
                                   on=date(2021, 3, 2))
    with pytest.raises(ValidationError) as caught:  # not yet approved
        dissolution_plaque_returned(actor=staff, dissolution=dissolution, on=date(2021, 3, 3))
    assert caught.value.code == "not_dissolved"
    dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2021, 3, 10))
    monkeypatch.setattr("itisa.supervision.services.endings.dissolution_plaque_issued", lambda d: True)
    with pytest.raises(PermissionDenied):
        dissolution_plaque_returned(actor=lead, dissolution=dissolution, on=date(2021, 3, 11))
    with pytest.raises(ValidationError):
        dissolution_plaque_returned(actor=staff, dissolution=dissolution, on=date(2021, 3, 9))
    dissolution_plaque_returned(actor=staff, dissolution=dissolution, on=date(2021, 3, 12))
    dissolution.refresh_from_db()
    assert dissolution.plaque_returned_on == date(2021, 3, 12)
    with pytest.raises(ValidationError) as caught:
        dissolution_plaque_returned(actor=staff, dissolution=dissolution, on=date(2021, 3, 13))
    assert caught.value.code == "already_returned"


def test_no_plaque_return_where_no_plaque_was_issued(jiangning_with_members):
    alliance, members, staff, lead = jiangning_with_members
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="任务完成", on=date(2021, 3, 1))
    for org in members:
        dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=org, on=date(2021, 3, 2))
    dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2021, 3, 10))
    with pytest.raises(ValidationError) as caught:
        dissolution_plaque_returned(actor=staff, dissolution=dissolution, on=date(2021, 3, 12))
    assert caught.value.code == "no_plaque"
