"""Reports, as the articles ask for them: who files, what they contain, when they are late."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from itisa.access import system
from itisa.audit.models import AuditEvent
from itisa.supervision.models import Deadline, Report
from itisa.supervision.services import deadlines_scan, report_endorse, report_file

SCAN = system("deadline scan", "supervision.scan")


pytestmark = pytest.mark.django_db

KUNMING_REPORT = {"summary": "年度科技报告：研发投入与产出"}
WEINAN_REPORT = {"summary": "当年工作总结", "next_year_plan": "下年工作计划"}


def test_kunming_14_report_due_by_15_december(recognised, lead_of):
    """第十四条: 须于每年12月15日前报送年度科技报告 — the 15th is on time, the 16th is late."""
    on_time = recognised("kunming-kjj", date(2020, 3, 1), name="昆明按时联盟")
    late = recognised("kunming-kjj", date(2020, 3, 1), name="昆明迟报联盟")
    r1 = report_file(actor=lead_of(on_time), alliance=on_time, kind="annual_report", year=2020,
                     on=date(2020, 12, 15), **KUNMING_REPORT)
    r2 = report_file(actor=lead_of(late), alliance=late, kind="annual_report", year=2020,
                     on=date(2020, 12, 16), **KUNMING_REPORT)
    assert (r1.due_on, r1.late, r1.article) == (date(2020, 12, 15), False, "第十四条")
    assert (r2.due_on, r2.late) == (date(2020, 12, 15), True)
    deadlines_scan(actor=SCAN, on=date(2020, 12, 20))
    rows = {d.alliance_id: d for d in Deadline.objects.filter(duty="annual_report", period="2020")}
    assert (rows[on_time.pk].status, rows[on_time.pk].filed_on) == ("done", date(2020, 12, 15))
    assert (rows[late.pk].status, rows[late.pk].filed_on) == ("late", date(2020, 12, 16))


def test_the_filing_day_is_the_day_in_beijing(recognised, lead_of, monkeypatch):
    """16:30 UTC on 15 December is 00:30 on the 16th in Asia/Shanghai: late."""
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2020, 12, 15, 16, 30, tzinfo=UTC))
    report = report_file(actor=lead_of(alliance), alliance=alliance, kind="annual_report", year=2020,
                         **KUNMING_REPORT)
    assert (report.filed_on, report.late) == (date(2020, 12, 16), True)


def test_kunming_15_changes_of_members_are_explained_in_the_report(recognised, lead_of, make_org, system_actor):
    from itisa.register.services import membership_add

    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("新成员", region="530102"),
                   joined_on=date(2020, 6, 1))
    lead = lead_of(alliance)
    with pytest.raises(ValidationError) as caught:
        report_file(actor=lead, alliance=alliance, kind="annual_report", year=2020, on=date(2020, 12, 1),
                    **KUNMING_REPORT)
    assert "第十五条" in caught.value.message_dict["changes_members"][0]
    report = report_file(actor=lead, alliance=alliance, kind="annual_report", year=2020, on=date(2020, 12, 1),
                         changes_members="6月新增成员一家", **KUNMING_REPORT)
    assert report.changes_members == "6月新增成员一家"


def test_weinan_14_report_each_november_endorsed_by_recommender(recognised, lead_of, person, jurisdiction):
    """14: 每年11月报告……经各县市区科技主管部门签署推荐意见后报市科技局 — the report reaches the bureau
    with the endorsement: endorsed on 28 November is on time, endorsed on 2 December is late."""
    county = jurisdiction("610502-kjj")  # 临渭区科学技术局, the recommending county bureau
    recommender = person("linwei", role="recommender", recommender_kind="county_bureau", jurisdiction=county)
    timely = recognised("weinan-kjj", date(2021, 3, 1), name="渭南按时联盟")
    tardy = recognised("weinan-kjj", date(2021, 3, 1), name="渭南迟报联盟")
    r1 = report_file(actor=lead_of(timely), alliance=timely, kind="annual_report", year=2021,
                     on=date(2021, 11, 20), **WEINAN_REPORT)
    r2 = report_file(actor=lead_of(tardy), alliance=tardy, kind="annual_report", year=2021,
                     on=date(2021, 11, 29), **WEINAN_REPORT)
    assert (r1.endorsement_required, r1.due_on, r1.late, r1.article) == (True, date(2021, 11, 30), False, "14")
    # Filed but not endorsed: on 1 December nothing has reached the bureau.
    deadlines_scan(actor=SCAN, on=date(2021, 12, 1))
    assert Deadline.objects.get(alliance=timely, duty="annual_report", period="2021").status == "overdue"
    with pytest.raises(PermissionDenied):  # the lead cannot endorse its own report
        report_endorse(actor=lead_of(timely, "lead2_"), report=r1, opinion="同意", on=date(2021, 11, 28))
    report_endorse(actor=recommender, report=r1, opinion="同意推荐", on=date(2021, 11, 28))
    report_endorse(actor=recommender, report=r2, opinion="同意推荐", on=date(2021, 12, 2))
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert (r1.submitted_on, r1.late) == (date(2021, 11, 28), False)
    assert (r2.submitted_on, r2.late) == (date(2021, 12, 2), True)
    deadlines_scan(actor=SCAN, on=date(2021, 12, 3))
    assert Deadline.objects.get(alliance=timely, duty="annual_report", period="2021").status == "done"
    assert Deadline.objects.get(alliance=tardy, duty="annual_report", period="2021").status == "late"


def test_a_recommender_elsewhere_cannot_endorse(recognised, lead_of, person, jurisdiction):
    alliance = recognised("weinan-kjj", date(2021, 3, 1))
    report = report_file(actor=lead_of(alliance), alliance=alliance, kind="annual_report", year=2021,
                         on=date(2021, 11, 20), **WEINAN_REPORT)
    outsider = person("wuhua", role="recommender", recommender_kind="county_bureau",
                      jurisdiction=jurisdiction("530102-kjj"))
    with pytest.raises(PermissionDenied):
        report_endorse(actor=outsider, report=report, opinion="同意", on=date(2021, 11, 21))


def test_weinan_14_an_association_does_not_endorse_the_annual_report(recognised, lead_of, person, jurisdiction,
                                                                     make_org, system_actor):
    """14: “经各县市区科技主管部门或市级部门签署推荐意见” — an industry association (which may recommend an alliance,
    10) does not endorse its annual report, even when it is a member; a city department does."""
    from itisa.register.services import membership_add

    alliance = recognised("weinan-kjj", date(2021, 3, 1))
    assoc = make_org("渭南市3D打印行业协会", region="610502")
    membership_add(actor=system_actor, alliance=alliance, organisation=assoc, joined_on=date(2021, 4, 1))
    report = report_file(actor=lead_of(alliance), alliance=alliance, kind="annual_report", year=2021,
                         on=date(2021, 11, 20), **WEINAN_REPORT)
    association = person("xiehui", role="recommender", recommender_kind="association", organisation=assoc)
    with pytest.raises(PermissionDenied):
        report_endorse(actor=association, report=report, opinion="同意", on=date(2021, 11, 21))
    city = person("shijibumen", role="recommender", recommender_kind="city_department",
                  jurisdiction=jurisdiction("weinan-kjj"))
    report_endorse(actor=city, report=report, opinion="同意推荐", on=date(2021, 11, 22))
    report.refresh_from_db()
    assert report.endorsed_on == date(2021, 11, 22)


def test_a_double_clicked_filing_creates_one_report(recognised, lead_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    lead = lead_of(alliance)
    report_file(actor=lead, alliance=alliance, kind="annual_report", year=2020, on=date(2020, 12, 1), **KUNMING_REPORT)
    with pytest.raises(ValidationError) as caught:
        report_file(actor=lead, alliance=alliance, kind="annual_report", year=2020, on=date(2020, 12, 1),
                    **KUNMING_REPORT)
    assert caught.value.code == "duplicate_report"
    assert "2020-12-01" in caught.value.messages[0]
    assert Report.objects.filter(alliance=alliance).count() == 1
    # The database keeps one even when two requests race past the service's check.
    with pytest.raises(IntegrityError):
        Report.objects.create(alliance=alliance, kind="annual_report", year=2020, pack_id="x", duty="annual_report",
                              filed_on=date(2020, 12, 1))


def test_another_alliances_lead_cannot_file(recognised, lead_of):
    mine = recognised("kunming-kjj", date(2020, 3, 1), name="甲联盟")
    theirs = recognised("kunming-kjj", date(2020, 3, 1), name="乙联盟")
    with pytest.raises(PermissionDenied):
        report_file(actor=lead_of(mine), alliance=theirs, kind="annual_report", year=2020, on=date(2020, 12, 1),
                    **KUNMING_REPORT)
    assert not Report.objects.exists()


def test_luoyang_8_3_self_evaluation_covers_plan_funds_results_and_next_year(recognised, lead_of, settings,
                                                                            tmp_path):
    """第八条(三): 自评价报告（计划执行、资金使用、主要成效、下年度计划）, with the file attached."""
    settings.MEDIA_ROOT = tmp_path
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    lead = lead_of(alliance)
    with pytest.raises(ValidationError) as caught:
        report_file(actor=lead, alliance=alliance, kind="self_evaluation", year=2019, on=date(2019, 12, 20),
                    plan_execution="按计划完成", results="专利3项", next_year_plan="拓展成员")
    assert set(caught.value.message_dict) == {"fund_use"}
    pdf = SimpleUploadedFile("自评价.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    report = report_file(actor=lead, alliance=alliance, kind="self_evaluation", year=2019, on=date(2019, 12, 20),
                         plan_execution="按计划完成", fund_use="专款专用", results="专利3项",
                         next_year_plan="拓展成员", attachment=pdf)
    assert (report.article, report.due_on, report.late) == ("第八条(三)", None, False)  # the text sets no date
    assert report.document.original_name == "自评价.pdf" and report.document.alliance == alliance
    assert AuditEvent.objects.filter(action="supervision.report_file", target_id=str(report.pk)).exists()


def test_a_report_under_a_lapsed_text_is_refused_with_its_article(recognised, lead_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    with pytest.raises(ValidationError) as caught:
        report_file(actor=lead_of(alliance), alliance=alliance, kind="self_evaluation", year=2021,
                    on=date(2021, 3, 1), plan_execution="x", fund_use="x", results="x", next_year_plan="x")
    assert caught.value.code == "not_in_force"
    assert "第二十二条" in caught.value.messages[0] and "2020-12-31" in caught.value.messages[0]


def test_a_text_without_the_duty_refuses_the_report(recognised, lead_of):
    """Jiangning asks for no yearly report."""
    alliance = recognised("jiangning-kjj", date(2019, 3, 1))
    with pytest.raises(ValidationError) as caught:
        report_file(actor=lead_of(alliance), alliance=alliance, kind="annual_report", year=2020,
                    on=date(2020, 12, 1), summary="x")
    error = caught.value.error_dict["kind"][0]
    assert error.code == "no_such_duty" and "江宁区产业技术创新战略联盟认定管理暂行办法" in error.message % error.params


def test_henan_11_5_a_member_change_is_a_major_event_to_report(recognised, lead_of, make_org, system_actor):
    """第十一条(五): 成员变更等重大事项及时报告备案 — the register's change is listed until a report follows."""
    from itisa.register.services import membership_add

    alliance = recognised("henan-kjt", date(2015, 6, 1))
    membership_add(actor=system_actor, alliance=alliance, organisation=make_org("郑州新成员", region="410311"),
                   joined_on=date(2016, 4, 1))
    deadlines_scan(actor=SCAN, on=date(2016, 4, 10))
    row = Deadline.objects.get(alliance=alliance, duty="major_event_report")
    assert (row.status, row.due_on, row.article) == ("unscheduled", None, "第十一条(五)")  # "及时": no number of days
    report_file(actor=lead_of(alliance), alliance=alliance, kind="major_event_report", event_kind="member_change",
                event_date=date(2016, 4, 1), summary="新增成员一家", on=date(2016, 4, 12))
    deadlines_scan(actor=SCAN, on=date(2016, 4, 13))
    row.refresh_from_db()
    assert (row.status, row.filed_on) == ("done", date(2016, 4, 12))


def test_a_lead_unit_sees_only_its_own_reports_and_staff_see_their_region(recognised, lead_of, staff_of):
    from itisa.access import visible_to

    def reports_visible_to(user):
        return visible_to(user, "supervision.view_report")

    mine = recognised("kunming-kjj", date(2020, 3, 1), name="甲联盟")
    theirs = recognised("kunming-kjj", date(2020, 3, 1), name="乙联盟")
    lead, other = lead_of(mine), lead_of(theirs)
    r1 = report_file(actor=lead, alliance=mine, kind="annual_report", year=2020, on=date(2020, 12, 1), **KUNMING_REPORT)
    r2 = report_file(actor=other, alliance=theirs, kind="annual_report", year=2020, on=date(2020, 12, 1),
                     **KUNMING_REPORT)
    assert list(reports_visible_to(lead)) == [r1]
    assert set(reports_visible_to(staff_of("kunming-kjj"))) == {r1, r2}
    assert not reports_visible_to(staff_of("weinan-kjj")).exists()
