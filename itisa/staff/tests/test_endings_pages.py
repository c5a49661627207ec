"""The staff pages of the endings: findings with their evidence and the text's article, Jiangning's members
without support, the dissolutions under way and their decision, the reports an alliance filed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itisa.supervision.models import Dissolution, Finding
from itisa.supervision.tests.conftest import lead_of, person, recognised, staff_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def evidence(name: str = "核查报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def kunming(recognised, staff_of, lead_of):  # noqa: F811
    alliance = recognised("kunming-kjj", date(2020, 8, 1), name="昆明高原特色农业产业技术创新战略联盟")
    return alliance, staff_of("kunming-kjj"), lead_of(alliance)


def test_the_finding_form_offers_the_kunming_17_grounds_with_their_articles_and_the_revocation(client, kunming):
    alliance, staff, _ = kunming
    client.force_login(staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "第十七条(三)" in page or "第十七条（三）" in page
    assert 'value="fraud"' in page and 'value="refused_supervision"' in page
    assert 'value="funds_misused"' not in page  # Kunming names no consequence for misused funds
    assert 'href="#revocation"' in page


def test_kunming_17_3_fraud_is_recorded_with_evidence_and_the_page_shows_the_revocation_it_triggers(client, kunming):
    alliance, staff, _ = kunming
    client.force_login(staff)
    response = client.post(reverse("staff:finding_new", args=[alliance.pk]), {
        "finding-kind": "fraud", "finding-description": "申报材料研发投入虚报", "finding-attachment": evidence()})
    assert response.status_code == 302
    finding = Finding.objects.get(alliance=alliance)
    assert finding.article == "第十七条(三)" and finding.document is not None
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "核查报告.pdf" in page and "申报材料研发投入虚报" in page
    assert "撤销资格" in page  # what the text draws today: 第十七条(三) revocation, to apply or decide
    doc = client.get(reverse("staff:alliance_document", args=[alliance.pk, finding.document_id]))
    assert doc.status_code == 200


def test_a_finding_without_evidence_is_refused_on_the_page_and_leaves_nothing(client, kunming):
    alliance, staff, _ = kunming
    client.force_login(staff)
    response = client.post(reverse("staff:finding_new", args=[alliance.pk]), {
        "finding-kind": "fraud", "finding-description": "虚报"})
    assert response.status_code == 200
    assert "Attach the evidence" in response.content.decode() or "证据" in response.content.decode()
    assert not Finding.objects.exists()


def test_the_lead_unit_cannot_record_a_finding(client, kunming):
    alliance, _, lead = kunming
    client.force_login(lead)
    response = client.post(reverse("staff:finding_new", args=[alliance.pk]), {
        "finding-kind": "fraud", "finding-description": "虚报", "finding-attachment": evidence()})
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_the_alliance_page_lists_every_report_filed_with_its_attachment(client, kunming):
    from itisa.supervision.models import Report

    alliance, staff, _ = kunming
    Report.objects.create(alliance=alliance, kind="annual_report", year=2024, pack_id="530100-kunming/2016",
                          duty="annual_report", article="第十四条", summary="年度工作总结正文", filed_on=date(2024, 12, 1))
    Report.objects.create(alliance=alliance, kind="major_event_report", pack_id="530100-kunming/2016",
                          duty="major_event", event_kind="breakthrough", event_date=date(2024, 5, 20), results="突破性成果正文",
                          filed_on=date(2024, 6, 1))
    client.force_login(staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "年度工作总结正文" in page and "突破性成果正文" in page


def test_the_plaque_a_revocation_ordered_back_is_recorded_on_the_alliance_page(client, kunming):
    from itisa.supervision.models import Revocation
    from itisa.supervision.services import alliance_revoke

    alliance, staff, lead = kunming
    client.force_login(staff)
    url = reverse("staff:revocation_plaque", args=[alliance.pk])
    assert client.post(url, {"on": "2021-03-05"}).status_code == 404  # nothing revoked yet
    alliance_revoke(actor=staff, alliance=alliance, article="第十七条(四)", reason="经专家论证不再具备条件",
                    plaque_recall=True, publish=True, on=date(2021, 3, 1))
    assert url in client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    early = client.post(url, {"on": "2021-02-28"})  # before the revocation: refused with its date
    assert early.status_code == 200 and "2021-03-01" in early.content.decode()
    assert Revocation.objects.get(alliance=alliance).plaque_recalled_on is None
    assert client.post(url, {"on": "2021-03-05"}).status_code == 302
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "2021-03-05" in page and url not in page  # recorded once: the form is gone
    assert Revocation.objects.get(alliance=alliance).plaque_recalled_on == date(2021, 3, 5)
    client.force_login(lead)
    assert client.post(url, {"on": "2021-03-06"}).status_code == 403


@pytest.fixture
def jiangning(recognised, make_org, system_actor, staff_of, lead_of):  # noqa: F811
    from itisa.register.services import membership_add

    alliance = recognised("jiangning-kjj", date(2019, 3, 1), name="江宁区新材料产业技术创新战略联盟")
    members = [make_org(f"江宁新材料成员{i}", region="320115") for i in range(2)]
    for org in members:
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 3, 1))
    return alliance, members, staff_of("jiangning-kjj"), lead_of(alliance)


def test_jiangning_12_the_staff_page_shows_each_member_without_district_support(client, jiangning):
    from itisa.supervision.services import grade_record

    alliance, members, staff, _ = jiangning
    for year in (2020, 2021):
        grade_record(actor=staff, alliance=alliance, year=year, grade="poor", on=date(year, 12, 20))
    client.force_login(staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    for org in members:
        assert org.name in page
    assert "第十二条" in page


@pytest.fixture(autouse=True)
def _in_force(monkeypatch):
    """The pages act "today"; Jiangning's text is in force until 2021-12-31 (第十五条)."""
    import itisa.staff.endings_views as sv

    monkeypatch.setattr(sv, "_today", lambda: date(2021, 3, 10))


