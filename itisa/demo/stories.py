"""The demo's stories: named alliances driven through the real services (register, workflow, reviews,
notices, recognition, supervision, funding) so that every page has data in every state.

Every story is keyed by its alliance's name and runs in its own transaction: a story already in the
database is skipped, so seeding twice neither fails nor duplicates. Dates are relative to *today*
where the text is in force today (Kunming, Weinan, Henan) and inside the text's period where it is
not (Jiangning 2019-01-01 … 2021-12-31, Luoyang 2018-07-10 … 2020-12-31).

    Kunming   draft · submitted · returned (lead_kunming) · expert review, one sheet in (expert_demo
              still to score) · public notice open today with a pending objection · recognised with
              its PDFs and guidance fund paid · rejected · revoked for a late yearly report (第十七条(二)) ·
              recognised, contract signed, asking the city for a provincial recommendation (第七条, 第十二条;
              staff_yunnan records the province's recognition)
    Weinan    recognised (reports on time, late, one overdue; research funding paid) · recognised with
              a research-funding decision pending (no bounds in the text) · submitted, awaiting 临渭区
    Henan     recognised, then graded 不合格: warned, rectification order awaiting the lead's response ·
              in its construction year (第九条)
    Luoyang   recognised 2019, award paid, 第十三条 R&D project (100–300) pending, rectification failed:
              support withdrawn (第九条) · 2020 application awaiting 洛龙区's recommendation
    Jiangning recognised 2020, award paid then clawed back for misuse with a ban (第十三条), a later
              payment offset against the receivable · recognised 2019, dissolution applied for with
              some consents (第十二条) · 2021 application under expert review
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from itisa.access import system
from itisa.accounts.models import Role, RoleAssignment, User
from itisa.core.identifiers import make_uscc
from itisa.documents.services import document_upload
from itisa.funding.models import Budget, EntryKind, Fund, LedgerEntry
from itisa.funding.services import budget_set, fund_create, grant_claw_back, grant_decide, grant_pay, grant_propose
from itisa.notices.models import PublicNotice
from itisa.notices.services import objection_submit
from itisa.recognition.models import Recognition, RecognitionStatus
from itisa.recognition.services import recognition_recall, recognition_render_documents
from itisa.register.models import Alliance, IndustryField, Jurisdiction, Membership, Organisation
from itisa.register.services import (
    achievement_add,
    alliance_create,
    alliance_level_record,
    alliance_update,
    membership_add,
    organisation_create,
    organisation_update,
)
from itisa.reviews.models import ExpertProfile
from itisa.reviews.selectors import case_sheet_template
from itisa.reviews.services import expert_assign, expert_profile_create, sheet_submit, site_visit_record
from itisa.supervision.models import Rectification, Revocation, ScanRun
from itisa.supervision.services import (
    alliance_deadlines_refresh,
    consequences_apply,
    deadlines_scan,
    dissolution_apply,
    dissolution_consent_record,
    finding_record,
    grade_record,
    rectification_judge,
    rectification_respond,
    report_endorse,
    report_file,
    revocation_plaque_recalled,
)
from itisa.supervision.services.inspections import inspection_record
from itisa.workflow.materials import document_kind
from itisa.workflow.models import Call, Case
from itisa.workflow.services import call_create, case_act, case_attach_material, case_open
from policy.api import add_years
from policy.api import materials as pack_materials

SCAN = system("deadline scan", "supervision.scan")


log = logging.getLogger(__name__)
D = Decimal
SH = ZoneInfo(settings.TIME_ZONE)
PDF = b"%PDF-1.7\n%%EOF\n"


# ---------------------------------------------------------------- the cast


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    scope: str


@dataclass
class Cast:
    """Who acts in the stories, and what the stories share (calls, funds, experts)."""

    today: date
    admin: User
    juris: dict[str, Jurisdiction]
    users: dict[str, User]
    experts: list[ExpertProfile] = field(default_factory=list)
    leads: list[DemoLogin] = field(default_factory=list)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def user(self, username: str) -> User:
        return self.users[username]


_HASHES: dict[str, str] = {}


def demo_user(username: str, full_name: str, *, superuser: bool = False,
              organisation: Organisation | None = None) -> User:
    """A login with the demo password (accounts has no service: users are written here, once)."""
    from itisa.demo.seeding import DEMO_PASSWORD

    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        # One hash for every demo login: hashing is slow on purpose, and the password is public anyway.
        if DEMO_PASSWORD not in _HASHES:
            _HASHES[DEMO_PASSWORD] = make_password(DEMO_PASSWORD)
        user.password = _HASHES[DEMO_PASSWORD]
        user.is_staff = superuser
        user.is_superuser = superuser
        user.organisation = organisation
        user.save()
    return user


def assign(user: User, role: str, **scope: Any) -> RoleAssignment:
    """One role assignment per user, role and scope (a user may lead several alliances)."""
    keys = {k: v for k, v in scope.items() if k in ("jurisdiction", "alliance", "organisation")}
    extra = {k: v for k, v in scope.items() if k not in keys}
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, **keys, defaults=extra)
    return assignment


def _org(cast: Cast, name: str, *, region: str, kind: str = "enterprise") -> Organisation:
    """The organisation of that name, registered (through the register) the first time. Its credit code
    is derived from the name, so the same name gets the same code on every database."""
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    authority, category = ("9", "1") if kind == "enterprise" else ("1", "2")
    serial = 95_000_000 + zlib.crc32(name.encode("utf-8")) % 4_000_000
    for bump in range(50):
        code = make_uscc(authority, category, region, f"{serial + bump:08d}")
        if not Organisation.objects.filter(credit_code=code).exists():
            return organisation_create(actor=cast.admin, name=name, credit_code=code, kind=kind,
                                       chain_position="mid" if kind == "enterprise" else "", reason="演示数据")
    raise RuntimeError(f"no free credit code for {name}")


def _pdf(cast: Cast, name: str, alliance: Alliance | None = None) -> Any:
    return document_upload(actor=cast.admin, kind="other", name=name, stream=io.BytesIO(PDF), size=len(PDF),
                           alliance=alliance, reason="演示材料")


def _alliance(cast: Cast, name: str, *, juris: str, lead: str, region: str, founded_on: date,
              members: list[tuple[str, str]], joined_on: date | None = None, member_role: str = "member",
              **fields: Any) -> Alliance:
    """An alliance with its lead and members (name, kind), all joined on *joined_on* (default: founding)."""
    alliance = alliance_create(actor=cast.admin, name=name, jurisdiction=cast.juris[juris],
                               lead=_org(cast, lead, region=region), founded_on=founded_on, reason="演示数据",
                               **fields)
    for org_name, kind in members:
        membership_add(actor=cast.admin, alliance=alliance, organisation=_org(cast, org_name, region=region, kind=kind),
                       joined_on=joined_on or founded_on, role=member_role)
    return alliance


def _topic(name: str) -> str:
    """“昆明花卉产业技术创新战略联盟” → “花卉”; “渭南市煤化工…” → “煤化工”."""
    place = 3 if name[2:3] in ("市", "区", "省", "县") else 2
    return name[place:].removesuffix("产业技术创新战略联盟")


def _members(prefix: str, n: int) -> list[tuple[str, str]]:
    """*n* member organisations, alternating enterprise / university."""
    suffix = {"enterprise": "科技有限公司", "university": "研究院"}
    out = []
    for i in range(n):
        kind = "enterprise" if i % 2 == 0 else "university"
        out.append((f"{prefix}成员{i + 1:02d}{suffix[kind]}", kind))
    return out


def _lead_login(cast: Cast, username: str, full_name: str, alliance: Alliance) -> User:
    user = demo_user(username, full_name, organisation=alliance.lead)
    assign(user, Role.LEAD_UNIT, alliance=alliance)
    return User.objects.get(pk=user.pk)  # a fresh object: no stale role cache


def _lead_of(alliance_name: str) -> User | None:
    a = RoleAssignment.objects.filter(role=Role.LEAD_UNIT, alliance__name=alliance_name).select_related("user")
    first = a.order_by("id").first()
    return first.user if first else None


STAFF = {"kunming-kjj": "staff_kunming", "luoyang-kjj": "staff_luoyang", "jiangning-kjj": "staff_jiangning",
         "weinan-kjj": "staff_weinan", "henan-kjt": "staff_henan"}


def _call(cast: Cast, code: str, *, year: int, title: str, opens_on: date, closes_on: date) -> Call:
    juris = cast.juris[code]
    existing = Call.objects.filter(jurisdiction=juris, title=title).first()
    if existing is not None:
        return existing
    return call_create(actor=cast.user(STAFF[code]), jurisdiction=juris, year=year, title=title, opens_on=opens_on, closes_on=closes_on)


def _attach(case: Case, lead: User, cast: Cast, materials: list[str]) -> None:
    """Each material as a PDF named as the text names it (认定申报书.pdf), stored as its kind of document."""
    names = {m["id"]: m.get("zh") or m["id"] for m in pack_materials(case.pack_id, case.procedure_id)}
    for material in materials:
        doc = document_upload(actor=cast.admin, kind=document_kind(material), name=f"{names.get(material, material)}.pdf",
                              stream=io.BytesIO(PDF), size=len(PDF), alliance=case.alliance, reason="演示材料")
        case_attach_material(actor=lead, case=case, material_id=material, document=doc)


def _assign(cast: Cast, staff: User, case: Case, on: date, *, round: str = "review") -> None:
    for expert in cast.experts:
        expert_assign(actor=staff, case=case, expert=expert, round=round, on=on)


def _sheet(expert: ExpertProfile, case: Case, on: date, score: str, *, round: str = "review") -> None:
    template = case_sheet_template(case, round)
    answers = {q["id"]: {"answer": True, "comment": "符合要求"} for q in template["questions"]}
    if template["mode"] == "dimensions":
        sheet_submit(actor=expert.user, case=case, round=round, answers=answers, on=on,
                     scores={d["id"]: score for d in template["dimensions"]}, comment="同意认定")
    else:
        sheet_submit(actor=expert.user, case=case, round=round, answers=answers, on=on, opinion="pass",
                     overall_score=score, comment="同意认定")


def _sheets(cast: Cast, case: Case, on: date, *, round: str = "review") -> None:
    for expert, score in zip(cast.experts, ("86", "78"), strict=False):
        _sheet(expert, case, on, score, round=round)


def _commitment(proposal: Any) -> LedgerEntry:
    return LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=proposal)


def _fund(cast: Cast, code: str, finance: str, name: str, *, years: set[int], article: str = "",
          is_default: bool = False, amount: str = "500") -> Fund:
    juris = cast.juris[code]
    fund = Fund.objects.filter(jurisdiction=juris, name=name).first()
    actor = cast.user(finance)
    if fund is None:
        fund = fund_create(actor=actor, jurisdiction=juris, name=name, article=article, is_default=is_default,
                           reason="演示数据")
    for year in sorted(years):
        if not Budget.objects.filter(fund=fund, year=year).exists():
            budget_set(actor=actor, fund=fund, year=year, amount=D(amount), reason=f"{year}年度预算")
    return fund


# ---------------------------------------------------------------- Kunming (昆明市科学技术局公告第18号, in force)

KM = "kunming-kjj"
KM_MATERIALS = ["application", "agreement", "strategy_plan"]


def _km_call(cast: Cast) -> Call:
    t = cast.today
    return _call(cast, KM, year=t.year, title=f"{t.year}年度昆明市产业技术创新战略联盟认定申报",
                 opens_on=cast.day(90), closes_on=t + timedelta(days=30))


def _km_alliance(cast: Cast, name: str, lead: str, *, founded_on: date, units: int = 4) -> Alliance:
    """A Kunming alliance meeting 第八条 with *units* units (4 needed), built as the life story does."""
    region = "530102"
    alliance = _alliance(cast, name, juris=KM, lead=lead, region=region, founded_on=founded_on,
                         members=[(f"{_topic(name)}种植合作社", "enterprise"), (f"{_topic(name)}研究院", "university"),
                                  (f"{_topic(name)}物流有限公司", "enterprise")][:units - 1])
    alliance = alliance_update(actor=cast.admin, alliance=alliance, reason="申报准备", agreement_signed_by_all=True,
                               outward_responsible_party=alliance.lead, has_long_term_plan=True, has_council=True,
                               has_expert_committee=True, has_executive_body=True, has_fund_rules=True,
                               has_ip_rules=True, has_benefit_sharing_rules=True, has_rd_team=True)
    on = founded_on + timedelta(days=60)
    topic = _topic(name)
    for kind, title in (("ip", f"一种{topic}关键工艺的发明专利"), ("ip", f"{topic}检测装置实用新型专利"),
                        ("result", f"{topic}关键技术研究与示范"), ("industrialisation_project", f"{topic}成果产业化项目")):
        achievement_add(actor=cast.admin, alliance=alliance, kind=kind, title=title, achieved_on=on)
    achievement_add(actor=cast.admin, alliance=alliance, kind="standard", standard_level="local",
                    title=f"{_topic(name)}地方标准", achieved_on=on)
    return alliance


def _km_to_expert_review(cast: Cast, alliance: Alliance, lead: User, call: Call, submitted: date) -> Case:
    staff = cast.user("staff_kunming")
    case = case_open(actor=lead, alliance=alliance, call=call, on=submitted)
    _attach(case, lead, cast, KM_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=submitted)
    case_act(actor=staff, case=case, action="start_formal_review", on=submitted + timedelta(days=3))
    case_act(actor=staff, case=case, action="pass_formal_review", on=submitted + timedelta(days=5))
    return case


def km_draft(cast: Cast) -> None:
    call = _km_call(cast)
    a = _km_alliance(cast, "昆明咖啡产业技术创新战略联盟", "云南小粒咖啡集团有限公司", founded_on=cast.day(500))
    lead = _lead_login(cast, "lead_km_coffee", "咖啡联盟办公室 杨主任", a)
    case = case_open(actor=lead, alliance=a, call=call, on=cast.day(3))
    _attach(case, lead, cast, ["application"])


def km_submitted(cast: Cast) -> None:
    call = _km_call(cast)
    a = _km_alliance(cast, "昆明新能源电池产业技术创新战略联盟", "滇中储能科技有限公司", founded_on=cast.day(600))
    lead = _lead_login(cast, "lead_km_battery", "电池联盟办公室 何主任", a)
    case = case_open(actor=lead, alliance=a, call=call, on=cast.day(6))
    _attach(case, lead, cast, KM_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=cast.day(5))


def km_returned(cast: Cast) -> None:
    """Three units only: formal review returns it under 第八条(一); lead_kunming is to answer."""
    call = _km_call(cast)
    a = _km_alliance(cast, "昆明生物医药产业技术创新战略联盟", "昆明滇池生物制药有限公司", founded_on=cast.day(700),
                     units=3)
    lead = _lead_login(cast, "lead_kunming", "联盟办公室 刘主任", a)
    staff = cast.user("staff_kunming")
    case = case_open(actor=lead, alliance=a, call=call, on=cast.day(22))
    _attach(case, lead, cast, KM_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=cast.day(20))
    case_act(actor=staff, case=case, action="start_formal_review", on=cast.day(15))
    case_act(actor=staff, case=case, action="return_for_revision", on=cast.day(12),
             reason="联盟成员不足4个单位（第八条(一)），请补充成员单位后重新提交。")


def km_expert_review(cast: Cast) -> None:
    """Two experts assigned, expert_demo2's sheet in, expert_demo's still to come."""
    call = _km_call(cast)
    a = _km_alliance(cast, "昆明数字经济产业技术创新战略联盟", "春城数据科技有限公司", founded_on=cast.day(800))
    lead = _lead_login(cast, "lead_km_digital", "数字经济联盟办公室 马主任", a)
    case = _km_to_expert_review(cast, a, lead, call, cast.day(40))
    _assign(cast, cast.user("staff_kunming"), case, cast.day(30))
    _sheet(cast.experts[1], case, cast.day(20), "82")


def km_notice(cast: Cast) -> None:
    """Proposed, its 7-day notice (第十一条) published two days ago, one objection pending."""
    call = _km_call(cast)
    staff = cast.user("staff_kunming")
    a = _km_alliance(cast, "昆明高原特色农业产业技术创新战略联盟", "云岭高原农业发展有限公司", founded_on=cast.day(900))
    lead = _lead_login(cast, "lead_km_plateau", "高原农业联盟办公室 段主任", a)
    case = _km_to_expert_review(cast, a, lead, call, cast.day(60))
    _assign(cast, staff, case, cast.day(50))
    _sheets(cast, case, cast.day(30))
    case_act(actor=staff, case=case, action="propose", on=cast.day(10))
    case_act(actor=staff, case=case, action="publish_notice", on=cast.day(2))
    notice = PublicNotice.objects.get(case=case)
    at = datetime.combine(cast.day(1), time(10, 30), tzinfo=SH)
    objection_submit(actor=AnonymousUser(), notice=notice, name="李四", contact="13900000000", at=at,
                     text="该联盟申报材料中的一家成员单位尚未签署联盟协议，请核查。")


def km_recognised(cast: Cast) -> None:
    """Recognised after its notice, certificate PDFs rendered, 第十二条 guidance fund approved and paid."""
    call = _km_call(cast)
    staff, finance = cast.user("staff_kunming"), cast.user("finance_kunming")
    a = _km_alliance(cast, "昆明花卉产业技术创新战略联盟", "昆明花卉集团有限公司", founded_on=cast.day(1000))
    lead = _lead_login(cast, "lead_km_flower", "花卉联盟办公室 张主任", a)
    case = _km_to_expert_review(cast, a, lead, call, cast.day(75))
    _assign(cast, staff, case, cast.day(65))
    _sheets(cast, case, cast.day(55))
    case_act(actor=staff, case=case, action="propose", on=cast.day(50))
    case_act(actor=staff, case=case, action="publish_notice", on=cast.day(48))
    case_act(actor=staff, case=case, action="recognise", on=cast.day(35))  # after D+1 … D+7, moved past rest days
    _fund(cast, KM, "finance_kunming", "昆明市科技计划经费（联盟引导经费）", is_default=True,
          years={cast.day(25).year, cast.today.year}, amount="200")
    matching = {"id": "km-flower-matching", "kind": "lead_matching", "date": cast.day(31).isoformat(), "base": "30"}
    [p] = grant_propose(actor=staff, alliance=a, pack="kunming", on=cast.day(30), evidence=[matching]).proposals
    grant_decide(actor=staff, proposal=p, approve=True, on=cast.day(25), reason="牵头单位已按3:1配套30万元")
    grant_pay(actor=finance, commitment=_commitment(p), on=cast.day(20))


def km_upgrade_requested(cast: Cast) -> None:
    """Recognised municipal (第九条–第十一条, before this system: its level and document recorded), its contract
    signed (第十四条) and its yearly reports filed; it asks the city to recommend it for provincial recognition
    (第七条, 第十二条): the request waits for staff_kunming on the work pages."""
    staff = cast.user("staff_kunming")
    a = _km_alliance(cast, "昆明有色金属新材料产业技术创新战略联盟", "云南新材料科技集团有限公司",
                     founded_on=cast.day(900))
    since = cast.day(400)
    alliance_level_record(actor=cast.admin, alliance=a, level="municipal", from_date=since,
                          jurisdiction=cast.juris[KM], document_number="昆科〔认定〕12号", reason="认定为市级联盟")
    lead = _lead_login(cast, "lead_km_metal", "新材料联盟办公室 孙主任", a)
    for year in range(since.year, cast.today.year + 1):
        if since < date(year, 12, 15) <= cast.today:
            report_file(actor=lead, alliance=a, kind="annual_report", year=year, on=date(year, 12, 10),
                        summary=f"{year}年度科技报告：研发投入与产出")
    contract = case_open(actor=lead, alliance=a, procedure_id="contract", on=since + timedelta(days=20))
    _attach(contract, lead, cast, ["contract"])
    case_act(actor=lead, case=contract, action="submit", on=since + timedelta(days=20))
    case_act(actor=staff, case=contract, action="sign_contract", on=since + timedelta(days=30), reason="合同书已签订")
    case = case_open(actor=lead, alliance=a, procedure_id="upward_recommendation", on=cast.day(6))
    _attach(case, lead, cast, ["recommendation_request"])
    case_act(actor=lead, case=case, action="request_recommendation", on=cast.day(5),
             reason="联盟运行良好，申请推荐申报省级联盟")


def km_rejected(cast: Cast) -> None:
    call = _km_call(cast)
    staff = cast.user("staff_kunming")
    a = _km_alliance(cast, "昆明文化旅游产业技术创新战略联盟", "七彩云南文旅有限公司", founded_on=cast.day(400))
    lead = _lead_login(cast, "lead_km_tourism", "文旅联盟办公室 罗主任", a)
    case = case_open(actor=lead, alliance=a, call=call, on=cast.day(52))
    _attach(case, lead, cast, KM_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=cast.day(50))
    case_act(actor=staff, case=case, action="start_formal_review", on=cast.day(45))
    case_act(actor=staff, case=case, action="reject", on=cast.day(40),
             reason="联盟未围绕产业链构建，不符合第八条要求。")


def km_revoked(cast: Cast) -> None:
    """Recognised three years ago; the first yearly report (第十四条) on time, the second late:
    revoked under 第十七条(二), plaque ordered back (and returned), published on the revoked page."""
    y = cast.today.year - 3
    staff = cast.user("staff_kunming")
    call = _call(cast, KM, year=y, title=f"{y}年度昆明市产业技术创新战略联盟认定申报",
                 opens_on=date(y, 3, 1), closes_on=date(y, 3, 31))
    a = _km_alliance(cast, "昆明普洱茶产业技术创新战略联盟", "普洱茶叶集团有限公司", founded_on=date(y - 1, 10, 1))
    lead = _lead_login(cast, "lead_km_tea", "普洱茶联盟办公室 李主任", a)
    case = _km_to_expert_review(cast, a, lead, call, date(y, 3, 6))
    _assign(cast, staff, case, date(y, 4, 1))
    _sheets(cast, case, date(y, 4, 10))
    case_act(actor=staff, case=case, action="propose", on=date(y, 4, 20))
    case_act(actor=staff, case=case, action="publish_notice", on=date(y, 5, 6))
    case_act(actor=staff, case=case, action="recognise", on=date(y, 5, 20))  # 民法典 201/203: D+1 … D+7 (or later)
    report_file(actor=lead, alliance=a, kind="annual_report", year=y, on=date(y, 12, 15),
                summary=f"{y}年度科技报告：研发投入与产出")
    alliance_deadlines_refresh(actor=SCAN, alliance=a, on=date(y + 1, 12, 16))  # the next one is overdue
    report_file(actor=lead, alliance=a, kind="annual_report", year=y + 1, on=date(y + 1, 12, 17),
                summary=f"{y + 1}年度科技报告")
    consequences_apply(actor=staff, alliance=a, on=date(y + 1, 12, 20))
    revocation = Revocation.objects.get(alliance=a)
    revocation_plaque_recalled(actor=staff, revocation=revocation, on=date(y + 2, 1, 5))
    recognition = Recognition.objects.get(case=case)
    if recognition.status == RecognitionStatus.VALID:  # where revoking the title does not recall it already
        recognition_recall(actor=staff, recognition=recognition, article="第十七条(二)",
                           reason=f"未按时报送{y + 1}年度科技报告", on=date(y + 2, 1, 5))


# ---------------------------------------------------------------- Weinan (渭科发〔2015〕62号, in force)

WN = "weinan-kjj"
WN_MATERIALS = ["application_form", "supporting_materials", "recommender_opinion"]


def _wn_alliance(cast: Cast, name: str, lead: str, founded_on: date) -> Alliance:
    field_ = IndustryField.objects.get(jurisdiction=cast.juris[WN], code="strategic-emerging")
    a = _alliance(cast, name, juris=WN, lead=lead, region="610502", founded_on=founded_on,
                  members=_members(_topic(name), 10), member_role="core", industry_field=field_)
    # 6(3)–6(7): what 13's recognition checks (guard eligible) before the bureau's document
    return alliance_update(actor=cast.admin, alliance=a, reason="申报准备", agreement_signed_by_all=True,
                           has_council=True, has_expert_committee=True, full_time_staff=2,
                           has_funding_mechanism=True, has_fund_rules=True, has_ip_rules=True, has_benefit_sharing_rules=True,
                           has_open_membership=True)


def _wn_recognise(cast: Cast, alliance: Alliance, lead: User, start: date) -> Case:
    staff, county = cast.user("staff_weinan"), cast.user("recommender_linwei")
    case = case_open(actor=lead, alliance=alliance, on=start)
    _attach(case, lead, cast, WN_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=start)
    case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=start + timedelta(days=9))
    case_act(actor=staff, case=case, action="accept", on=start + timedelta(days=9))
    _assign(cast, staff, case, start + timedelta(days=31))
    _sheets(cast, case, start + timedelta(days=50))
    case_act(actor=staff, case=case, action="recognise", on=start + timedelta(days=70))
    return case


def wn_recognised(cast: Cast) -> None:
    y = cast.today.year - 3
    staff, finance, county = cast.user("staff_weinan"), cast.user("finance_weinan"), cast.user("recommender_linwei")
    a = _wn_alliance(cast, "渭南市3D打印产业技术创新战略联盟", "渭南增材制造有限公司", date(y - 1, 10, 1))
    lead = _lead_login(cast, "lead_weinan", "3D打印联盟办公室 王主任", a)
    _wn_recognise(cast, a, lead, date(y, 3, 1))
    _fund(cast, WN, "finance_weinan", "渭南市科技计划经费", is_default=True, years={y, cast.today.year}, amount="100")
    [p] = grant_propose(actor=staff, alliance=a, pack="weinan", on=date(y, 6, 1)).proposals
    grant_decide(actor=staff, proposal=p, approve=True, amount=D("15"), on=date(y, 6, 5), reason="局务会确定")
    grant_pay(actor=finance, commitment=_commitment(p), on=date(y, 6, 20))
    # 14: the November report, endorsed by the recommender — on time, then late; the third is missing.
    r = report_file(actor=lead, alliance=a, kind="annual_report", year=y, on=date(y, 11, 25),
                    summary=f"{y}年工作总结", next_year_plan=f"{y + 1}年工作计划")
    report_endorse(actor=county, report=r, opinion="同意报送", on=date(y, 11, 28))
    r = report_file(actor=lead, alliance=a, kind="annual_report", year=y + 1, on=date(y + 1, 12, 3),
                    summary=f"{y + 1}年工作总结", next_year_plan=f"{y + 2}年工作计划")
    report_endorse(actor=county, report=r, opinion="同意报送（逾期）", on=date(y + 1, 12, 5))
    # 15: re-review three years on, passed where that day has come.
    passed_on = date(y + 3, 4, 20)
    if passed_on <= cast.today:
        grade_record(actor=staff, alliance=a, year=y + 3, kind="re_review", grade="通过复审", on=passed_on)


def wn_pending_money(cast: Cast) -> None:
    """Recognised fifty days ago; 16 research funding proposed, the amount (no bounds in the text) to decide."""
    staff = cast.user("staff_weinan")
    a = _wn_alliance(cast, "渭南市精细化工产业技术创新战略联盟", "蒲城精细化工股份有限公司", cast.day(800))
    lead = _lead_login(cast, "lead_wn_chem", "精细化工联盟办公室 赵主任", a)
    _wn_recognise(cast, a, lead, cast.day(120))
    _fund(cast, WN, "finance_weinan", "渭南市科技计划经费", is_default=True, years={cast.today.year}, amount="100")
    grant_propose(actor=staff, alliance=a, pack="weinan", on=cast.day(40))


def wn_submitted(cast: Cast) -> None:
    a = _wn_alliance(cast, "渭南市现代农业装备产业技术创新战略联盟", "渭南农机装备有限公司", cast.day(500))
    lead = _lead_login(cast, "lead_wn_agri", "农机联盟办公室 孙主任", a)
    case = case_open(actor=lead, alliance=a, on=cast.day(8))
    _attach(case, lead, cast, WN_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=cast.day(6))


# ---------------------------------------------------------------- Henan (豫科〔2013〕146号, in force)

HN = "henan-kjt"


def _hn_to_construction(cast: Cast, alliance: Alliance, lead: User, call: Call, start: date) -> Case:
    staff, city = cast.user("staff_henan"), cast.user("recommender_luolong")
    case = case_open(actor=lead, alliance=alliance, call=call, on=start)
    case_act(actor=lead, case=case, action="submit", on=start)
    case_act(actor=city, case=case, action="recommend", reason="同意推荐", on=start + timedelta(days=5))
    case_act(actor=staff, case=case, action="accept", on=start + timedelta(days=10))
    _assign(cast, staff, case, start + timedelta(days=15))
    _sheets(cast, case, start + timedelta(days=20))
    case_act(actor=staff, case=case, action="approve_construction", on=start + timedelta(days=30))
    return case


def _hn_alliance(cast: Cast, name: str, lead: str, founded_on: date) -> Alliance:
    return _alliance(cast, name, juris=HN, lead=lead, region="410311", founded_on=founded_on,
                     members=_members(_topic(name), 5))


def hn_warned(cast: Cast) -> None:
    """Built and accepted (第九条/第十条), recognised provincial; graded 不合格 last year (第十二条): warned,
    a six-month rectification order awaiting lead_henan's response."""
    staff = cast.user("staff_henan")
    start = cast.day(800)
    call = _call(cast, HN, year=start.year, title=f"{start.year}年河南省产业技术创新战略联盟公开征集",
                 opens_on=start - timedelta(days=10), closes_on=start + timedelta(days=50))
    a = _hn_alliance(cast, "河南省耐火材料产业技术创新战略联盟", "洛阳耐火材料研究院有限公司", start - timedelta(days=400))
    lead = _lead_login(cast, "lead_henan", "耐火材料联盟办公室 郑主任", a)
    case = _hn_to_construction(cast, a, lead, call, start)
    a = alliance_update(actor=cast.admin, alliance=a, reason="构建期建设", has_council=True, has_expert_committee=True,
                        has_executive_body=True, has_office=True, full_time_staff=3, outward_responsible_party=a.lead,
                        has_long_term_plan=True, has_innovation_system_plan=True, agreement_signed_by_all=True,
                        has_charter=True, has_fund_rules=True, has_ip_rules=True, has_benefit_sharing_rules=True, has_open_membership=True)
    _attach(case, lead, cast, ["organs", "plans", "agreement_charter"])
    applied = add_years(start + timedelta(days=30), 1)
    case_act(actor=lead, case=case, action="apply_for_acceptance", on=applied)
    case_act(actor=staff, case=case, action="start_assessment", on=applied + timedelta(days=4))
    _assign(cast, staff, case, applied + timedelta(days=4), round="acceptance")
    _sheets(cast, case, applied + timedelta(days=10), round="acceptance")
    case_act(actor=staff, case=case, action="recognise", on=applied + timedelta(days=15))
    graded = cast.day(20)
    grade_record(actor=staff, alliance=a, year=graded.year - 1, grade="不合格", on=graded, rectification_months=6,
                 note="年度考核：运行机制不健全")


