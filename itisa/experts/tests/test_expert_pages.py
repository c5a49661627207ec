"""The expert's pages: assignments, the frozen submission, the sheet from the pack, site visits."""

from __future__ import annotations

from datetime import date
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from itisa.register.models import MemberRole
from itisa.register.services import membership_add
from itisa.reviews.models import ScoreSheet, SiteVisit
from itisa.reviews.services import expert_assign

pytestmark = pytest.mark.django_db
IN_TRIAL = date(2020, 6, 1)


def on_day(day: date):
    from datetime import datetime

    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    return mock.patch("django.utils.timezone.now", return_value=at)


@pytest.fixture
def panel(jiangning_in_review, make_expert):
    s = jiangning_in_review
    a, b = make_expert("expert_a"), make_expert("expert_b")
    for e in (a, b):
        expert_assign(actor=s["staff"], case=s["case"], expert=e, on=IN_TRIAL)
    return {**s, "a": a, "b": b}


GOOD = {"opinion": "pass", "overall_score": "82.5", "answer__members_standing": "yes",
        "comment__members_standing": "成员均为区内骨干", "answer__lead_is_leading": "yes",
        "comment__lead_is_leading": "", "comment": "同意认定"}


def test_the_expert_sees_the_assignment_and_the_frozen_submission(client, panel):
    s = panel
    client.force_login(s["a"].user)
    listing = client.get(reverse("experts:home")).content.decode()
    assert s["alliance"].name in listing
    fragment = client.get(reverse("experts:home"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and s["alliance"].name in fragment
    page = client.get(reverse("experts:case", args=[s["case"].pk])).content.decode()
    assert "第六条1" in page and "第六条2" in page  # each question shows its article
    assert "联盟认定申请书" in page and "application.pdf" in page  # the materials as frozen
    assert "江宁成员0" in page  # the members of the version judged
    assert 'name="overall_score"' in page and 'name="answer__members_standing"' in page


def test_an_expert_submits_the_sheet_once(client, panel):
    s = panel
    client.force_login(s["a"].user)
    url = reverse("experts:sheet", args=[s["case"].pk, "review"])
    with on_day(IN_TRIAL):
        response = client.post(url, GOOD)
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(expert=s["a"])
    assert str(sheet.score) == "82.50" and sheet.opinion == "pass"
    assert {a.condition_id: a.answer for a in sheet.answers.all()} == {"members_standing": True,
                                                                        "lead_is_leading": True}
    assert sheet.answers.get(condition_id="members_standing").comment == "成员均为区内骨干"
    page = client.get(reverse("experts:case", args=[s["case"].pk])).content.decode()
    assert 'name="overall_score"' not in page and "82.5" in page and "82.50" not in page
    with on_day(IN_TRIAL):
        again = client.post(url, {**GOOD, "overall_score": "40"})
    assert again.status_code == 400
    assert "cannot be changed" in again.content.decode() or "不能" in again.content.decode()
    assert ScoreSheet.objects.filter(expert=s["a"]).count() == 1


def test_a_bad_sheet_shows_errors_next_to_the_items_and_keeps_what_was_typed(client, panel):
    s = panel
    client.force_login(s["a"].user)
    with on_day(IN_TRIAL):
        response = client.post(reverse("experts:sheet", args=[s["case"].pk, "review"]),
                               {**GOOD, "overall_score": "120", "answer__lead_is_leading": "",
                                "comment__members_standing": "保留我写的意见"})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('class="errorlist') >= 2
    assert "保留我写的意见" in page and 'value="120"' in page
    assert ScoreSheet.objects.count() == 0


def test_a_site_visit_is_recorded_through_the_form(client, panel):
    s = panel
    client.force_login(s["a"].user)
    url = reverse("experts:site_visit", args=[s["case"].pk])
    with on_day(IN_TRIAL):
        bad = client.post(url, {"visited_on": "2020-05-30", "visitors": "", "findings": "设施齐全", "result": "pass"})
        assert bad.status_code == 400 and "设施齐全" in bad.content.decode()
        ok = client.post(url, {"visited_on": "2020-05-30", "visitors": "专家甲、专家乙", "findings": "办公场所、人员到位",
                               "result": "pass"})
    assert ok.status_code == 302
    visit = SiteVisit.objects.get(case=s["case"])
    assert visit.visitors == "专家甲、专家乙" and visit.recorded_by == s["a"].user


def test_an_expert_whose_organisation_joined_the_alliance_gets_404(client, panel, system_actor):
    s = panel
    membership_add(actor=system_actor, alliance=s["alliance"], organisation=s["a"].organisation,
                   role=MemberRole.MEMBER, joined_on=date(2019, 6, 1))
    client.force_login(s["a"].user)
    assert s["alliance"].name not in client.get(reverse("experts:home")).content.decode()
    for url in (reverse("experts:case", args=[s["case"].pk]),
                reverse("experts:sheet", args=[s["case"].pk, "review"]),
                reverse("experts:site_visit", args=[s["case"].pk])):
        assert client.get(url).status_code == 404
        assert client.post(url, GOOD).status_code == 404
    assert ScoreSheet.objects.count() == 0


def test_a_sheet_with_dimensions_scores_each_one_with_its_article(client, make_expert, weinan_in_review):
    """Weinan 12: eight dimensions scored 0–100 (the sheet's score is their mean), then the expert questions."""
    from itisa.reviews.tests.test_rounds_and_fields import WEINAN_DIMS, WEINAN_YES

    s = weinan_in_review
    e = make_expert("wn_expert", fields=[s["field"]])
    expert_assign(actor=s["staff"], case=s["case"], expert=e, on=IN_TRIAL)
    client.force_login(e.user)
    page = client.get(reverse("experts:case", args=[s["case"].pk])).content.decode()
    for article in ("12(1)", "12(8)"):
        assert article in page
    assert page.count('name="score__') == 8 and 'name="overall_score"' not in page
    data = {f"score__{d}": v for d, v in zip(WEINAN_DIMS, [90, 80, 70, 60, 90, 80, 70, "60.5"], strict=True)}
    data |= {f"answer__{q}": "yes" for q in WEINAN_YES}
    with on_day(IN_TRIAL):
        missing = client.post(reverse("experts:sheet", args=[s["case"].pk, "review"]), {**data, "score__importance": ""})
        assert missing.status_code == 400 and 'value="60.5"' in missing.content.decode()
        assert client.post(reverse("experts:sheet", args=[s["case"].pk, "review"]), data).status_code == 302
    sheet = ScoreSheet.objects.get(expert=e)
    assert str(sheet.score) == "75.06"  # (90+80+70+60+90+80+70+60.5) / 8 = 75.0625
    page = client.get(reverse("experts:case", args=[s["case"].pk])).content.decode()
    assert "重要性评价" in page and "60.5" in page and "60.50" not in page


def test_the_expert_opens_the_materials_of_the_version_judged_and_each_opening_is_audited(client, panel):
    from itisa.audit.models import AuditEvent

    s = panel
    submission = s["case"].submissions.order_by("-number").first()
    doc_id = next(d["document"] for docs in submission.materials.values() for d in docs)
    url = reverse("experts:material", args=[s["case"].pk, doc_id])
    client.force_login(s["a"].user)
    page = client.get(reverse("experts:case", args=[s["case"].pk])).content.decode()
    assert f'href="{url}"' in page  # the frozen material links to its preview
    for _ in range(2):
        opened = client.get(url)
        assert opened.status_code == 200
        assert opened["Content-Disposition"].startswith("inline")
        assert b"".join(opened.streaming_content).startswith(b"%PDF")
    reads = AuditEvent.objects.filter(action="document.read", actor=s["a"].user)
    assert reads.count() == 2 and f"case {s['case'].pk} v{submission.number}" in reads.first().reason


def test_a_document_outside_the_judged_versions_or_an_unassigned_expert_gets_404(client, panel, make_expert,
                                                                                 system_actor):
    import io

    from itisa.audit.models import AuditEvent
    from itisa.documents.services import document_upload

    s = panel
    submission = s["case"].submissions.order_by("-number").first()
    doc_id = next(d["document"] for docs in submission.materials.values() for d in docs)
    later = document_upload(actor=system_actor, kind="other", name="后补材料.pdf", stream=io.BytesIO(b"%PDF-1.7\n"),
                            size=9, alliance=s["alliance"])
    client.force_login(s["a"].user)
    assert client.get(reverse("experts:material", args=[s["case"].pk, later.pk])).status_code == 404
    client.force_login(make_expert("expert_outsider").user)
    assert client.get(reverse("experts:material", args=[s["case"].pk, doc_id])).status_code == 404
    assert not AuditEvent.objects.filter(action="document.read").exists()
