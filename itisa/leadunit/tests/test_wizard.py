"""The application wizard: open under the call, attach the pack's materials, the live check with articles,
submit once however often it is clicked, answer a return for revision and see what changed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from itisa.workflow.models import Case, Submission
from itisa.workflow.services import case_act

pytestmark = pytest.mark.django_db


def condition_row(page: str, condition: str) -> str:
    start = page.index(f'id="cond-{condition}"')
    return page[start:page.index("</tr>", start)]


def test_the_live_check_shows_a_failing_condition_with_its_article_then_passes(client, km, credit_code):
    client.force_login(km["lead"])
    alliance = km["alliance"]
    fragment_url = reverse("leadunit:eligibility", args=[alliance.pk])
    page = client.get(fragment_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    row = condition_row(page, "four_units")
    assert 'class="condition fail"' in page[page.index('id="cond-four_units"') - 40:]
    assert "第八条第（一）项" in row and "4个及以上单位组成" in row
    assert "成员是否围绕产业链关键环节" in page  # the expert question, in Chinese
    for i, kind in enumerate(("enterprise", "enterprise", "university")):
        response = client.post(reverse("leadunit:member_add", args=[alliance.pk]), {
            "credit_code": credit_code("530102"), "name": f"昆明成员{i}", "kind": kind, "role": "member",
            "joined_on": timezone.localdate() - timedelta(days=1)})
        assert response.status_code == 302
    page = client.get(fragment_url, HTTP_HX_REQUEST="true").content.decode()
    assert "condition pass" in page[page.index('id="cond-four_units"') - 40:page.index('id="cond-four_units"')]
    assert "condition pass" in page[page.index('id="cond-two_enterprises"') - 40:page.index('id="cond-two_enterprises"')]


def test_kunming_opens_under_the_call_and_lists_its_materials_with_articles(client, km, pdf_upload):
    client.force_login(km["lead"])
    alliance = km["alliance"]
    url = reverse("leadunit:application", args=[alliance.pk])
    refused = client.post(reverse("leadunit:application_open", args=[alliance.pk]), {"call": ""})
    assert refused.status_code == 200 and "第九条" in refused.content.decode()
    assert not Case.objects.filter(alliance=alliance).exists()
    opened = client.post(reverse("leadunit:application_open", args=[alliance.pk]), {"call": km["call"].pk})
    assert opened.status_code == 302
    page = client.get(url).content.decode()
    for zh, article in (("认定申报书", "第十四条"), ("成员法定代表人共同签署的联盟协议", "第八条第（二）项")):
        assert zh in page and article in page
    case = Case.objects.get(alliance=alliance)
    bad = client.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                      {"material_id": "application", "file": pdf_upload("申报书.pdf", b"MZ")})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    good = client.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                       {"material_id": "application", "file": pdf_upload("申报书.pdf")})
    assert good.status_code == 302 and case.materials.filter(material_id="application").count() == 1


def _weinan_ready(client, wn, pdf_upload):
    alliance = wn["alliance"]
    client.force_login(wn["lead"])
    assert client.post(reverse("leadunit:application_open", args=[alliance.pk]), {}).status_code == 302
    case = Case.objects.get(alliance=alliance)
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        client.post(reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
                    {"material_id": material, "file": pdf_upload(f"{material}.pdf")})
    return case


def test_submitting_twice_with_the_same_version_makes_one_submission(client, wn, pdf_upload):
    case = _weinan_ready(client, wn, pdf_upload)
    url = reverse("leadunit:application_act", args=[wn["alliance"].pk, case.pk])
    form = {"action": "submit", "expected_version": case.lock_version, "reason": ""}
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert Submission.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.state == "submitted" and case.lock_version == 1
    page = client.get(reverse("leadunit:application", args=[wn["alliance"].pk])).content.decode()
    assert "reload it" in page or "重新" in page or "刷新" in page  # the second click was told, not executed


def test_submitting_without_the_materials_is_refused_with_the_article(client, wn):
    alliance = wn["alliance"]
    client.force_login(wn["lead"])
    client.post(reverse("leadunit:application_open", args=[alliance.pk]), {})
    case = Case.objects.get(alliance=alliance)
    page = client.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                       {"action": "submit", "expected_version": 0}).content.decode()
    assert "errorlist" in page and "第十一条" in page and "推荐单位签署的意见" in page
    assert Submission.objects.count() == 0


def test_a_return_for_revision_shows_the_reason_and_the_changes_then_resubmits(client, wn, pdf_upload, credit_code):
    case = _weinan_ready(client, wn, pdf_upload)
    alliance = wn["alliance"]
    client.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                {"action": "submit", "expected_version": 0})
    case_act(actor=wn["recommender"], case=case, action="return_for_revision", reason="核心成员不足10家，请补充。")
    url = reverse("leadunit:application", args=[alliance.pk])
    page = client.get(url).content.decode()
    assert "核心成员不足10家，请补充。" in page
    timeline = re.sub(r"<[^>]+>", "", page[page.index('<ol class="timeline">'):])
    assert "退回修改" in timeline and "return_for_revision" not in timeline  # the moves and states in words
    assert "submitted" not in timeline and "draft" not in timeline
    client.post(reverse("leadunit:member_add", args=[alliance.pk]), {
        "credit_code": credit_code("610502"), "name": "渭南新核心成员", "kind": "university", "role": "core",
        "joined_on": timezone.localdate()})
    page = client.get(url).content.decode()
    assert "渭南新核心成员" in page  # what changed since the returned version
    case.refresh_from_db()
    response = client.post(reverse("leadunit:application_act", args=[alliance.pk, case.pk]),
                           {"action": "resubmit", "expected_version": case.lock_version})
    assert response.status_code == 302
    assert list(Submission.objects.filter(case=case).values_list("number", flat=True)) == [1, 2]
    page = client.get(url).content.decode()
    assert "渭南新核心成员" in page  # the changes between version 1 and 2
    versions = re.sub(r"<[^>]+>", "", page[page.index('<ul class="timeline">'):page.index('<ol class="timeline">')])
    assert "eligible" not in versions and "review" not in versions  # the engine's answer in words
