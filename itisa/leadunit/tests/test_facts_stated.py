"""Issue 13 §3: the lead unit can state every fact its text asks on the facts page, and the engine's answer
follows — Kunming 第八条(二)(三), Luoyang 第六条(四), Weinan's IP and benefit-sharing rules as two facts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.facts_bulk import facts_of_alliances
from itisa.register.models import Alliance, IndustryField, Membership
from itisa.register.services import alliance_update, membership_add
from policy.api import check_eligibility

pytestmark = pytest.mark.django_db


def facts(alliance, on=None):
    return alliance_facts(alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get(), on=on)


def status(pack, alliance, cid, on):
    result = check_eligibility(pack, facts(alliance, on), on)
    return next(c for c in result.conditions if c.id == cid).status


def post_facts(client, user, alliance, **data):
    client.force_login(user)
    body = {"kind": alliance.kind, "reason": "完善联盟信息", "full_time_staff": "0", "part_time_staff": "0", **data}
    return client.post(reverse("leadunit:facts", kwargs={"pk": alliance.pk}), body)


def test_kunming_8_3_a_platform_alliance_is_exempt_from_the_industrialisation_project(client, km):
    """第八条(三) “围绕本产业开展了1项及以上产业化项目培育（建设创新平台、提供创新服务的联盟除外）”."""
    alliance, today = km["alliance"], timezone.localdate()
    assert status("530100-kunming/2016", alliance, "industrialisation_project", today) == "fail"
    response = post_facts(client, km["lead"], alliance, kind="platform")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert status("530100-kunming/2016", alliance, "industrialisation_project", today) == "pass"


def test_kunming_8_3_rd_team_is_stated_on_the_page(client, km):
    """第八条(三) “成员单位拥有稳定的技术研发团队”."""
    alliance, today = km["alliance"], timezone.localdate()
    assert status("530100-kunming/2016", alliance, "rd_team", today) == "fail"
    post_facts(client, km["lead"], alliance, has_rd_team="on")
    assert status("530100-kunming/2016", alliance, "rd_team", today) == "pass"


def test_the_industry_field_comes_from_the_bureaus_catalogue(client, km):
    alliance = km["alliance"]
    own = IndustryField.objects.filter(jurisdiction=alliance.jurisdiction, active=True).first()
    foreign = IndustryField.objects.exclude(jurisdiction=alliance.jurisdiction).first()
    assert own is not None and foreign is not None
    refused = post_facts(client, km["lead"], alliance, industry_field=str(foreign.pk))
    assert refused.status_code == 200 and Alliance.objects.get(pk=alliance.pk).industry_field_id is None
    post_facts(client, km["lead"], alliance, industry_field=str(own.pk))
    assert facts(alliance)["field"] == own.name


def test_kunming_8_2_signatures_are_recorded_per_member(client, km, make_org, system_actor):
    """第八条(二) “成员单位法定代表人共同签署了具有法律约束力的联盟协议”: read from who signed."""
    alliance, today = km["alliance"], timezone.localdate()
    other = membership_add(actor=system_actor, alliance=alliance, organisation=make_org("昆明花卉研究所", region="530102"),
                           joined_on=alliance.founded_on)
    lead = Membership.objects.get(alliance=alliance, role="lead")
    alliance_update(actor=system_actor, alliance=alliance, reason="牵头单位对外承担责任",
                    outward_responsible_party=alliance.lead)
    post_facts(client, km["lead"], alliance, signatories=[str(lead.pk)],
               outward_responsible_party=str(alliance.lead_id), agreement_signed_by_all="on")
    assert facts(alliance)["members"][0]["flags"] == ["signed_by_legal_rep"]
    assert status("530100-kunming/2016", alliance, "agreement_signed", today) == "fail"  # one member did not sign
    post_facts(client, km["lead"], alliance, signatories=[str(lead.pk), str(other.pk)],
               outward_responsible_party=str(alliance.lead_id))
    assert status("530100-kunming/2016", alliance, "agreement_signed", today) == "pass"


def test_a_signatory_of_another_alliance_is_refused(client, km, wn):
    foreign = Membership.objects.get(alliance=wn["alliance"], role="lead")
    response = post_facts(client, km["lead"], km["alliance"], signatories=[str(foreign.pk)])
    assert response.status_code == 200
    assert not Membership.objects.filter(signed_agreement=True).exists()


def test_luoyang_6_4_an_office_with_part_time_staff_only(make_alliance, system_actor):
    """第六条(四) “联盟应设立联盟工作办公室，配备专（兼）职人员”: part-time staff alone satisfy it."""
    on = date(2020, 6, 1)
    alliance = make_alliance(founded_on=date(2019, 3, 1))
    alliance_update(actor=system_actor, alliance=alliance, reason="设立办公室", has_office=True)
    assert status("410300-luoyang/2018", alliance, "office", on) == "fail"
    alliance_update(actor=system_actor, alliance=alliance, reason="配备兼职人员", part_time_staff=2)
    assert status("410300-luoyang/2018", alliance, "office", on) == "pass"


def test_weinan_ip_rules_and_benefit_sharing_rules_are_two_facts(make_alliance, make_org, system_actor):
    """Weinan asks for both 知识产权 and 利益分配 rules: one without the other fails."""
    on = timezone.localdate()
    alliance = make_alliance("渭南市装备制造产业技术创新战略联盟", juris="weinan-kjj",
                             lead=make_org("渭南装备龙头企业", region="610502"), founded_on=date(2019, 3, 1))
    alliance_update(actor=system_actor, alliance=alliance, reason="知识产权制度", has_ip_rules=True)
    assert status("610500-weinan/2015", alliance, "ip_and_benefit_sharing", on) == "fail"
    alliance_update(actor=system_actor, alliance=alliance, reason="利益分配制度", has_benefit_sharing_rules=True)
    assert status("610500-weinan/2015", alliance, "ip_and_benefit_sharing", on) == "pass"


def test_the_bulk_facts_read_the_same_new_facts(make_alliance, system_actor):
    alliance = make_alliance()
    alliance_update(actor=system_actor, alliance=alliance, reason="x", part_time_staff=1,
                    has_benefit_sharing_rules=True, signatories=[Membership.objects.get(alliance=alliance).pk])
    [bulk] = facts_of_alliances(Alliance.objects.filter(pk=alliance.pk))
    one = facts(alliance)
    assert bulk["flags"] == one["flags"] and bulk["members"] == one["members"]
    assert {"part_time_staff", "benefit_sharing_rules", "agreement_signed_by_all"} <= set(one["flags"])


def test_saved_facts_go_back_to_the_page_that_asked_with_the_message(client, km):
    """The application wizard links to the facts page with ``?next=application``; saving returns there."""
    from django.contrib.messages import get_messages

    alliance = km["alliance"]
    client.force_login(km["lead"])
    body = {"kind": alliance.kind, "reason": "完善联盟信息", "full_time_staff": "0", "part_time_staff": "0"}
    url = reverse("leadunit:facts", kwargs={"pk": alliance.pk})
    from_wizard = client.post(url + "?next=application", body)
    assert from_wizard.status_code == 302
    assert from_wizard["Location"] == reverse("leadunit:application", kwargs={"pk": alliance.pk})
    [said] = [str(m) for m in get_messages(from_wizard.wsgi_request)]
    assert said in ("联盟基本情况已更新。", "The alliance's facts were updated.")
    plain = client.post(url, body)
    assert plain.status_code == 302 and plain["Location"] == reverse("leadunit:alliance", kwargs={"pk": alliance.pk})
