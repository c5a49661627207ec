"""Issue 13 §2: every procedure of a pack is opened and worked from a page by the party that acts — the lead unit
on its procedures page and generic case page, the bureau from the staff alliance page and case page — and the
Kunming upward recommendation done on those pages yields the ``recommended_by`` the 第十二条 top-up reads."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from itisa.supervision.facts import supervision_facts
from itisa.supervision.tests.conftest import lead_of, person, recognised, staff_of  # noqa: F401
from itisa.workflow.models import Case
from policy.api import entitlements

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def kunming(recognised, lead_of, staff_of, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    # Recognised the day after the last 15 December: no yearly report (第十四条) is due yet, none missed.
    since = date(today.year - (today < date(today.year, 12, 16)), 12, 16)
    alliance = recognised("kunming-kjj", since)
    return {"alliance": alliance, "lead": lead_of(alliance), "staff": staff_of("kunming-kjj"),
            "province": staff_of("yunnan-kjt")}


def _bureau(code):
    from itisa.register.models import Jurisdiction

    return Jurisdiction.objects.get(code=code).pk


def _move(client, url, case, action, reason=""):
    return client.post(url, {"move": action, f"mv-{action}-action": action,
                             f"mv-{action}-expected_version": case.lock_version, f"mv-{action}-reason": reason})


def _decide(client, case, action, reason="同意"):
    prefix = f"act-{action}"
    return client.post(reverse("staff:decide", args=[case.pk]), {
        "move": action, "prefix": prefix, f"{prefix}-action": action,
        f"{prefix}-expected_version": case.lock_version, f"{prefix}-reason": reason})


def test_the_lead_unit_sees_the_procedures_it_opens_with_their_articles(client, kunming):
    client.force_login(kunming["lead"])
    page = client.get(reverse("leadunit:procedures", args=[kunming["alliance"].pk])).content.decode()
    for name in ("推荐申报省级、国家级联盟", "签订合同书", "市级联盟认定"):
        assert name in page
    assert "第七条" in page and "第十四条" in page
    # The bureau's procedures are not the lead's to open (第十七条 revocation; 第十四条 the cycle assessment).
    assert "撤销市级联盟资格" not in page and "运行周期考核" not in page
    assert ">upward_recommendation" not in page and "cycle_assessment" not in page  # words, never codes


def test_the_lead_unit_opens_attaches_and_requests_a_recommendation(client, kunming):
    alliance, lead = kunming["alliance"], kunming["lead"]
    client.force_login(lead)
    opened = client.post(reverse("leadunit:procedure_open", args=[alliance.pk]), {"procedure": "upward_recommendation"})
    case = Case.objects.get(alliance=alliance, procedure_id="upward_recommendation")
    assert opened.status_code == 302 and opened["Location"] == reverse("leadunit:case", args=[alliance.pk, case.pk])
    page = client.get(opened["Location"]).content.decode()
    assert 'disabled aria-describedby="mv-request_recommendation-why"' in page  # the material is missing
    url = reverse("leadunit:case_material", args=[alliance.pk, case.pk])
    attached = client.post(url, {"material_id": "recommendation_request",
                                 "file": SimpleUploadedFile("推荐申请.pdf", PDF, content_type="application/pdf")})
    assert attached.status_code == 302 and case.materials.count() == 1
    page = client.get(reverse("leadunit:case", args=[alliance.pk, case.pk])).content.decode()
    assert '<details class="confirm">' in page and "disabled aria-describedby=" not in page
    done = _move(client, reverse("leadunit:case_act", args=[alliance.pk, case.pk]), case, "request_recommendation")
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "requested"
    # The bureau's move is not offered to the lead, and posting it is refused without a change.
    refused = _move(client, reverse("leadunit:case_act", args=[alliance.pk, case.pk]), case, "recommend_provincial")
    case.refresh_from_db()
    assert refused.status_code == 200 and case.state == "requested"


def test_a_stale_move_is_a_conflict_and_changes_nothing(client, kunming):
    alliance = kunming["alliance"]
    client.force_login(kunming["lead"])
    client.post(reverse("leadunit:procedure_open", args=[alliance.pk]), {"procedure": "contract"})
    case = Case.objects.get(alliance=alliance, procedure_id="contract")
    stale = client.post(reverse("leadunit:case_act", args=[alliance.pk, case.pk]), {
        "move": "withdraw", "mv-withdraw-action": "withdraw", "mv-withdraw-expected_version": case.lock_version + 3})
    case.refresh_from_db()
    assert stale.status_code == 409 and case.state == "draft"


def test_another_alliances_lead_cannot_open_or_act(client, kunming, recognised, lead_of):  # noqa: F811
    other = recognised("kunming-kjj", date(2020, 3, 1), name="昆明另一联盟")
    client.force_login(lead_of(other, "other"))
    assert client.post(reverse("leadunit:procedure_open", args=[kunming["alliance"].pk]),
                       {"procedure": "contract"}).status_code == 404
    assert not Case.objects.filter(alliance=kunming["alliance"]).exists()


def test_the_bureau_opens_its_procedures_from_the_alliance_page(client, kunming):
    alliance = kunming["alliance"]
    client.force_login(kunming["staff"])
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "运行周期考核" in page and "撤销市级联盟资格" in page and "第十七条" in page
    opened = client.post(reverse("staff:open_case", args=[alliance.pk]), {"procedure": "cycle_assessment"})
    case = Case.objects.get(alliance=alliance, procedure_id="cycle_assessment")
    assert opened.status_code == 302 and opened["Location"] == reverse("staff:case", args=[case.pk])
    # The lead unit then sees it among its cases and has its move (submit the assessment materials).
    client.force_login(kunming["lead"])
    page = client.get(reverse("leadunit:case", args=[alliance.pk, case.pk])).content.decode()
    assert "运行周期总结" in page and 'name="move" value="submit"' in page


def test_a_procedure_the_lead_opens_is_not_offered_to_the_bureau(client, kunming):
    alliance = kunming["alliance"]
    client.force_login(kunming["staff"])
    refused = client.post(reverse("staff:open_case", args=[alliance.pk]), {"procedure": "upward_recommendation"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert not Case.objects.filter(alliance=alliance).exists()


def test_the_upward_recommendation_on_the_pages_makes_the_top_up_due(client, kunming):
    """昆明 第十二条: 经市科技管理部门推荐升级为省级……联盟的，采取后补助方式一次性再分别给予10万元奖补."""
    alliance, lead, staff, province = kunming["alliance"], kunming["lead"], kunming["staff"], kunming["province"]
    client.force_login(lead)
    client.post(reverse("leadunit:procedure_open", args=[alliance.pk]), {"procedure": "upward_recommendation"})
    case = Case.objects.get(alliance=alliance, procedure_id="upward_recommendation")
    client.post(reverse("leadunit:case_material", args=[alliance.pk, case.pk]), {
        "material_id": "recommendation_request", "file": SimpleUploadedFile("申请.pdf", PDF)})
    _move(client, reverse("leadunit:case_act", args=[alliance.pk, case.pk]), case, "request_recommendation")
    case.refresh_from_db()
    client.force_login(staff)
    assert _decide(client, case, "recommend_provincial").status_code == 302
    case.refresh_from_db()
    assert case.state == "recommended_provincial"
    # The province records the recognition it made; the recommender is read from the case, not typed.
    client.force_login(province)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "记录更高级别的认定" in page or "Record a recognition at a higher level" in page
    today = timezone.localdate()
    recorded = client.post(reverse("staff:record_level", args=[alliance.pk]), {
        "level": "provincial", "jurisdiction": _bureau("yunnan-kjt"),
        "from_date": today.isoformat(), "document_number": "云科〔2026〕8号", "reason": ""})
    assert recorded.status_code == 302
    alliance.refresh_from_db()
    assert alliance.level == "provincial"
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "云科〔2026〕8号" in page and "昆明市科学技术局（" in page
    facts = supervision_facts(alliance, on=today)
    provincial = next(lvl for lvl in facts["levels"] if lvl["level"] == "provincial")
    assert provincial["recommended_by"] == "city_bureau"
    result = entitlements("kunming", facts, today)
    due = [e for e in result.entitlements if e.rule == "upgrade_award"]
    assert [e.status for e in due] == ["due"] and due[0].amount == 10
    # …and the city's staff propose it on the existing money page.
    client.force_login(staff)
    client.post(reverse("staff:propose"), {"alliance": alliance.pk, "on": today.isoformat(), "reason": ""})
    from itisa.funding.models import GrantProposal

    topup = GrantProposal.objects.get(alliance=alliance, rule="upgrade_award")
    assert (topup.amount, topup.article) == (10, "第十二条")


def test_without_the_citys_recommendation_the_top_up_is_not_due(client, kunming):
    alliance, province = kunming["alliance"], kunming["province"]
    client.force_login(province)
    today = timezone.localdate()
    client.post(reverse("staff:record_level", args=[alliance.pk]), {
        "level": "provincial", "jurisdiction": _bureau("yunnan-kjt"),
        "from_date": today.isoformat(), "document_number": "云科〔2026〕9号"})
    facts = supervision_facts(alliance, on=today)
    result = entitlements("kunming", facts, today)
    assert not [e for e in result.entitlements if e.rule == "upgrade_award" and e.status == "due"]
    assert [r.code for r in result.refusals if r.rule == "upgrade_award"] == ["not_eligible"]  # 须经市科技管理部门推荐


def test_the_city_cannot_record_a_provincial_recognition(client, kunming):
    client.force_login(kunming["staff"])
    page = client.get(reverse("staff:alliance", args=[kunming["alliance"].pk])).content.decode()
    assert "staff:record_level" not in page and reverse("staff:record_level", args=[kunming["alliance"].pk]) not in page
    refused = client.post(reverse("staff:record_level", args=[kunming["alliance"].pk]), {
        "level": "provincial", "jurisdiction": _bureau("kunming-kjj"),
        "from_date": timezone.localdate().isoformat()})
    kunming["alliance"].refresh_from_db()
    assert refused.status_code == 200 and kunming["alliance"].level == "municipal"


def test_a_lead_unit_cannot_open_a_procedure_it_has_no_part_in(kunming):
    """第十七条: revoking is the bureau's; the service refuses the lead unit even without the page."""
    from django.core.exceptions import PermissionDenied

    from itisa.workflow.services import case_open

    with pytest.raises(PermissionDenied, match="第十七条"):
        case_open(actor=kunming["lead"], alliance=kunming["alliance"], procedure_id="revocation")
    assert not Case.objects.filter(alliance=kunming["alliance"]).exists()
    assert case_open(actor=kunming["staff"], alliance=kunming["alliance"], procedure_id="revocation").state == "opened"