def hn_construction(cast: Cast) -> None:
    """Construction approved 110 days ago: in its construction year (第九条)."""
    start = cast.day(140)
    call = _call(cast, HN, year=start.year, title=f"{start.year}年河南省产业技术创新战略联盟公开征集（第二批）",
                 opens_on=start - timedelta(days=10), closes_on=start + timedelta(days=50))
    a = _hn_alliance(cast, "河南省超硬材料产业技术创新战略联盟", "郑州超硬材料有限公司", start - timedelta(days=300))
    lead = _lead_login(cast, "lead_hn_superhard", "超硬材料联盟办公室 吴主任", a)
    _hn_to_construction(cast, a, lead, call, start)


# ---------------------------------------------------------------- Luoyang (洛政办〔2018〕54号, 2018-07-10 … 2020-12-31)

LY = "luoyang-kjj"


def _ly_alliance(cast: Cast, name: str, lead: str, founded_on: date) -> Alliance:
    a = _alliance(cast, name, juris=LY, lead=lead, region="410311", founded_on=founded_on,
                  members=_members(_topic(name), 6))
    # 第六条(三): the enterprises cover the chain up-, mid- and downstream
    firms = [m.organisation for m in a.memberships.select_related("organisation") if m.organisation.kind == "enterprise"]
    for org, pos in zip(firms, ("up", "down"), strict=False):
        if org.chain_position != pos:
            organisation_update(actor=cast.admin, organisation=org, reason="演示数据：产业链位置", chain_position=pos)
    return alliance_update(actor=cast.admin, alliance=a, reason="申报准备", has_office=True, full_time_staff=2,
                           has_council=True, has_expert_committee=True, has_executive_body=True,
                           agreement_signed_by_all=True, has_charter=True)