def _applied(jiangning, on=date(2021, 3, 1)):
    from itisa.supervision.services import dissolution_apply

    alliance, _, _, lead = jiangning
    return dissolution_apply(actor=lead, alliance=alliance, reason="联盟任务已完成", on=on)


def test_the_lead_unit_applies_records_consents_and_the_bureau_sees_it_under_way(client, jiangning, monkeypatch):
    import itisa.leadunit.dissolution_views as lv

    monkeypatch.setattr(lv, "_today", lambda: date(2021, 3, 1))
    alliance, members, staff, lead = jiangning
    client.force_login(lead)
    refused = client.post(reverse("leadunit:dissolution_apply", args=[alliance.pk]), {"reason": "  "})
    assert refused.status_code == 200 and not Dissolution.objects.exists()
    assert client.post(reverse("leadunit:dissolution_apply", args=[alliance.pk]),
                       {"reason": "联盟任务已完成"}).status_code == 302
    d = Dissolution.objects.get()
    page = client.get(reverse("leadunit:dissolution", args=[alliance.pk])).content.decode()
    assert members[0].name in page and "第十二条" in page
    no_file = client.post(reverse("leadunit:dissolution_consent", args=[alliance.pk, d.pk]),
                          {"organisation": members[0].pk})
    assert no_file.status_code == 200 and d.consents.count() == 1  # only the lead's own application
    assert client.post(reverse("leadunit:dissolution_consent", args=[alliance.pk, d.pk]),
                       {"organisation": members[0].pk, "attachment": evidence("同意书.pdf")}).status_code == 302
    assert d.consents.count() == 2
    client.force_login(staff)
    listing = client.get(reverse("staff:dissolutions")).content.decode()
    assert alliance.name in listing and members[1].name in listing  # the consent still missing


