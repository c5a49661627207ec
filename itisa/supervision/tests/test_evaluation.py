"""Evaluation and its consequences, article by article; expected values worked out by hand from the texts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.audit.models import AuditEvent
from itisa.supervision.models import AppliedConsequence, Rectification, Revocation
from itisa.supervision.selectors import revocations_public
from itisa.supervision.services import (
    alliance_revoke,
    consequences_apply,
    grade_record,
    rectification_judge,
    rectification_respond,
    report_file,
    revocation_plaque_recalled,
)

pytestmark = pytest.mark.django_db


def test_luoyang_9_fail_then_failed_rectification_loses_support_keeps_title(
        recognised, lead_of, staff_of, django_capture_on_commit_callbacks):
    """第九条: 对评价不合格的市级联盟给予警告并限期整改，对整改不合格的取消其享受扶持与奖励政策的资格."""
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    staff, lead = staff_of("luoyang-kjj"), lead_of(alliance)
    with django_capture_on_commit_callbacks(execute=True):
        grade = grade_record(actor=staff, alliance=alliance, year=2019, grade="不合格", on=date(2019, 12, 20),
                             rectification_months=6)
    alliance.refresh_from_db()
    assert (grade.grade, grade.grade_label, grade.article) == ("fail", "不合格", "第九条")
    assert alliance.status == "warned"
    order = Rectification.objects.get(alliance=alliance)
    assert (order.grade, order.ordered_on, order.due_on, order.article) == (grade, date(2019, 12, 20),
                                                                           date(2020, 6, 20), "第九条")
    assert [m.to for m in mail.outbox] == [[lead.email]]  # the warning, with the order, to the lead unit
    assert "2020-06-20" in mail.outbox[0].body
    rectification_respond(actor=lead, rectification=order, response="已整改：补充专职人员", on=date(2020, 6, 1))
    rectification_judge(actor=staff, rectification=order, result="fail", judgement="仍不达标", on=date(2020, 6, 25))
    alliance.refresh_from_db()
    assert alliance.status == "support_suspended"
    assert alliance.level == "municipal" and alliance.level_history.count() == 1  # keeps the title
    assert not Revocation.objects.exists()
    applied = AppliedConsequence.objects.get(alliance=alliance, consequence="loses_support")
    assert (applied.article, applied.status_before, applied.status_after) == ("第九条", "warned", "support_suspended")
    event = AuditEvent.objects.get(action="supervision.consequence", target_id=str(applied.pk))
    assert event.after["article"] == "第九条" and event.after["engine_digest"] == applied.engine_digest
    assert len(applied.engine_digest) == 64
    # Applying again changes nothing: the same triggers are already applied.
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2020, 7, 1)) == []
    assert AppliedConsequence.objects.filter(alliance=alliance).count() == 2
    assert Rectification.objects.filter(alliance=alliance).count() == 1


def test_the_rectification_period_is_the_bureaus(recognised, staff_of, settings):
    """The texts say only 限期整改: without a period from the caller, the setting decides."""
    settings.SUPERVISION_RECTIFICATION_MONTHS = 3
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    grade_record(actor=staff_of("luoyang-kjj"), alliance=alliance, year=2019, grade="fail", on=date(2019, 11, 30))
    assert Rectification.objects.get(alliance=alliance).due_on == date(2020, 2, 29)


def test_henan_12_failed_rectification_loses_title(recognised, staff_of):
    """第十二条: 考核不合格者给予警告并限期整改，整改不达标者，取消其河南省产业技术创新战略联盟资格."""
    alliance = recognised("henan-kjt", date(2015, 6, 1))
    staff = staff_of("henan-kjt")
    grade_record(actor=staff, alliance=alliance, year=2016, grade="不合格", on=date(2016, 12, 1),
                 rectification_months=6)
    order = Rectification.objects.get(alliance=alliance)
    assert order.due_on == date(2017, 6, 1)
    rectification_judge(actor=staff, rectification=order, result="fail", on=date(2017, 6, 2))
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
    revocation = Revocation.objects.get(alliance=alliance)
    assert (revocation.article, revocation.decided_on, revocation.plaque_recall_ordered) == ("第十二条",
                                                                                           date(2017, 6, 2), False)
    assert list(revocations_public()) == [revocation]


def test_henan_12_a_passed_rectification_lifts_the_warning(recognised, staff_of):
    alliance = recognised("henan-kjt", date(2015, 6, 1))
    staff = staff_of("henan-kjt")
    grade_record(actor=staff, alliance=alliance, year=2016, grade="fail", on=date(2016, 12, 1))
    order = Rectification.objects.get(alliance=alliance)
    rectification_judge(actor=staff, rectification=order, result="pass", on=date(2017, 3, 1))
    alliance.refresh_from_db()
    assert alliance.status == "recognised"
    assert not Revocation.objects.exists()


def test_kunming_17_2_late_report_revokes(recognised, lead_of, staff_of):
    """第十七条(二): 每年不按时报送年度科技报告 → 撤销其市级联盟资格、收回授牌，并向社会公布."""
    late = recognised("kunming-kjj", date(2020, 3, 1), name="昆明迟报联盟")
    timely = recognised("kunming-kjj", date(2020, 3, 1), name="昆明按时联盟")
    report_file(actor=lead_of(late), alliance=late, kind="annual_report", year=2020, on=date(2020, 12, 16),
                summary="年度科技报告")
    report_file(actor=lead_of(timely), alliance=timely, kind="annual_report", year=2020, on=date(2020, 12, 15),
                summary="年度科技报告")
    staff = staff_of("kunming-kjj")
    assert consequences_apply(actor=staff, alliance=timely, on=date(2020, 12, 20)) == []
    [applied] = consequences_apply(actor=staff, alliance=late, on=date(2020, 12, 20))
    late.refresh_from_db()
    assert late.status == "revoked"
    assert (applied.consequence, applied.article) == ("report_late", "第十七条(二)")
    assert applied.effects == ["revoked", "plaque_withdrawn", "published"]
    revocation = late.revocation
    assert (revocation.article, revocation.plaque_recall_ordered, revocation.publication_required) == (
        "第十七条(二)", True, True)
    assert list(revocations_public()) == [revocation]
    revocation_plaque_recalled(actor=staff, revocation=revocation, on=date(2021, 1, 5))
    revocation.refresh_from_db()
    assert revocation.plaque_recalled_on == date(2021, 1, 5)
    with pytest.raises(ValidationError) as caught:  # revoked: no longer under supervision
        consequences_apply(actor=staff, alliance=late, on=date(2020, 12, 21))
    assert caught.value.code == "not_supervised"


def test_kunming_17_2_an_unfiled_report_revokes_once_overdue(recognised, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    assert consequences_apply(actor=staff, alliance=alliance, on=date(2020, 12, 15)) == []
    [applied] = consequences_apply(actor=staff, alliance=alliance, on=date(2020, 12, 16))
    assert applied.article == "第十七条(二)"


def test_kunming_14_cycle_assessment_fail_revokes(recognised, staff_of):
    """第十四条: 运行周期满后……对考核结果不合格的取消联盟资格并公示."""
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    for year in (2020, 2021):
        report_file(actor=_lead(alliance), alliance=alliance, kind="annual_report", year=year,
                    on=date(year, 12, 10), summary="年度科技报告")
    grade_record(actor=staff, alliance=alliance, year=2022, kind="cycle", grade="不合格", on=date(2022, 3, 1))
    revocation = Revocation.objects.get(alliance=alliance)
    assert (revocation.article, revocation.publication_required, revocation.plaque_recall_ordered) == (
        "第十四条", True, False)


def _lead(alliance):
    from django.contrib.auth import get_user_model

    from itisa.accounts.models import RoleAssignment

    user, created = get_user_model().objects.get_or_create(username=f"lead-{alliance.pk}")
    if created:
        RoleAssignment.objects.create(user=user, role="lead_unit", alliance=alliance)
    return user


def test_kunming_17_4_other_grounds_are_the_bureaus_decision(recognised, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    with pytest.raises(ValidationError) as caught:
        alliance_revoke(actor=staff, alliance=alliance, article="", reason="", on=date(2021, 5, 1))
    assert set(caught.value.message_dict) == {"article", "reason"}
    revocation = alliance_revoke(actor=staff, alliance=alliance, article="第十七条(四)", reason="严重违规",
                                 on=date(2021, 5, 1))
    alliance.refresh_from_db()
    assert alliance.status == "revoked" and revocation.plaque_recall_ordered and revocation.article == "第十七条(四)"


def test_weinan_15_not_re_reviewed_after_three_years_is_revoked(recognised, staff_of):
    """15: 认定联盟每3年须进行复审……对未复审的联盟将撤销其资质. Recognised 2016-03-01: due 2019-03-01."""
    neglected = recognised("weinan-kjj", date(2016, 3, 1), name="渭南未复审联盟")
    reviewed = recognised("weinan-kjj", date(2016, 3, 1), name="渭南已复审联盟")
    staff = staff_of("weinan-kjj")
    grade_record(actor=staff, alliance=reviewed, year=2019, kind="re_review", grade="通过复审", on=date(2019, 2, 20))
    assert consequences_apply(actor=staff, alliance=neglected, on=date(2019, 3, 1)) == []  # the due day is on time
    [applied] = consequences_apply(actor=staff, alliance=neglected, on=date(2019, 3, 2))
    assert (applied.consequence, applied.article) == ("revoked_not_re_reviewed", "15")
    neglected.refresh_from_db()
    assert neglected.status == "revoked" and neglected.revocation.article == "15"
    assert consequences_apply(actor=staff, alliance=reviewed, on=date(2019, 3, 2)) == []
    reviewed.refresh_from_db()
    assert reviewed.status == "recognised"


def test_jiangning_12_two_poor_years_in_a_row_lose_support(recognised, staff_of):
    """第十二条: 对连续两年运营成效不好的联盟，区科技局取消联盟及其成员单位享受区级扶持政策权利."""
    alliance = recognised("jiangning-kjj", date(2019, 3, 1))
    staff = staff_of("jiangning-kjj")
    grade_record(actor=staff, alliance=alliance, year=2020, grade="poor", on=date(2020, 12, 20))
    alliance.refresh_from_db()
    assert alliance.status == "recognised"  # one poor year does not
    assert not AppliedConsequence.objects.exists()
    grade_record(actor=staff, alliance=alliance, year=2021, grade="运营成效不好", on=date(2021, 12, 20))
    alliance.refresh_from_db()
    assert alliance.status == "support_suspended"
    applied = AppliedConsequence.objects.get(alliance=alliance)
    assert (applied.consequence, applied.article, applied.scope) == ("loses_district_support", "第十二条",
                                                                     "alliance_and_members")
    assert applied.reason["years"] == [2020, 2021]


def test_jiangning_12_a_good_year_between_poor_ones_breaks_the_streak(recognised, staff_of):
    alliance = recognised("jiangning-kjj", date(2018, 12, 1))
    staff = staff_of("jiangning-kjj")
    for year, grade in ((2019, "poor"), (2020, "good"), (2021, "poor")):
        grade_record(actor=staff, alliance=alliance, year=year, grade=grade, on=date(year, 12, 20))
    alliance.refresh_from_db()
    assert alliance.status == "recognised"


def test_a_grade_must_be_on_the_texts_scale(recognised, staff_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    with pytest.raises(ValidationError) as caught:
        grade_record(actor=staff_of("luoyang-kjj"), alliance=alliance, year=2019, grade="良好", on=date(2019, 12, 1))
    assert "优秀、合格、不合格" in caught.value.message_dict["grade"][0]


def test_a_year_is_graded_once(recognised, staff_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    staff = staff_of("luoyang-kjj")
    grade_record(actor=staff, alliance=alliance, year=2019, grade="合格", on=date(2019, 12, 1))
    with pytest.raises(ValidationError) as caught:
        grade_record(actor=staff, alliance=alliance, year=2019, grade="优秀", on=date(2019, 12, 2))
    assert caught.value.code == "duplicate_grade"


def test_a_lead_unit_cannot_grade(recognised, lead_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    with pytest.raises(PermissionDenied):
        grade_record(actor=lead_of(alliance), alliance=alliance, year=2019, grade="优秀", on=date(2019, 12, 1))


def test_staff_of_another_jurisdiction_cannot_grade_but_the_province_can(recognised, staff_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    with pytest.raises(PermissionDenied):
        grade_record(actor=staff_of("kunming-kjj"), alliance=alliance, year=2019, grade="优秀", on=date(2019, 12, 1))
    grade = grade_record(actor=staff_of("henan-kjt"), alliance=alliance, year=2019, grade="优秀", on=date(2019, 12, 1))
    assert grade.pack_id == "410300-luoyang/2018"  # graded under the alliance's own text


def test_only_the_lead_answers_and_only_staff_judge_a_rectification(recognised, lead_of, staff_of):
    alliance = recognised("luoyang-kjj", date(2018, 9, 1))
    staff, lead = staff_of("luoyang-kjj"), lead_of(alliance)
    grade_record(actor=staff, alliance=alliance, year=2019, grade="不合格", on=date(2019, 12, 20))
    order = Rectification.objects.get(alliance=alliance)
    with pytest.raises(PermissionDenied):
        rectification_respond(actor=staff, rectification=order, response="x", on=date(2020, 1, 5))
    with pytest.raises(PermissionDenied):
        rectification_judge(actor=lead, rectification=order, result="pass", on=date(2020, 1, 5))