def ly_support_withdrawn(cast: Cast) -> None:
    staff, finance, county = cast.user("staff_luoyang"), cast.user("finance_luoyang"), cast.user("recommender_luolong")
    call = _call(cast, LY, year=2019, title="2019年度洛阳市产业技术创新战略联盟申报",
                 opens_on=date(2019, 3, 1), closes_on=date(2019, 3, 31))
    a = _ly_alliance(cast, "洛阳市轴承产业技术创新战略联盟", "洛阳轴承集团有限公司", date(2018, 10, 1))
    lead = _lead_login(cast, "lead_luoyang", "轴承联盟办公室 宋主任", a)
    case = case_open(actor=lead, alliance=a, call=call, on=date(2019, 3, 5))
    _attach(case, lead, cast, ["application_form"])
    case_act(actor=lead, case=case, action="submit", on=date(2019, 3, 5))
    _attach(case, lead, cast, ["feasibility_report"])
    case_act(actor=county, case=case, action="recommend", reason="同意推荐", on=date(2019, 3, 15))
    case_act(actor=staff, case=case, action="accept", on=date(2019, 3, 20))
    case_act(actor=staff, case=case, action="assign_experts", on=date(2019, 3, 20))
    _assign(cast, staff, case, date(2019, 3, 25))
    _sheets(cast, case, date(2019, 4, 15))
    case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 25))
    # 第十一条 + 第二十一条: 10 万元 to the lead; 第十三条: an R&D project, amount (100–300) to decide.
    _fund(cast, LY, "finance_luoyang", "洛阳市应用技术研究与开发资金", article="第二十一条",
                 years={2019, 2020, cast.today.year})
    [award] = grant_propose(actor=staff, alliance=a, pack="luoyang", on=date(2019, 5, 10)).proposals
    grant_decide(actor=staff, proposal=award, approve=True, on=date(2019, 5, 15))
    grant_pay(actor=finance, commitment=_commitment(award), on=date(2019, 5, 20))
    grant_propose(actor=staff, alliance=a, pack="luoyang", on=date(2019, 8, 1),
                  claim={"id": "rd-LY-2019-07", "kind": "rd_project", "date": "2019-07-20",
                         "matter": "project:LY-2019-07", "payee": str(a.lead_id)})
    # 第九条: 不合格 → warning and rectification; the rectification fails → support withdrawn.
    grade_record(actor=staff, alliance=a, year=2019, grade="不合格", on=date(2019, 12, 20), rectification_months=6,
                 note="计划执行不到位")
    order = Rectification.objects.get(alliance=a)
    rectification_respond(actor=lead, rectification=order, response="已补充专职人员并修订计划", on=date(2020, 6, 1),
                          attachment=SimpleUploadedFile("整改报告.pdf", PDF))
    rectification_judge(actor=staff, rectification=order, result="fail", judgement="整改后仍不达标",
                        on=date(2020, 6, 25))


