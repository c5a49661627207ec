"""Dissolution (Jiangning 第十二条) and upgrades."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itisa.audit.models import AuditEvent
from itisa.supervision.models import DissolutionConsent
from itisa.supervision.services import (
    alliance_upgrade,
    dissolution_apply,
    dissolution_consent_record,
    dissolution_decide,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jiangning(recognised, make_org, system_actor, lead_of, staff_of):
    from itisa.register.services import membership_add

    alliance = recognised("jiangning-kjj", date(2019, 3, 1), name="江宁区生物医药产业技术创新战略联盟")
    members = [make_org(f"江宁成员{i}", region="320115") for i in range(2)]
    for org in members:
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 3, 1))
    return alliance, members, lead_of(alliance), staff_of("jiangning-kjj")


def test_jiangning_12_dissolution_needs_every_member_consent(jiangning):
    """第十二条: 经全体成员单位同意，决定解散联盟的，由联盟牵头单位提出申请，报区科技局审批."""
    alliance, (a, b), lead, staff = jiangning
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="任务完成", on=date(2020, 6, 1))
    assert (dissolution.article, dissolution.pack_id) == ("第十二条", "320115-jiangning/2019")
    dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=a, on=date(2020, 6, 2))
    with pytest.raises(ValidationError) as caught:
        dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2020, 6, 10))
    assert caught.value.code == "consent_missing"
    assert b.name in caught.value.messages[0] and a.name not in caught.value.messages[0]
    alliance.refresh_from_db()
    assert alliance.status == "recognised"
    dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=b, on=date(2020, 6, 11))
    decided = dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2020, 6, 12))
    alliance.refresh_from_db()
    assert (decided.status, alliance.status) == ("approved", "dissolved")
    assert DissolutionConsent.objects.filter(dissolution=dissolution).count() == 3  # the lead's application, a, b
    assert AuditEvent.objects.filter(action="supervision.dissolution_decide").exists()


def test_jiangning_12_a_member_who_has_left_need_not_consent(jiangning, system_actor):
    from itisa.register.models import Membership
    from itisa.register.services import membership_end

    alliance, (a, b), lead, staff = jiangning
    membership_end(actor=system_actor, membership=Membership.objects.get(alliance=alliance, organisation=b),
                   left_on=date(2020, 5, 1))
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="任务完成", on=date(2020, 6, 1))
    with pytest.raises(ValidationError):  # b is no longer a member: its consent cannot be recorded
        dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=b, on=date(2020, 6, 2))
    dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=a, on=date(2020, 6, 2))
    assert dissolution_decide(actor=staff, dissolution=dissolution, approve=True, on=date(2020, 6, 3)).status == \
        "approved"


def test_jiangning_12_only_the_lead_applies_and_only_the_bureau_decides(jiangning):
    alliance, _, lead, staff = jiangning
    with pytest.raises(PermissionDenied):
        dissolution_apply(actor=staff, alliance=alliance, reason="x", on=date(2020, 6, 1))
    dissolution = dissolution_apply(actor=lead, alliance=alliance, reason="x", on=date(2020, 6, 1))
    with pytest.raises(PermissionDenied):
        dissolution_decide(actor=lead, dissolution=dissolution, approve=True, on=date(2020, 6, 2))
    with pytest.raises(ValidationError) as caught:  # one pending application at a time
        dissolution_apply(actor=lead, alliance=alliance, reason="x", on=date(2020, 6, 1))
    assert caught.value.code == "dissolution_pending"
    refused = dissolution_decide(actor=staff, dissolution=dissolution, approve=False, note="不同意", on=date(2020, 6, 2))
    alliance.refresh_from_db()
    assert (refused.status, alliance.status) == ("refused", "recognised")


def test_a_text_without_dissolution_refuses_it(recognised, lead_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    with pytest.raises(ValidationError) as caught:
        dissolution_apply(actor=lead_of(alliance), alliance=alliance, reason="x", on=date(2021, 1, 1))
    assert caught.value.code == "no_dissolution"


def test_an_upgrade_goes_through_the_level_history(recognised, staff_of, jurisdiction):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    with pytest.raises(PermissionDenied):  # the city does not recognise provincial alliances
        alliance_upgrade(actor=staff_of("kunming-kjj"), alliance=alliance, level="provincial",
                         jurisdiction=jurisdiction("yunnan-kjt"), from_date=date(2021, 5, 1))
    province = staff_of("yunnan-kjt")
    with pytest.raises(ValidationError) as caught:
        alliance_upgrade(actor=province, alliance=alliance, level="national", jurisdiction=jurisdiction("yunnan-kjt"),
                         from_date=date(2021, 5, 1))
    assert caught.value.error_dict["jurisdiction"][0].code == "wrong_bureau"
    record = alliance_upgrade(actor=province, alliance=alliance, level="provincial",
                              jurisdiction=jurisdiction("yunnan-kjt"), from_date=date(2021, 5, 1),
                              document_number="云科〔2021〕1号", reason="升级为省级联盟")
    alliance.refresh_from_db()
    assert (alliance.level, record.level, alliance.level_history.count()) == ("provincial", "provincial", 2)
    assert AuditEvent.objects.filter(action="supervision.upgrade", target_id=str(alliance.pk)).exists()
    assert AuditEvent.objects.filter(action="alliance.level", target_id=str(alliance.pk)).count() == 2
    with pytest.raises(ValidationError) as caught:
        alliance_upgrade(actor=province, alliance=alliance, level="provincial", jurisdiction=jurisdiction("yunnan-kjt"),
                         from_date=date(2021, 6, 1))
    assert caught.value.error_dict["level"][0].code == "not_an_upgrade"
