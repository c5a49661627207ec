"""`make demo`: the demo set has data in every state, through the real services, and seeding twice
neither fails nor duplicates."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count
from django.http import HttpRequest

from itisa.accounts.models import Role, RoleAssignment, User
from itisa.audit.models import AuditEvent
from itisa.demo.seeding import DEMO_PASSWORD, demo_hints, seed_demo
from itisa.documents.models import Document
from itisa.funding.models import Budget, EntryKind, FundingBan, GrantProposal, LedgerEntry, ProposalStatus
from itisa.funding.selectors import budget_overview
from itisa.notices.models import NoticeStatus, Objection, ObjectionStatus, PublicNotice
from itisa.recognition.models import Recognition
from itisa.recognition.selectors import verify_certificate
from itisa.register.models import Alliance, Organisation
from itisa.reviews.models import ExpertAssignment, ScoreSheet, SiteVisit
from itisa.supervision.models import (
    Deadline,
    Dissolution,
    DissolutionStatus,
    FundInspection,
    Grade,
    Rectification,
    Report,
    ScanRun,
)
from itisa.supervision.selectors import revocations_public
from itisa.workflow.models import Call, Case, CaseTransition, Submission

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)
COUNTED = (User, RoleAssignment, Organisation, Alliance, Call, Case, CaseTransition, Submission, Document,
           ExpertAssignment, ScoreSheet, SiteVisit, PublicNotice, Objection, Recognition, LedgerEntry,
           GrantProposal, Budget, FundingBan, Report, Grade, Rectification, Dissolution, Deadline, ScanRun, AuditEvent)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _case(name: str) -> Case:
    return Case.objects.select_related("alliance").get(alliance__name=name)


def test_demo_has_every_state_and_seeds_twice(client):
    logins = seed_demo(alliances=10, today=TODAY)
    counts = {m.__name__: m.objects.count() for m in COUNTED}
    again = seed_demo(alliances=10, today=TODAY)
    assert again == logins
    assert {m.__name__: m.objects.count() for m in COUNTED} == counts  # nothing duplicated
    from itisa.exports.models import ExportJob

    export = ExportJob.objects.get()  # "My exports" of Kunming's staff: one workbook, built once
    assert (export.requester.username, export.status) == ("staff_kunming", "done") and export.file

    # ---------------------------------------------------------------- logins: one per role, all work
    names = {login.username for login in logins}
    assert {"admin", "staff_kunming", "staff_luoyang", "staff_jiangning", "staff_weinan", "staff_henan",
            "recommender_luolong", "recommender_linwei", "lead_kunming", "lead_jiangning", "expert_demo",
            "expert_demo2", "finance_jiangning", "finance_luoyang", "finance_kunming", "finance_weinan"} <= names
    for username in names:
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), username  # axes needs a request
        client.logout()

    # ---------------------------------------------------------------- Kunming: one case per state
    km = {c.state: c for c in Case.objects.filter(jurisdiction__code="kunming-kjj").select_related("alliance")}
    assert {"draft", "submitted", "returned", "expert_review", "notice", "recognised", "rejected"} <= set(km)
    returned = _case("昆明生物医药产业技术创新战略联盟")
    assert returned.state == "returned"
    assert RoleAssignment.objects.filter(user__username="lead_kunming", role=Role.LEAD_UNIT,
                                         alliance=returned.alliance).exists()
    in_review = _case("昆明数字经济产业技术创新战略联盟")
    assert in_review.state == "expert_review"
    assert ExpertAssignment.objects.filter(case=in_review).count() == 2
    [sheet] = ScoreSheet.objects.filter(case=in_review)
    assert sheet.expert.user.username == "expert_demo2"  # expert_demo's sheet is still to come

    # a recognised alliance asking the city for a provincial recommendation (第七条, 第十二条), contract signed
    upgrade = Case.objects.get(alliance__name="昆明有色金属新材料产业技术创新战略联盟", procedure_id="upward_recommendation")
    assert upgrade.state == "requested" and "staff_yunnan" in names
    assert Case.objects.get(alliance=upgrade.alliance, procedure_id="contract").state == "signed"

    # a notice open today, with a pending objection
    notice = PublicNotice.objects.get(status=NoticeStatus.PUBLISHED)
    assert notice.published_on <= TODAY <= notice.ends_on and notice.case.state == "notice"
    assert notice.objections.filter(status=ObjectionStatus.PENDING).count() == 1

    # recognised: number, PDFs, a verification code that resolves
    r = Recognition.objects.get(alliance__name="昆明花卉产业技术创新战略联盟")
    assert r.document_number == "昆科〔2026〕1号" and r.document is not None and r.plaque is not None
    with r.plaque.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    facts = verify_certificate(r.verification_code)
    assert facts is not None and facts.status == "valid" and facts.document_number == r.document_number
    assert any(r.verification_code in line for line in demo_hints())
    assert not Recognition.objects.filter(document__isnull=True).exists()

    # ---------------------------------------------------------------- the other texts: recognised and in progress
    for code in ("jiangning-kjj", "luoyang-kjj", "weinan-kjj", "henan-kjt"):
        states = set(Case.objects.filter(jurisdiction__code=code).values_list("state", flat=True))
        assert "recognised" in states and states - {"recognised", "rejected", "withdrawn"}, (code, states)
    construction = _case("河南省超硬材料产业技术创新战略联盟")
    approved = construction.transitions.get(action="approve_construction").on
    assert construction.state == "construction" and (TODAY - approved).days < 365
    assert _case("江宁区智能电网产业技术创新战略联盟").transitions.get(action="recognise").on.year == 2020
    assert SiteVisit.objects.filter(case__alliance__name="江宁区智能电网产业技术创新战略联盟", result="pass").exists()
    assert _case("洛阳市机器人产业技术创新战略联盟").state == "submitted_to_county"
    assert _case("渭南市现代农业装备产业技术创新战略联盟").state == "submitted"

    # ---------------------------------------------------------------- supervision
    reports = {(rep.alliance.name, rep.year): rep.late for rep in Report.objects.select_related("alliance")}
    assert reports[("昆明普洱茶产业技术创新战略联盟", 2023)] is False
    assert reports[("昆明普洱茶产业技术创新战略联盟", 2024)] is True
    assert reports[("渭南市3D打印产业技术创新战略联盟", 2024)] is True
    assert ScanRun.objects.filter(on=TODAY).count() == 1
    overdue = Deadline.objects.filter(status="overdue")
    assert overdue.filter(alliance__name="渭南市3D打印产业技术创新战略联盟", period="2025").exists()
    # calls closing, notices ending, the construction year (ADR 0016): stored by the demo's own scan, no worker
    year = Deadline.objects.get(alliance__name="河南省超硬材料产业技术创新战略联盟", duty="construction")
    assert (year.article, year.status, year.kind) == ("第九条", "upcoming", "construction") and year.due_on > TODAY
    assert Deadline.objects.filter(alliance__name="昆明咖啡产业技术创新战略联盟", kind="call", status="upcoming",
                                   article="第九条").exists()
    assert Deadline.objects.filter(alliance__name="昆明高原特色农业产业技术创新战略联盟", kind="notice",
                                   status="upcoming", article="第十一条").exists()
    warned = Alliance.objects.get(name="河南省耐火材料产业技术创新战略联盟")
    assert warned.status == "warned"
    order = Rectification.objects.get(alliance=warned)
    assert order.result == "pending" and order.responded_on is None and order.due_on > TODAY
    assert Alliance.objects.get(name="洛阳市轴承产业技术创新战略联盟").status == "support_suspended"
    revoked = Alliance.objects.get(name="昆明普洱茶产业技术创新战略联盟")
    assert revoked.status == "revoked"
    assert revoked in [rv.alliance for rv in revocations_public()]  # with the generated register's revoked ones
    recalled = Recognition.objects.get(alliance=revoked)
    recalled_facts = verify_certificate(recalled.verification_code)
    assert recalled_facts is not None and recalled_facts.status == "revoked"
    dissolution = Dissolution.objects.get(alliance__name="江宁区航空零部件产业技术创新战略联盟")
    members = dissolution.alliance.memberships.count()
    assert dissolution.status == DissolutionStatus.APPLIED and 1 < dissolution.consents.count() < members
    assert dissolution.applied_on.year == 2021
    assert all(c.document_id for c in dissolution.consents.exclude(organisation=dissolution.alliance.lead))
    poor = Alliance.objects.get(name="江宁区动力电池产业技术创新战略联盟")  # 第十二条: two poor years
    assert poor.status == "support_suspended"
    assert FundingBan.objects.filter(alliance=poor, organisation__isnull=False, article="第十二条").count() >= 20
    from itisa.supervision.models import Finding

    fraud = Finding.objects.get(alliance__name="昆明稀贵金属产业技术创新战略联盟")
    assert (fraud.kind, fraud.article) == ("fraud", "第十七条(三)") and fraud.document_id

    # ---------------------------------------------------------------- money
    kinds = dict(LedgerEntry.objects.values_list("kind").annotate(n=Count("id")))
    assert all(kinds.get(k, 0) > 0 for k in EntryKind.values), kinds
    ban = FundingBan.objects.get(alliance__name="江宁区智能电网产业技术创新战略联盟", organisation__isnull=True)
    assert ban.citation.endswith("第十三条")
    inspection = FundInspection.objects.get(alliance__name="江宁区智能电网产业技术创新战略联盟")
    assert inspection.outcome == "misused" and inspection.article == "第十三条" and inspection.documents.exists()
    assert inspection.alliance.consequences.filter(consequence="misuse_of_funds", article="第十三条").exists()
    pending = GrantProposal.objects.filter(status=ProposalStatus.PROPOSED)
    standard = pending.get(rule="standard_award", alliance__name="江宁区航空零部件产业技术创新战略联盟")
    assert standard.explanation.startswith("参与制定标准奖励（每件）：航空发动机叶片精密锻造技术规范（国家标准）20万元")
    assert pending.filter(is_range=True, alliance__jurisdiction__code="luoyang-kjj").exists()
    assert pending.filter(is_range=True, alliance__jurisdiction__code="weinan-kjj").exists()
    assert GrantProposal.objects.filter(status=ProposalStatus.APPROVED).count() >= 4
    budgeted = set(Budget.objects.values_list("fund__jurisdiction__code", flat=True))
    assert {"kunming-kjj", "luoyang-kjj", "jiangning-kjj", "weinan-kjj"} <= budgeted
    for username, year in (("finance_jiangning", 2020), ("finance_luoyang", 2019), ("finance_kunming", 2026),
                           ("finance_weinan", 2023)):
        lines = budget_overview(user=User.objects.get(username=username), year=year)
        assert lines and any(line.committed > 0 for line in lines), username


def test_a_failing_story_is_rolled_back_reported_and_tried_again(monkeypatch):
    from itisa.demo import stories as demo_stories

    name = "昆明咖啡产业技术创新战略联盟"

    def broken(cast):
        demo_stories.km_draft(cast)
        raise RuntimeError("a service changed")

    monkeypatch.setattr(demo_stories, "STORIES", [(name, broken, "case: draft")])
    failed: dict[str, str] = {}
    logins = seed_demo(alliances=2, today=TODAY, strict=False, failed=failed)
    assert failed == {name: "RuntimeError: a service changed"}
    assert not Alliance.objects.filter(name=name).exists() and "lead_km_coffee" not in {x.username for x in logins}
    with pytest.raises(RuntimeError):
        seed_demo(alliances=2, today=TODAY)

    monkeypatch.setattr(demo_stories, "STORIES", [(name, demo_stories.km_draft, "case: draft")])
    logins = seed_demo(alliances=2, today=TODAY, strict=False, failed=failed)
    assert _case(name).state == "draft" and logins[-1].username == "lead_km_coffee"


def test_demo_names_read_like_a_bureaus_and_pages_count_alike(settings, tmp_path):
    """Real-sounding names (no serial numbers), Jiangning alliances registered in Jiangning, every revoked
    alliance on the public revoked list, and certificates named as the register names them."""
    import re

    from itisa.register.models import Alliance, AllianceStatus
    from itisa.supervision.selectors import revocations_public

    settings.MEDIA_ROOT = tmp_path
    seed_demo(alliances=30, today=TODAY)
    names = list(Alliance.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"\d", n.replace("3D", ""))], names
    assert all(re.match(r"^(昆明|洛阳市|渭南市|江宁区|河南省)", n) for n in names), names
    from itisa.register.models import Organisation

    firms = list(Organisation.objects.values_list("name", flat=True))
    assert not [n for n in firms if re.search(r"（\d+）|\d{5}号", n)], firms[:20]
    assert len(set(firms)) == len(firms)
    def topic(name: str) -> str:
        return re.sub(r"^(昆明|洛阳市|渭南市|江宁区|河南省)", "", name).removesuffix("产业技术创新战略联盟")

    from itisa.demo.stories import STORIES

    told = {name for name, _story, _what in STORIES}  # the stories name their leads as the real ones are named
    alliances = [a for a in Alliance.objects.select_related("lead") if a.name not in told]
    assert alliances
    leading_their_industry = [a for a in alliances if topic(a.name) in a.lead.name]
    assert len(leading_their_industry) >= 0.9 * len(alliances), [(a.name, a.lead.name) for a in alliances][:10]
    jiangning = Alliance.objects.filter(jurisdiction__code="jiangning-kjj")
    assert jiangning.exists()
    assert all(a.region_id.startswith("320115") for a in jiangning)
    revoked = set(Alliance.objects.filter(status=AllianceStatus.REVOKED).values_list("pk", flat=True))
    assert revoked and revoked == set(revocations_public().values_list("alliance_id", flat=True))
    for r in Recognition.objects.select_related("alliance"):
        assert r.name == r.alliance.name, (r.name, r.alliance.name)


def test_certificates_carry_the_served_address_and_follow_it_when_it_moves(settings, tmp_path):
    from itisa.recognition.pdf import verify_url

    settings.MEDIA_ROOT = tmp_path
    settings.ITISA_PUBLIC_URL = "http://127.0.0.1:8000"
    seed_demo(alliances=2, today=TODAY)
    r = Recognition.objects.exclude(document=None).order_by("pk").first()
    assert verify_url(r.verification_code) == f"http://127.0.0.1:8000/verify/{r.verification_code}/"
    first = r.document.sha256
    seed_demo(alliances=2, today=TODAY)  # same address: nothing rendered again
    r.refresh_from_db()
    assert r.document.sha256 == first
    settings.ITISA_PUBLIC_URL = "http://10.1.2.3:8123"  # make demo HOST=10.1.2.3 PORT=8123
    seed_demo(alliances=2, today=TODAY)
    r.refresh_from_db()
    assert r.document.sha256 != first
    assert verify_url(r.verification_code).startswith("http://10.1.2.3:8123/verify/")