def ly_awaiting_county(cast: Cast) -> None:
    call = _call(cast, LY, year=2020, title="2020年度洛阳市产业技术创新战略联盟申报",
                 opens_on=date(2020, 3, 1), closes_on=date(2020, 3, 31))
    a = _ly_alliance(cast, "洛阳市机器人产业技术创新战略联盟", "洛阳智能机器人有限公司", date(2019, 6, 1))
    lead = _lead_login(cast, "lead_ly_robot", "机器人联盟办公室 高主任", a)
    case = case_open(actor=lead, alliance=a, call=call, on=date(2020, 3, 10))
    _attach(case, lead, cast, ["application_form", "feasibility_report"])
    case_act(actor=lead, case=case, action="submit", on=date(2020, 3, 10))


# ---------------------------------------------------------------- Jiangning (2019-01-01 … 2021-12-31)

JN = "jiangning-kjj"
JN_MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
                "funding_and_staff"]


def _jn_alliance(cast: Cast, name: str, lead: str, founded_on: date) -> Alliance:
    a = _alliance(cast, name, juris=JN, lead=lead, region="320115", founded_on=founded_on,
                  members=_members(_topic(name), 20))
    return alliance_update(
        actor=cast.admin, alliance=a, reason="材料齐全", agreement_signed_by_all=True, has_council=True,
        has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2, has_funding_mechanism=True,
        has_short_term_plan=True, has_mid_term_plan=True, has_long_term_plan=True, has_open_membership=True,
        has_ip_rules=True, has_benefit_sharing_rules=True, outward_responsible_party=a.lead, has_charter=True, has_expert_committee=True,
        has_office=True, has_fund_rules=True)


