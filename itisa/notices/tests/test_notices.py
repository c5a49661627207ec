"""Kunming 第十一条: the 7-day public notice, objections, and what they do to the decision."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.audit.models import AuditEvent
from itisa.notices.models import NoticeStatus, Objection, PeriodUnit, PublicNotice
from itisa.notices.periods import period_end
from itisa.notices.selectors import objections_of, open_notices
from itisa.notices.services import objection_resolve, objection_submit
from itisa.workflow.services import TransitionRefused, case_act

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SH)


def object_(notice, when, *, text="该联盟成员名单与实际不符，请核查。", contact="13800000000", name="张三", **kw):
    return objection_submit(actor=AnonymousUser(), notice=notice, name=name, contact=contact, text=text, at=when,
                            **kw)


def test_kunming_11_notice_lasts_seven_days(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    # 民法典 第二百零一条: the day of publication is not counted — 4 … 10 June; 第二百零三条: 10 June 2024 is the
    # Dragon Boat Festival holiday, so the notice ends on the next working day, 11 June.
    assert (notice.published_on, notice.ends_on) == (date(2024, 6, 3), date(2024, 6, 11))
    assert (notice.period_length, notice.period_unit, notice.article) == (7, "calendar_days", "第十一条")
    assert "2024-06-11" in notice.text and case.alliance.name in notice.title
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 11))
    assert caught.value.code == "guard_failed"
    assert "2024-06-11" in caught.value.messages[0] and "2024-06-12" in caught.value.messages[0]
    assert "第十一条" in caught.value.messages[0]
    outcome = case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12))
    assert outcome.case.state == "recognised"
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CONCLUDED


def test_working_days_skip_the_national_day_holiday_and_count_the_adjusted_workday():
    # 2024: 10-01…10-07 off; Saturday 10-12 is a working day (调休). The day of publication is not counted
    # (民法典 第二百零一条): 10-08, 10-09, 10-10, 10-11, 10-12 (Sat, worked), 10-14, 10-15.
    assert period_end(date(2024, 9, 30), 7, PeriodUnit.WORKING_DAYS) == date(2024, 10, 15)
    assert period_end(date(2024, 9, 30), 6, PeriodUnit.WORKING_DAYS) == date(2024, 10, 14)
    # Seven calendar days end on 10-07, a holiday: the next working day (第二百零三条).
    assert period_end(date(2024, 9, 30), 7, PeriodUnit.CALENDAR_DAYS) == date(2024, 10, 8)
    # A text that counts the day of publication (the pack says so): 9-30 … 10-06, not moved.
    assert period_end(date(2024, 9, 30), 7, PeriodUnit.CALENDAR_DAYS, "first_day_counts") == date(2024, 10, 6)
    # Published on a holiday: counting starts with the next working day.
    assert period_end(date(2024, 10, 3), 1, PeriodUnit.WORKING_DAYS) == date(2024, 10, 8)


def test_a_year_without_holiday_data_is_refused_not_guessed():
    with pytest.raises(ValidationError) as caught:
        period_end(date(2035, 1, 2), 7, PeriodUnit.WORKING_DAYS)
    assert caught.value.code == "holiday_data_missing"


def test_a_pack_period_in_working_days_is_counted_so(km, monkeypatch):
    import itisa.notices.periods as periods

    real = periods.procedure

    def working_days_procedure(pack, procedure_id):
        proc = dict(real(pack, procedure_id))
        proc["periods"] = [{**p, "unit": "working_days"} for p in proc["periods"]]
        return proc

    monkeypatch.setattr(periods, "procedure", working_days_procedure)
    case = km["case_at"]("notice", published_on=date(2024, 9, 30))
    notice = PublicNotice.objects.get(case=case)
    assert (notice.period_unit, notice.ends_on) == ("working_days", date(2024, 10, 15))


def test_objection_received_during_the_notice_and_refused_after_it(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    objection = object_(notice, at(2024, 6, 11, 23))  # the last day counts, to its end
    assert objection.status == "pending" and objection.received_at == at(2024, 6, 11, 23)
    assert AuditEvent.objects.filter(action="objection.submit", target_id=str(objection.pk)).exists()
    with pytest.raises(ValidationError) as caught:
        object_(notice, at(2024, 6, 12, 0), contact="someone@example.cn")
    assert caught.value.code == "notice_ended" and "2024-06-11" in caught.value.messages[0]
    assert Objection.objects.count() == 1


def test_objections_are_validated_and_rate_limited(km, settings):
    settings.OBJECTION_RATE_LIMIT = (2, 60)
    notice = PublicNotice.objects.get(case=km["case_at"]("notice"))
    with pytest.raises(ValidationError) as caught:
        object_(notice, at(2024, 6, 4), name="", contact="not a contact", text="短")
    assert set(caught.value.message_dict) == {"name", "contact", "text"}
    anonymous = object_(notice, at(2024, 6, 4), name="", anonymous=True, source_ip="10.0.0.1")
    trail = AuditEvent.objects.get(action="objection.submit").after
    assert anonymous.anonymous and "name" not in trail and "contact" not in trail
    with pytest.raises(ValidationError) as caught:
        object_(notice, at(2024, 6, 4, 10) + timedelta(minutes=10), name="", anonymous=True, source_ip="10.0.0.2")
    assert caught.value.code == "duplicate"
    object_(notice, at(2024, 6, 4, 10) + timedelta(minutes=20), text="第二条不同的异议内容，请核查。", source_ip="10.0.0.1")
    with pytest.raises(ValidationError) as caught:
        object_(notice, at(2024, 6, 4, 10) + timedelta(minutes=40), text="第三条异议，换了联系方式。",
                contact="x@example.cn", source_ip="10.0.0.1")
    assert caught.value.code == "rate_limited"
    # An hour later the same address may object again.
    object_(notice, at(2024, 6, 4, 11) + timedelta(minutes=21), text="第三条异议，换了联系方式。",
            contact="x@example.cn", source_ip="10.0.0.1")


def test_recognition_refused_while_an_objection_is_unresolved(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    objection = object_(notice, at(2024, 6, 5))
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12))
    assert "1" in caught.value.messages[0] and caught.value.code == "guard_failed"
    with pytest.raises(PermissionDenied):
        objection_resolve(actor=km["person"]("outsider"), objection=objection, outcome="dismissed", reason="无据")
    with pytest.raises(ValidationError):
        objection_resolve(actor=km["staff"], objection=objection, outcome="dismissed", reason=" ")
    objection_resolve(actor=km["staff"], objection=objection, outcome="dismissed", reason="经核查，成员名单属实。")
    with pytest.raises(ValidationError) as caught:
        objection_resolve(actor=km["staff"], objection=objection, outcome="upheld", reason="改判")
    assert caught.value.code == "already_resolved"
    assert case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12)).case.state == "recognised"


def test_recognition_refused_after_an_objection_is_upheld_and_the_bureau_rejects(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    objection = object_(notice, at(2024, 6, 5))
    with pytest.raises(TransitionRefused):  # no objection upheld yet
        case_act(actor=km["staff"], case=case, action="reject", on=date(2024, 6, 6))
    objection_resolve(actor=km["staff"], objection=objection, outcome="upheld", reason="成员单位未签署协议。")
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12))
    assert "upheld" in caught.value.messages[0] or "成立" in caught.value.messages[0]
    assert case_act(actor=km["staff"], case=case, action="reject", on=date(2024, 6, 12)).case.state == "rejected"


def test_an_objection_does_not_move_the_case_the_bureau_sends_it_back(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    objection = object_(notice, at(2024, 6, 5))
    case.refresh_from_db()
    assert case.state == "notice"
    # The table's ``object`` move (role bureau, guard objection_upheld) is not open to the public …
    with pytest.raises(PermissionDenied):
        case_act(actor=AnonymousUser(), case=case, action="object", on=date(2024, 6, 5))
    # … nor to the bureau before it upheld an objection.
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=km["staff"], case=case, action="object", on=date(2024, 6, 5))
    assert caught.value.code == "guard_failed"  # objection_upheld (Kunming 第十一条)
    assert "第十一条" in caught.value.messages[0]
    objection_resolve(actor=km["staff"], objection=objection, outcome="upheld", reason="需重新形式审查。")
    assert case_act(actor=km["staff"], case=case, action="object", on=date(2024, 6, 6)).case.state == "formal_review"
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    # Back through review, a new notice runs, without the old objection.
    case_act(actor=km["staff"], case=case, action="pass_formal_review", on=date(2024, 6, 20))
    case_act(actor=km["staff"], case=case, action="propose", on=date(2024, 6, 25))
    case_act(actor=km["staff"], case=case, action="publish_notice", on=date(2024, 7, 1))
    assert case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 7, 9)).case.state == "recognised"


def test_open_notices_lists_what_the_public_can_object_to(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    assert list(open_notices(date(2024, 6, 11))) == [PublicNotice.objects.get(case=case)]
    assert list(open_notices(date(2024, 6, 12))) == []
    assert list(open_notices(date(2024, 6, 2))) == []


def test_objections_are_for_the_deciding_bureau_only_and_it_is_told(km, django_capture_on_commit_callbacks):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    notice = PublicNotice.objects.get(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        object_(notice, at(2024, 6, 5))
    assert [m.to for m in mail.outbox] == [["km_staff@example.cn"]]
    assert objections_of(km["staff"], notice).count() == 1
    assert objections_of(km["person"]("nosy"), notice).count() == 0
    assert objections_of(AnonymousUser(), notice).count() == 0


def test_the_admin_lists_and_searches_notices_and_objections(km, admin_client):
    from django.urls import reverse

    notice = PublicNotice.objects.get(case=km["case_at"]("notice"))
    object_(notice, at(2024, 6, 5))
    for name in ("publicnotice", "objection"):
        page = admin_client.get(reverse(f"admin:notices_{name}_changelist"), {"q": "花卉"})
        assert page.status_code == 200 and "花卉" in page.content.decode()
