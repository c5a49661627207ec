"""The claim pages: the lead's form built from the pack with the engine's live answer, filing with evidence,
the bureau's queue and review, the way back for more evidence, acceptance into a proposal; outside funding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itisa.accounts.models import RoleAssignment
from itisa.funding.models import Claim, ClaimStatus, GrantProposal, OutsideFunding

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(cast, funds, jiangning_alliance, django_user_model):
    def lead(alliance, username):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username)
        RoleAssignment.objects.create(user=user, role="lead_unit", alliance=alliance)
        return user

    a = jiangning_alliance()
    b = jiangning_alliance("江宁生物医药产业技术创新战略联盟")
    return {"alliance": a, "lead": lead(a, "jn_lead"), "other_lead": lead(b, "other_lead"), **cast}


def exchange_post(day: str, spend: str = "20", **extra):
    return {
        "date": day,
        "base": spend,
        "matter": "EX-2026-1",
        "flag_filed": "on",
        "flag_led_by_alliance": "on",
        "note": "论坛",
        **extra,
    }


def test_the_lead_sees_the_articles_that_pay_on_a_claim_and_a_form_of_exactly_their_fields(client, world):
    a = world["alliance"]
    client.force_login(world["lead"])
    page = client.get(reverse("leadunit:claims", kwargs={"pk": a.pk})).content.decode()
    for article in ("第十条第3项", "第十条第4项", "第十条第6项", "第十条第10项"):  # as the text writes them
        assert article in page
    form = client.get(reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}))
    names = set(form.context["form"].fields)
    assert names == {"date", "base", "matter", "flag_filed", "flag_led_by_alliance", "evidence", "note"}
    national = client.get(reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "national_major_project"}))
    assert {"base", "payee"} <= set(national.context["form"].fields)  # a matching rate, paid to the member
    yearly = client.get(reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "operating_subsidy"}))
    assert "year" in yearly.context["form"].fields and "base" not in yearly.context["form"].fields
    assert client.get(reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "standard"})).status_code == 404
    # A happening after the text lapsed (第十五条 试行期三年) is refused on the date, naming the article.
    late = client.post(
        reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}),
        exchange_post("2023-05-01"),
    )
    assert late.status_code == 200, (late.status_code, late.get("Location"))
    assert "第十五条" in str(late.context["form"].errors["date"]) and not Claim.objects.exists()


def test_the_live_answer_shows_amount_range_formula_and_article(client, world):
    a = world["alliance"]
    client.force_login(world["lead"])
    today = "2019-04-20"
    url = reverse("leadunit:claim_preview", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"})
    answer = client.post(url, exchange_post(today, "40"), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    [ent] = answer.context["answer"]["entitlements"]
    assert ent.range == (D("0"), D("30")) and ent.citation.article == "第十条6"
    html = answer.content.decode()
    assert "第十条6" in html and ent.formula.split(" / ")[0] in html
    assert "decided between" not in html and "decision within" not in html
    refused = client.post(url, {**exchange_post(today), "flag_filed": ""}).context["answer"]
    assert not refused["entitlements"] and "活动已备案" in refused["refusals"][0].zh
    assert not Claim.objects.exists()


def test_filing_review_more_evidence_and_acceptance_into_a_proposal(client, world):
    a = world["alliance"]
    today = "2019-04-20"
    client.force_login(world["lead"])
    filed = client.post(
        reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}),
        {**exchange_post(today), "evidence": [SimpleUploadedFile("活动总结.pdf", PDF)]},
    )
    claim = Claim.objects.get()
    assert filed.status_code == 302 and filed["Location"].endswith(f"/claims/{claim.pk}/")
    assert claim.event["base"] == "20" and claim.event["flags"] == ["filed", "led_by_alliance"]
    assert [d.original_name for d in claim.documents.all()] == ["活动总结.pdf"]

    client.force_login(world["jn_staff"])
    queue = client.get(reverse("staff:claims")).content.decode()
    assert claim.ref in queue
    page = reverse("staff:claim", kwargs={"claim": claim.pk})
    assert client.post(page, {"decision": "more_evidence", "reason": ""}).status_code == 200  # a reason is needed
    client.post(page, {"decision": "more_evidence", "reason": "请补充备案回执"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.MORE_EVIDENCE

    client.force_login(world["lead"])
    lead_page = reverse("leadunit:claim", kwargs={"pk": a.pk, "claim": claim.pk})
    assert "请补充备案回执" in client.get(lead_page).content.decode()
    client.post(lead_page, {"note": "已补充", "evidence": [SimpleUploadedFile("备案回执.pdf", PDF)]})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.documents.count() == 2

    client.force_login(world["jn_staff"])
    doc = claim.documents.first()
    assert client.get(reverse("staff:claim_document", kwargs={"claim": claim.pk, "doc": doc.pk})).status_code == 200
    assert client.post(page, {"decision": "accept", "reason": "材料齐全"}).status_code == 302
    [p] = GrantProposal.objects.all()
    assert p.rule == "exchange_subsidy" and p.range_max == D("20") and p.claim["claim"] == claim.ref
    proposal_page = client.get(reverse("staff:proposal", kwargs={"pk": p.pk})).content.decode()
    assert claim.ref in proposal_page
    # the formula in words, in the page's language (issue 10 §1): 万元, the cap and its article; no English
    zh, en = p.formula.split(" / ")
    assert "每年最高30万元（第十条第6项）" in zh and f'<dd class="formula">{zh}</dd>' in proposal_page
    assert "yearly cap" not in proposal_page and "at most 30 a year" not in proposal_page
    english = client.get(reverse("staff:proposal", kwargs={"pk": p.pk}), HTTP_ACCEPT_LANGUAGE="en")
    assert f'<dd class="formula">{en}</dd>' in english.content.decode() and "Art. 10 item 6" in en
    shown = client.get(page).content.decode()
    assert "活动由联盟牵头" in shown and "led_by_alliance" not in shown  # words, not codes


def test_another_alliances_lead_and_another_bureau_get_404(client, world, cast):
    a = world["alliance"]
    client.force_login(world["lead"])
    client.post(
        reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}),
        exchange_post("2019-04-20"),
    )
    claim = Claim.objects.get()
    client.force_login(world["other_lead"])
    for url in (
        reverse("leadunit:claims", kwargs={"pk": a.pk}),
        reverse("leadunit:claim_new", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}),
        reverse("leadunit:claim", kwargs={"pk": a.pk, "claim": claim.pk}),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("leadunit:claim_preview", kwargs={"pk": a.pk, "claim_kind": "exchange_activity"}),
            exchange_post("2019-04-20"),
        ).status_code
        == 404
    )
    client.force_login(cast["ly_staff"])
    assert claim.ref not in client.get(reverse("staff:claims")).content.decode()
    assert client.get(reverse("staff:claim", kwargs={"claim": claim.pk})).status_code == 404
    assert (
        client.post(
            reverse("staff:claim", kwargs={"claim": claim.pk}), {"decision": "reject", "reason": "x"}
        ).status_code
        == 404
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_staff_record_funding_under_another_policy(client, world, cast):
    a = world["alliance"]
    client.force_login(cast["jn_staff"])
    url = reverse("staff:outside_funding")
    bad = client.post(
        url, {"alliance": a.pk, "matter": "P-1", "source": "省重点研发计划", "amount": "0", "received_on": "2019-06-01"}
    )
    assert bad.status_code == 200 and not OutsideFunding.objects.exists()
    ok = client.post(
        url,
        {"alliance": a.pk, "matter": "P-1", "source": "省重点研发计划", "amount": "50", "received_on": "2019-06-01"},
    )
    assert ok.status_code == 302
    assert "省重点研发计划" in client.get(url).content.decode()
    client.force_login(cast["ly_staff"])
    assert "省重点研发计划" not in client.get(url).content.decode()
    assert (
        client.post(
            url, {"alliance": a.pk, "matter": "P-2", "source": "x", "amount": "5", "received_on": "2019-06-01"}
        ).status_code
        == 200
    )  # not among their alliances
    assert OutsideFunding.objects.count() == 1