def _jn_to_review(cast: Cast, alliance: Alliance, lead: User, start: date) -> Case:
    case = case_open(actor=lead, alliance=alliance, on=start)
    _attach(case, lead, cast, JN_MATERIALS)
    case_act(actor=lead, case=case, action="submit", on=start + timedelta(days=1))
    case_act(actor=cast.user("staff_jiangning"), case=case, action="accept", on=start + timedelta(days=7))
    return case


def _jn_exchange(n: int, spend: str, day: date) -> dict[str, Any]:
    return {"id": f"EX-{n}", "kind": "exchange_activity", "date": day.isoformat(), "base": spend,
            "flags": ["filed", "led_by_alliance"]}


def jn_clawback(cast: Cast) -> None:
    """Recognised after a site visit (第九条); 30 万元 (第十条1) paid, then recovered for misuse with a ban on
    further applications (第十三条); the exchange subsidy paid later is withheld against the receivable."""
    staff, finance = cast.user("staff_jiangning"), cast.user("finance_jiangning")
    a = _jn_alliance(cast, "江宁区智能电网产业技术创新战略联盟", "江宁电网科技有限公司", date(2019, 6, 1))
    lead = _lead_login(cast, "lead_jn_grid", "智能电网联盟办公室 钱主任", a)
    case = _jn_to_review(cast, a, lead, date(2020, 3, 2))
    _assign(cast, staff, case, date(2020, 3, 10))
    first = cast.experts[0]
    case_act(actor=staff, case=case, action="order_site_visit", reason="核实办公场所", on=date(2020, 3, 20))
    _sheets(cast, case, date(2020, 3, 22))
    site_visit_record(actor=first.user, case=case, visited_on=date(2020, 3, 28), visitors="评审专家、区科技局",
                      findings="办公场所、专职人员落实", result="pass", document=_pdf(cast, "走访记录.pdf", a))
    case_act(actor=staff, case=case, action="recognise", on=date(2020, 4, 1))
    _fund(cast, JN, "finance_jiangning", "江宁区产业技术创新战略联盟扶持资金", is_default=True,
          years={2019, 2020, 2021, cast.today.year}, amount="300")
    [award] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2020, 4, 10),
                            rules=["recognition_award"]).proposals
    grant_decide(actor=staff, proposal=award, approve=True, on=date(2020, 4, 20))
    grant_pay(actor=finance, commitment=_commitment(award), on=date(2020, 4, 20))
    [exchange] = grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2020, 5, 1),
                               claim=_jn_exchange(1, "20", date(2020, 4, 20))).proposals
    grant_decide(actor=staff, proposal=exchange, approve=True, amount=D("20"), on=date(2020, 5, 10))
    # 第十三条: the district finance bureau's inspection finds the money misused; the text's consequence follows.
    inspection_record(actor=finance, alliance=a, inspected_on=date(2020, 8, 25), inspectors="区财政局、区科技局检查组",
                      findings="认定补助30万元中12万元用于成员单位日常经营，未用于联盟运营发展（第十条10、第十三条）。",
                      outcome="misused", attachments=[SimpleUploadedFile("资金使用检查报告.pdf", PDF)])
    grant_claw_back(actor=finance, commitment=_commitment(award), on=date(2020, 9, 1), ground="misuse",
                    reason="挪用补助资金用于非联盟活动")
    grant_pay(actor=finance, commitment=_commitment(exchange), on=date(2020, 10, 1), reason="交流活动补助（抵扣应收）")


