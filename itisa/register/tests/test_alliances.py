"""Alliances, their level history and their members: history kept, one lead at every date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from itisa.audit.models import AuditEvent
from itisa.register.models import Membership
from itisa.register.services import (
    achievement_add,
    alliance_change_lead,
    alliance_level_record,
    alliance_update,
    membership_add,
    membership_change_role,
    membership_end,
)

pytestmark = pytest.mark.django_db


def leads_on(alliance, day: date) -> list[int]:
    return [m.organisation_id for m in Membership.objects.filter(alliance=alliance, role="lead")
            if m.is_active_on(day)]


def test_a_new_alliance_has_its_lead_as_a_member_from_the_founding_day(make_alliance):
    alliance = make_alliance(founded_on=date(2019, 3, 1))
    (lead,) = Membership.objects.filter(alliance=alliance)
    assert (lead.organisation_id, lead.role, lead.joined_on, lead.left_on) == (alliance.lead_id, "lead",
                                                                                date(2019, 3, 1), None)
    assert alliance.region_id == alliance.lead.region_id
    assert AuditEvent.objects.filter(action="alliance.create", target_id=str(alliance.pk)).exists()


def test_it_refuses_overlapping_periods_for_the_same_organisation(make_alliance, make_org, system_actor):
    alliance = make_alliance()
    org = make_org("中信重工机械股份有限公司")
    membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 3, 1),
                   left_on=date(2020, 1, 1))
    with pytest.raises(ValidationError) as caught:
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 12, 31))
    assert caught.value.error_dict["joined_on"][0].code == "overlapping_membership"
    # Re-joining on the day the first period ended is not an overlap: periods are [joined, left).
    membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2020, 1, 1))
    assert Membership.objects.filter(alliance=alliance, organisation=org).count() == 2


def test_it_refuses_a_second_lead(make_alliance, make_org, system_actor):
    alliance = make_alliance()
    with pytest.raises(ValidationError) as caught:
        membership_add(actor=system_actor, alliance=alliance, organisation=make_org("第二牵头单位"), role="lead",
                       joined_on=date(2020, 1, 1))
    assert caught.value.error_dict["role"][0].code == "two_leads"
    assert leads_on(alliance, date(2020, 6, 1)) == [alliance.lead_id]


def test_it_refuses_a_left_date_before_the_joined_date(make_alliance, make_org, system_actor):
    alliance = make_alliance()
    with pytest.raises(ValidationError) as caught:
        membership_add(actor=system_actor, alliance=alliance, organisation=make_org("某高校"),
                       joined_on=date(2020, 5, 1), left_on=date(2020, 4, 30))
    assert caught.value.error_dict["left_on"][0].code == "left_before_joined"
    assert Membership.objects.filter(alliance=alliance).count() == 1


def test_the_database_itself_refuses_a_left_date_before_the_joined_date(make_alliance):
    alliance = make_alliance()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(alliance=alliance, organisation=alliance.lead, role="member",
                                  joined_on=date(2021, 1, 2), left_on=date(2021, 1, 1))


def test_the_lead_cannot_simply_leave(make_alliance, system_actor):
    alliance = make_alliance()
    lead_membership = Membership.objects.get(alliance=alliance, role="lead")
    with pytest.raises(ValidationError) as caught:
        membership_end(actor=system_actor, membership=lead_membership, left_on=date(2022, 1, 1))
    assert caught.value.error_dict["role"][0].code == "lead_must_remain"


def test_a_change_of_lead_keeps_exactly_one_lead_on_every_date(make_alliance, make_org, system_actor):
    alliance = make_alliance(founded_on=date(2019, 3, 1))
    old_lead = alliance.lead
    newcomer = make_org("洛阳LYC轴承有限公司")
    membership_add(actor=system_actor, alliance=alliance, organisation=newcomer, role="core", joined_on=date(2019, 6, 1))
    alliance_change_lead(actor=system_actor, alliance=alliance, organisation=newcomer, on=date(2021, 1, 1),
                         reason="理事会决议")
    day = date(2019, 3, 1)
    while day < date(2022, 1, 1):
        assert len(leads_on(alliance, day)) == 1, day
        day += timedelta(days=17)
    assert leads_on(alliance, date(2020, 12, 31)) == [old_lead.pk]
    assert leads_on(alliance, date(2021, 1, 1)) == [newcomer.pk]
    alliance.refresh_from_db()
    assert alliance.lead_id == newcomer.pk
    # History is kept: the newcomer's core period and the old lead's lead period are closed, not rewritten.
    periods = list(Membership.objects.filter(alliance=alliance).order_by("joined_on", "id")
                   .values_list("organisation_id", "role", "joined_on", "left_on"))
    assert (old_lead.pk, "lead", date(2019, 3, 1), date(2021, 1, 1)) in periods
    assert (newcomer.pk, "core", date(2019, 6, 1), date(2021, 1, 1)) in periods
    assert (old_lead.pk, "core", date(2021, 1, 1), None) in periods


def test_a_change_of_role_closes_one_period_and_opens_the_next(make_alliance, make_org, system_actor):
    alliance = make_alliance()
    m = membership_add(actor=system_actor, alliance=alliance, organisation=make_org("某研究院", kind="research_institute"),
                       joined_on=date(2019, 3, 1))
    new = membership_change_role(actor=system_actor, membership=m, role="core", on=date(2020, 3, 1))
    m.refresh_from_db()
    assert m.left_on == date(2020, 3, 1) and m.role == "member"
    assert new.role == "core" and new.joined_on == date(2020, 3, 1)


def test_a_failed_change_of_lead_leaves_nothing_half_saved(make_alliance, make_org, system_actor):
    alliance = make_alliance(founded_on=date(2019, 3, 1))
    before = list(Membership.objects.filter(alliance=alliance).values())
    with pytest.raises(ValidationError):
        # The change date precedes the current lead's start: refused after the first writes began.
        alliance_change_lead(actor=system_actor, alliance=alliance, organisation=make_org("新牵头"),
                             on=date(2019, 1, 1), reason="x")
    assert list(Membership.objects.filter(alliance=alliance).values()) == before
    alliance.refresh_from_db()
    assert not AuditEvent.objects.filter(action="alliance.lead").exists()


def test_level_history_raises_the_current_level_and_refuses_a_repeat(make_alliance, jurisdiction, system_actor):
    alliance = make_alliance()
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2019, 9, 1),
                          jurisdiction=jurisdiction("luoyang-kjj"), document_number="洛科〔2019〕12号")
    alliance_level_record(actor=system_actor, alliance=alliance, level="provincial", from_date=date(2021, 5, 1),
                          jurisdiction=jurisdiction("henan-kjt"), document_number="豫科〔2021〕30号")
    alliance.refresh_from_db()
    assert (alliance.level, alliance.status) == ("provincial", "recognised")
    assert list(alliance.level_history.values_list("level", "document_number")) == [
        ("municipal", "洛科〔2019〕12号"), ("provincial", "豫科〔2021〕30号")]
    with pytest.raises(ValidationError) as caught:
        alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2022, 1, 1),
                              jurisdiction=jurisdiction("luoyang-kjj"))
    assert caught.value.error_dict["level"][0].code == "duplicate_level"


def test_a_standard_needs_its_level(make_alliance, system_actor):
    alliance = make_alliance()
    with pytest.raises(ValidationError) as caught:
        achievement_add(actor=system_actor, alliance=alliance, kind="standard", title="滚动轴承 术语",
                        achieved_on=date(2020, 1, 1))
    assert "standard_level" in caught.value.error_dict
    ok = achievement_add(actor=system_actor, alliance=alliance, kind="standard", title="滚动轴承 术语",
                         achieved_on=date(2020, 1, 1), standard_level="national")
    assert alliance.achievements.get(pk=ok.pk).standard_level == "national"


def test_it_refuses_an_invalid_legal_entity_credit_code(make_alliance, system_actor):
    alliance = make_alliance()
    with pytest.raises(ValidationError) as caught:
        alliance_update(actor=system_actor, alliance=alliance, reason="登记法人", legal_entity_registered=True,
                        legal_entity_credit_code="91410300XXXXXXXXX1")
    assert "legal_entity_credit_code" in caught.value.error_dict
    alliance.refresh_from_db()
    assert alliance.legal_entity_registered is False
