"""Proposing again on an accepted claim (the money page's claim choice): the claim's matter reaches the engine,
so money recorded from another policy for that matter stops it (Luoyang 第二十一条); only accepted claims, only
the chosen alliance's."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from itisa.accounts.models import RoleAssignment
from itisa.funding.claim_services import claim_accept, claim_file, claim_propose, outside_funding_record
from itisa.funding.models import GrantProposal, ProposalStatus
from itisa.funding.services import grant_decide
from itisa.register.services import alliance_level_record

pytestmark = pytest.mark.django_db
D = Decimal
EVENT = {"id": "new", "kind": "rd_project", "date": "2019-08-01", "matter": "LY-RD-2019-07"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def declined(cast, funds, make_alliance, jurisdiction, system_actor, django_user_model):
    """A Luoyang alliance whose 第十三条 claim was accepted and its proposal then declined (no budget left)."""
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟")
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2019, 5, 1),
                          jurisdiction=jurisdiction("luoyang-kjj"))
    lead = django_user_model.objects.create_user(username="ly_lead", password="pw", full_name="ly_lead")
    RoleAssignment.objects.create(user=lead, role="lead_unit", alliance=alliance)
    body = b"%PDF-1.4\n%%EOF\n"
    claim = claim_file(actor=lead, alliance=alliance, pack="luoyang", kind="rd_project", event=EVENT,
                       files=[("立项.pdf", io.BytesIO(body), len(body))])
    [first] = claim_accept(actor=cast["ly_staff"], claim=claim, on=date(2019, 8, 5)).proposals
    grant_decide(actor=cast["ly_staff"], proposal=first, approve=False, reason="预算已安排完毕", on=date(2019, 8, 10))
    return {"alliance": alliance, "lead": lead, "claim": claim, "first": first}


def test_an_accepted_claim_is_proposed_again_and_the_new_proposal_joins_it(cast, declined):
    claim = declined["claim"]
    [again] = claim_propose(actor=cast["ly_staff"], claim=claim, on=date(2019, 11, 1)).proposals
    assert (again.rule, again.matter, again.status) == ("rd_project", "LY-RD-2019-07", ProposalStatus.PROPOSED)
    assert set(claim.proposals.all()) == {declined["first"], again}


def test_money_from_another_policy_for_the_claims_matter_refuses_it_naming_21(cast, declined):
    outside = outside_funding_record(actor=cast["ly_staff"], alliance=declined["alliance"], matter="LY-RD-2019-07",
                                     source="河南省重大科技专项", amount=D("150"), received_on=date(2019, 9, 30))
    run = claim_propose(actor=cast["ly_staff"], claim=declined["claim"], on=date(2019, 11, 1))
    assert run.proposals == []
    [refusal] = [r for r in run.refusals if r["code"] == "double_funding"]
    assert refusal["citation"].endswith("第二十一条") and outside.ref in refusal["zh"]
    assert GrantProposal.objects.count() == 1


def test_only_an_accepted_claim_is_proposed_from_the_money_page(cast, declined):
    body = b"%PDF-1.4\n%%EOF\n"
    open_claim = claim_file(actor=declined["lead"], alliance=declined["alliance"], pack="luoyang", kind="rd_project",
                            event={**EVENT, "matter": "LY-RD-2019-08"}, files=[("x.pdf", io.BytesIO(body), len(body))])
    with pytest.raises(ValidationError) as caught:
        claim_propose(actor=cast["ly_staff"], claim=open_claim, on=date(2019, 11, 1))
    assert caught.value.error_dict["claim"][0].code == "not_accepted"


def test_the_money_page_offers_the_claim_and_refuses_another_alliances(client, cast, declined, make_alliance):
    client.force_login(cast["ly_staff"])
    claim, alliance = declined["claim"], declined["alliance"]
    page = client.get(reverse("staff:money"), {"alliance_q": "轴承"}).content.decode()
    assert f'<option value="{claim.pk}">' in page and "LY-RD-2019-07" in page
    found = client.get(reverse("staff:alliance_options"), {"alliance_q": "轴承"}).content.decode()
    assert f'<option value="{claim.pk}">' in found  # the search as one types refreshes the claims too
    assert f'<option value="{claim.pk}">' not in client.get(reverse("staff:money")).content.decode()
    other = make_alliance("洛阳市轴承第二产业技术创新战略联盟")
    wrong = client.post(reverse("staff:propose"), {"alliance_q": "轴承", "alliance": other.pk, "on": "2019-11-01",
                                                   "claim": claim.pk})
    assert wrong.status_code == 200 and "该资助申请不属于所选联盟" in wrong.content.decode()
    right = client.post(reverse("staff:propose"), {"alliance_q": "轴承", "alliance": alliance.pk, "on": "2019-11-01",
                                                   "claim": claim.pk})
    assert right.status_code == 200 and GrantProposal.objects.filter(status=ProposalStatus.PROPOSED).count() == 1