def jn_dissolution(cast: Cast) -> None:
    """Recognised 2019, a standard award proposed (第十条8); in 2021 the lead applies to dissolve (第十二条), eight of
    twenty members' consents in."""
    staff = cast.user("staff_jiangning")
    a = _jn_alliance(cast, "江宁区航空零部件产业技术创新战略联盟", "江宁航空精密制造有限公司", date(2018, 11, 1))
    lead = _lead_login(cast, "lead_jiangning", "航空零部件联盟办公室 冯主任", a)
    case = _jn_to_review(cast, a, lead, date(2019, 3, 4))
    _assign(cast, staff, case, date(2019, 3, 12))
    _sheets(cast, case, date(2019, 3, 22))
    case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 1))
    # 第十条8: a national standard the alliance helped set; its award is proposed and still awaits the decision
    # (the explanation names the standard and its level in words: the no-codes crawl reads it on the money pages).
    achievement_add(actor=cast.admin, alliance=a, kind="standard", standard_level="national",
                    title="航空发动机叶片精密锻造技术规范", achieved_on=date(2019, 9, 16))
    grant_propose(actor=staff, alliance=a, pack="jiangning", on=date(2019, 10, 8), rules=["standard_award"])
    dissolution = dissolution_apply(actor=lead, alliance=a, reason="阶段性任务已完成，成员单位协商一致解散",
                                    on=date(2021, 6, 1))
    others = [m.organisation for m in Membership.objects.filter(alliance=a).exclude(role="lead")
              .select_related("organisation").order_by("id")]
    for org in others[:8]:
        dissolution_consent_record(actor=lead, dissolution=dissolution, organisation=org, on=date(2021, 6, 5),
                                   attachment=_upload(f"{org.name}同意解散函.pdf"))


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jn_poor_years(cast: Cast) -> None:
    """Recognised 2019; its operation graded poor for 2020 and 2021: 第十二条 stops the district support of
    the alliance and of each member organisation (a ban per member on the staff page)."""
    staff = cast.user("staff_jiangning")
    a = _jn_alliance(cast, "江宁区动力电池产业技术创新战略联盟", "江宁动力电池有限公司", date(2018, 9, 1))
    lead = _lead_login(cast, "lead_jn_ev", "动力电池联盟办公室 韩主任", a)
    case = _jn_to_review(cast, a, lead, date(2019, 3, 11))
    _assign(cast, staff, case, date(2019, 3, 18))
    _sheets(cast, case, date(2019, 3, 28))
    case_act(actor=staff, case=case, action="recognise", on=date(2019, 4, 8))
    grade_record(actor=staff, alliance=a, year=2020, grade="poor", on=date(2020, 12, 18), note="活动开展少，成效不明显")
    grade_record(actor=staff, alliance=a, year=2021, grade="poor", on=date(2021, 12, 17), note="连续两年运营成效不好")