def test_the_bureau_cannot_approve_while_a_consent_is_missing_and_may_refuse_with_a_reason(client, jiangning):
    alliance, _, staff, _ = jiangning
    d = _applied(jiangning)
    client.force_login(staff)
    url = reverse("staff:dissolution", args=[alliance.pk, d.pk])
    page = client.get(url).content.decode()
    assert "disabled" in page
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    d.refresh_from_db()
    alliance.refresh_from_db()
    assert d.status == "applied" and alliance.status == "recognised"
    assert client.post(url, {"decision": "refuse", "note": ""}).status_code == 200  # a refusal needs its reason
    d.refresh_from_db()
    assert d.status == "applied"
    assert client.post(url, {"decision": "refuse", "note": "尚有在研项目"}).status_code == 302
    d.refresh_from_db()
    assert d.status == "refused"


def test_the_bureau_approves_once_every_member_consented_and_the_lead_cannot(client, jiangning):
    from itisa.supervision.services import dissolution_consent_record

    alliance, members, staff, lead = jiangning
    d = _applied(jiangning)
    for org in members:
        dissolution_consent_record(actor=lead, dissolution=d, organisation=org, on=date(2021, 3, 2))
    client.force_login(lead)
    assert client.post(reverse("staff:dissolution", args=[alliance.pk, d.pk]), {"decision": "approve"}).status_code \
        == 403
    client.force_login(staff)
    url = reverse("staff:dissolution", args=[alliance.pk, d.pk])
    assert "disabled" not in client.get(url).content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    alliance.refresh_from_db()
    assert alliance.status == "dissolved"


def test_the_dissolutions_export_carries_the_article_and_only_the_bureaus_own(client, jiangning, staff_of):  # noqa: F811
    from tests.support import body

    alliance, _, staff, _ = jiangning
    _applied(jiangning)
    client.force_login(staff)
    lines = body(client.get(reverse("staff:dissolutions"), {"export": "csv"})).decode("utf-8-sig").splitlines()
    assert lines[0] == "联盟,科技主管部门,申请日期,条款,理由,状态,审批日期,交回牌匾日期"
    assert len(lines) == 2 and alliance.name in lines[1] and "第十二条" in lines[1]
    client.force_login(staff_of("kunming-kjj"))
    assert len(body(client.get(reverse("staff:dissolutions"), {"export": "csv"})).decode("utf-8-sig")
               .splitlines()) == 1


def test_a_ground_already_recorded_is_no_longer_offered(client, kunming):
    from itisa.supervision.services import finding_record

    alliance, staff, _ = kunming
    finding_record(actor=staff, alliance=alliance, kind="fraud", description="虚报", attachment=evidence(),
                   on=date(2021, 3, 1))
    client.force_login(staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert 'value="fraud"' not in page and 'value="refused_supervision"' in page


def test_once_the_text_has_expired_the_decision_is_not_offered_and_the_page_says_why(client, jiangning, monkeypatch):
    import itisa.staff.endings_views as sv

    alliance, _, staff, _ = jiangning
    d = _applied(jiangning)
    monkeypatch.setattr(sv, "_today", lambda: date(2022, 3, 1))  # 第十五条: in force until 2021-12-31
    client.force_login(staff)
    page = client.get(reverse("staff:dissolution", args=[alliance.pk, d.pk])).content.decode()
    assert 'name="decision"' not in page and "2021-12-31" in page


def test_the_lead_unit_is_told_why_it_cannot_apply_once_the_text_has_expired(client, jiangning, monkeypatch):
    import itisa.leadunit.dissolution_views as lv

    alliance, _, staff, lead = jiangning
    monkeypatch.setattr(lv, "_today", lambda: date(2022, 3, 1))
    client.force_login(lead)
    page = client.get(reverse("leadunit:dissolution", args=[alliance.pk])).content.decode()
    assert "2021-12-31" in page and 'name="reason"' not in page
    client.force_login(staff)  # the bureau's staff are no lead unit
    assert client.get(reverse("leadunit:dissolution", args=[alliance.pk])).status_code == 403