def km_finding(cast: Cast) -> None:
    """Recognised two years ago, both yearly reports (第十四条) filed; today the bureau finds fraud in
    the recognition materials (第十七条(三)) with its evidence: the revocation is for the bureau to decide."""
    y = cast.today.year - 2
    staff = cast.user("staff_kunming")
    call = _call(cast, KM, year=y, title=f"{y}年度昆明市产业技术创新战略联盟认定申报（第二批）",
                 opens_on=date(y, 4, 1), closes_on=date(y, 4, 30))
    a = _km_alliance(cast, "昆明稀贵金属产业技术创新战略联盟", "云南稀贵金属股份有限公司", founded_on=date(y - 1, 9, 1))
    lead = _lead_login(cast, "lead_km_precious", "稀贵金属联盟办公室 杨主任", a)
    case = _km_to_expert_review(cast, a, lead, call, date(y, 4, 8))
    _assign(cast, staff, case, date(y, 5, 6))
    _sheets(cast, case, date(y, 5, 15))
    case_act(actor=staff, case=case, action="propose", on=date(y, 5, 25))
    case_act(actor=staff, case=case, action="publish_notice", on=date(y, 6, 3))
    case_act(actor=staff, case=case, action="recognise", on=date(y, 6, 20))
    report_file(actor=lead, alliance=a, kind="annual_report", year=y, on=date(y, 12, 10),
                summary=f"{y}年度科技报告：联合攻关高纯铝提纯工艺", fund_use="引导经费全部用于联合研发")
    report_file(actor=lead, alliance=a, kind="annual_report", year=y + 1, on=date(y + 1, 12, 8),
                summary=f"{y + 1}年度科技报告：中试线建成", results="形成专利3项",
                attachment=_upload(f"{y + 1}年度科技报告.pdf"))
    on = max(cast.today, date(y + 1, 12, 9))
    finding_record(actor=staff, alliance=a, kind="fraud", on=on,
                   description="认定申报材料中研发投入数据与审计报告不符，经核查属实",
                   attachment=_upload("核查报告.pdf"))


def jn_in_review(cast: Cast) -> None:
    a = _jn_alliance(cast, "江宁区集成电路产业技术创新战略联盟", "江宁芯片设计有限公司", date(2020, 9, 1))
    lead = _lead_login(cast, "lead_jn_chip", "集成电路联盟办公室 陆主任", a)
    _jn_to_review(cast, a, lead, date(2021, 10, 11))


# ---------------------------------------------------------------- running them

STORIES: list[tuple[str, Callable[[Cast], None], str]] = [
    ("昆明咖啡产业技术创新战略联盟", km_draft, "case: draft"),
    ("昆明新能源电池产业技术创新战略联盟", km_submitted, "case: submitted, formal review to start"),
    ("昆明生物医药产业技术创新战略联盟", km_returned, "case: returned for revision (第八条(一)), to answer"),
    ("昆明数字经济产业技术创新战略联盟", km_expert_review, "case: expert review, 1 of 2 sheets (expert_demo's due)"),
    ("昆明高原特色农业产业技术创新战略联盟", km_notice, "case: public notice open today, 1 objection pending"),
    ("昆明花卉产业技术创新战略联盟", km_recognised, "recognised, certificate PDFs, guidance fund paid"),
    ("昆明文化旅游产业技术创新战略联盟", km_rejected, "case: rejected at formal review"),
    ("昆明有色金属新材料产业技术创新战略联盟", km_upgrade_requested,
     "recognised; asks the city to recommend it for provincial recognition (第七条, 第十二条)"),
    ("昆明普洱茶产业技术创新战略联盟", km_revoked, "revoked (late report, 第十七条(二)), plaque recalled"),
    ("渭南市3D打印产业技术创新战略联盟", wn_recognised, "recognised; reports on time, late, overdue; funding paid"),
    ("渭南市精细化工产业技术创新战略联盟", wn_pending_money, "recognised; research funding (16) amount to decide"),
    ("渭南市现代农业装备产业技术创新战略联盟", wn_submitted, "case: submitted, awaiting 临渭区's recommendation"),
    ("河南省耐火材料产业技术创新战略联盟", hn_warned, "warned (第十二条); rectification order to answer"),
    ("河南省超硬材料产业技术创新战略联盟", hn_construction, "case: in its construction year (第九条)"),
    ("洛阳市轴承产业技术创新战略联盟", ly_support_withdrawn, "support withdrawn (第九条); R&D grant 100–300 pending"),
    ("洛阳市机器人产业技术创新战略联盟", ly_awaiting_county, "case: awaiting 洛龙区's recommendation (2020)"),
    ("江宁区智能电网产业技术创新战略联盟", jn_clawback, "award clawed back, ban (第十三条), later payment offset"),
    ("江宁区航空零部件产业技术创新战略联盟", jn_dissolution, "dissolution applied for (第十二条), some consents in"),
    ("江宁区集成电路产业技术创新战略联盟", jn_in_review, "case: expert review (2021)"),
    ("江宁区动力电池产业技术创新战略联盟", jn_poor_years, "two poor years (第十二条): members lose district support"),
    ("昆明稀贵金属产业技术创新战略联盟", km_finding, "fraud found (第十七条(三)); revocation to decide"),
]


def _experts(cast: Cast) -> list[ExpertProfile]:
    """Two experts of the pool, of organisations in no story alliance, in Weinan's field (13 wants
    experts of the alliance's field)."""
    keeper = cast.user("staff_kunming")
    fields = list(IndustryField.objects.filter(code__in=["strategic-emerging", "188", "smart-grid", "565"]))
    out = []
    for username, name, org_name in (("expert_demo", "评审专家 孙教授", "滇池理工大学"),
                                     ("expert_demo2", "评审专家 周研究员", "秦岭工程技术研究院")):
        user = User.objects.filter(username=username).first()
        org = (user.organisation if user is not None and user.organisation_id else None) or _org(
            cast, org_name, region="530102" if username == "expert_demo" else "610502", kind="university")
        user = demo_user(username, name, organisation=org)
        assign(user, Role.EXPERT, organisation=org)
        profile = ExpertProfile.objects.filter(user=user).first() or expert_profile_create(
            actor=keeper, user=user, organisation=org, fields=fields, tags=["演示"], title="教授")
        out.append(ExpertProfile.objects.select_related("user", "organisation").get(pk=profile.pk))
        cast.users[username] = out[-1].user
    return out


def render_pending_certificates(actor: Any) -> int:
    """Render the PDFs of every recognition still without them (in the demo the task queue may be the
    database backend with no worker running). Returns how many were rendered."""
    n = 0
    for r in Recognition.objects.filter(document__isnull=True).order_by("pk"):
        recognition_render_documents(actor=actor, recognition=r)
        n += 1
    return n


def seed_stories(cast: Cast, *, strict: bool = True) -> dict[str, str]:
    """Run every story not yet in the database, each in its own transaction; add each story's lead-unit
    login to ``cast.leads``. Returns the stories that failed (name → error); with *strict* the first
    failure is raised instead. A failed story leaves nothing behind and is tried again next time."""
    with transaction.atomic():
        cast.experts = _experts(cast)
    failed: dict[str, str] = {}
    for name, story, what in STORIES:
        if not Alliance.objects.filter(name=name).exists():
            try:
                with transaction.atomic():
                    story(cast)
            except Exception as exc:
                if strict:
                    raise
                log.exception("demo story %s failed", name)
                failed[name] = f"{type(exc).__name__}: {exc}"
                continue
        lead = _lead_of(name)
        if lead is not None:
            cast.leads.append(DemoLogin(str(Role.LEAD_UNIT.label), lead.username, f"{name}：{what}"))
    if not ScanRun.objects.filter(on=cast.today).exists():
        deadlines_scan(actor=SCAN, on=cast.today)
    return failed
