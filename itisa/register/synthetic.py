"""A realistic, deterministic synthetic register of any size, written with bulk inserts.

The same seed gives the same data on every database. Member mixes deliberately sometimes meet
and sometimes miss each jurisdiction's conditions (local share, member counts, enterprises,
chain coverage, founding age, records), so the policy engine has both kinds of case to decide.
Bulk inserts bypass per-row services on purpose (10,000 alliances must load in under a minute);
one audit event records the whole generation.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from itisa.audit.services import audit_record
from itisa.core.identifiers import make_uscc
from itisa.register.models import (
    Achievement,
    AchievementKind,
    Alliance,
    AllianceLevel,
    AllianceStatus,
    IndustryField,
    Jurisdiction,
    LevelRecord,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    StandardLevel,
)


@dataclass(frozen=True)
class Profile:
    """How alliances of one jurisdiction tend to look."""

    jurisdiction: str
    home_region: str  # the region members count as "local" in
    level: str
    name_template: str
    members: tuple[int, int]  # min, max member count
    local_share: tuple[float, float]


PROFILES = (
    Profile("luoyang-kjj", "410300", AllianceLevel.MUNICIPAL, "洛阳市{topic}产业技术创新战略联盟", (6, 30), (0.35, 0.95)),
    Profile("henan-kjt", "410000", AllianceLevel.PROVINCIAL, "河南省{topic}产业技术创新战略联盟", (8, 30), (0.35, 0.95)),
    Profile("weinan-kjj", "610500", AllianceLevel.MUNICIPAL, "渭南市{topic}产业技术创新战略联盟", (8, 24), (0.4, 0.95)),
    Profile("jiangning-kjj", "320115", AllianceLevel.DISTRICT, "江宁区{topic}产业技术创新战略联盟", (16, 30), (0.55, 0.9)),
    Profile("kunming-kjj", "530100", AllianceLevel.MUNICIPAL, "昆明{topic}产业技术创新战略联盟", (3, 22), (0.4, 0.95)),
)

TOPICS = (
    "智能装备", "新材料", "轴承", "机器人", "石化新材料", "光电", "生物医药", "智能电网", "节能环保", "现代农业",
    "新能源汽车", "高端铝材", "钼钨", "耐火材料", "中药材", "花卉", "高原特色农业", "大数据", "精密制造", "电力装备",
    "集成电路", "医疗器械", "绿色建材", "食品加工", "文化旅游", "数控机床", "氢能", "储能", "航空零部件", "软件",
)
# Each city's own industries (its leading and characteristic sectors), so that a generated name reads like one a
# bureau registers. The demo stories use other topics of the same cities (their names must stay free).
CITY_TOPICS: dict[str, tuple[str, ...]] = {
    "luoyang-kjj": ("矿山装备", "钼钨新材料", "农机装备", "石化新材料", "硅光电", "特种玻璃", "铝精深加工",
                    "牡丹", "轨道交通装备", "智能制造", "新能源", "动物疫苗"),
    "henan-kjt": ("盾构装备", "尼龙新材料", "智能传感器", "小麦种业", "冷链食品", "起重装备", "新能源客车",
                  "铝基新材料", "食用菌", "现代煤化工", "电子级化学品", "中医药"),
    "weinan-kjj": ("钼及钼深加工", "苹果", "奶山羊", "煤化工", "新型建材", "电力装备", "华山文化旅游",
                   "电子陶瓷", "光伏", "汽车零部件", "航空装备", "中药材"),
    "jiangning-kjj": ("新能源汽车", "智能制造装备", "生物医药", "人工智能", "软件和信息服务", "轨道交通",
                      "节能环保", "通信与网络", "医疗器械", "新型显示", "北斗应用", "智慧物流"),
    "kunming-kjj": ("稀贵金属新材料", "光电子", "三七", "磷化工", "野生食用菌", "天然药物", "绿色食品",
                    "高原特色蔬菜", "铝硅新材料", "民族医药", "新能源汽车", "装备制造"),
}
# When a large register exhausts a city's topics, the next round narrows each topic to one link of its chain.
ASPECTS = ("关键技术", "装备", "检测认证", "应用", "标准化", "成果转化")


def alliance_topic(jurisdiction: str, k: int) -> str:
    """The *k*-th topic of a city: its industries first, then industry × aspect, then numbered (bench sizes)."""
    topics = CITY_TOPICS.get(jurisdiction) or TOPICS
    topic, rnd = topics[k % len(topics)], k // len(topics)
    if rnd == 0:
        return topic
    aspect, again = ASPECTS[(rnd - 1) % len(ASPECTS)], (rnd - 1) // len(ASPECTS)
    return f"{topic}{aspect}" + (f"（{again + 1}）" if again else "")


FIRMS = ("精工", "华创", "恒力", "中科", "宏达", "天成", "博远", "新锐", "瑞丰", "鼎盛", "金桥", "远航", "同创", "嘉禾")
SUFFIX: dict[str, tuple[str, ...]] = {
    OrganisationKind.ENTERPRISE: ("科技有限公司", "股份有限公司", "制造有限公司", "集团有限公司"),
    OrganisationKind.UNIVERSITY: ("大学", "理工学院"),
    OrganisationKind.RESEARCH_INSTITUTE: ("研究院", "研究所"),
    OrganisationKind.VOCATIONAL_COLLEGE: ("职业技术学院",),
    OrganisationKind.INTERMEDIARY: ("科技服务中心", "技术转移中心"),
    OrganisationKind.NEW_RND_INSTITUTION: ("产业技术研究院",),
    OrganisationKind.MEDICAL_INSTITUTION: ("人民医院",),
    OrganisationKind.ASSOCIATION: ("行业协会",),
    OrganisationKind.BANK: ("银行股份有限公司",),
    OrganisationKind.INVESTOR: ("创业投资有限公司",),
}
KIND_WEIGHTS = (
    (OrganisationKind.ENTERPRISE, 60), (OrganisationKind.UNIVERSITY, 10), (OrganisationKind.RESEARCH_INSTITUTE, 10),
    (OrganisationKind.VOCATIONAL_COLLEGE, 4), (OrganisationKind.INTERMEDIARY, 4),
    (OrganisationKind.NEW_RND_INSTITUTION, 4), (OrganisationKind.MEDICAL_INSTITUTION, 2),
    (OrganisationKind.ASSOCIATION, 2), (OrganisationKind.BANK, 2), (OrganisationKind.INVESTOR, 2),
)
# GB 32100 registration authority and category per kind: 9/1 enterprises, 1/2 public institutions,
# 5/1 social organisations.
AUTHORITY: dict[str, tuple[str, str]] = {
    OrganisationKind.ENTERPRISE: ("9", "1"), OrganisationKind.BANK: ("9", "1"), OrganisationKind.INVESTOR: ("9", "1"),
    OrganisationKind.INTERMEDIARY: ("9", "1"), OrganisationKind.ASSOCIATION: ("5", "1"),
    OrganisationKind.NEW_RND_INSTITUTION: ("5", "2"),
}
STATUS_WEIGHTS = (
    (AllianceStatus.RECOGNISED, 62), (AllianceStatus.PREPARING, 8), (AllianceStatus.APPLYING, 10),
    (AllianceStatus.WARNED, 8), (AllianceStatus.SUPPORT_SUSPENDED, 4), (AllianceStatus.REVOKED, 6),
    (AllianceStatus.DISSOLVED, 2),
)
RECOGNISED_LIKE = {AllianceStatus.RECOGNISED, AllianceStatus.WARNED, AllianceStatus.SUPPORT_SUSPENDED,
                   AllianceStatus.REVOKED, AllianceStatus.DISSOLVED}
UPGRADE = {AllianceLevel.DISTRICT: AllianceLevel.MUNICIPAL, AllianceLevel.MUNICIPAL: AllianceLevel.PROVINCIAL,
           AllianceLevel.PROVINCIAL: AllianceLevel.NATIONAL}


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


class Generator:
    def __init__(self, *, seed: int, start_serial: int) -> None:
        self.rng = random.Random(seed)
        self.serial = start_serial
        regions = list(Region.objects.filter(level="county", valid_to="").values_list("code", "path"))
        self.local: dict[str, list[str]] = {}
        for profile in PROFILES:
            codes = [code for code, path in regions if profile.home_region in path.split("/")]
            self.local[profile.home_region] = codes or [profile.home_region]
        self.elsewhere = [code for code, _ in regions]
        self.prefectures = list(Region.objects.filter(level="prefecture", valid_to="").values_list("code", flat=True))
        # A firm is named after its city, as Chinese firms are (昆明…有限公司): prefecture, else province, short form.
        self.place: dict[str, str] = {}
        for code, name in Region.objects.filter(level__in=("province", "prefecture"), valid_to="").values_list(
                "code", "name"):
            short = re.sub(r"(市辖区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|地区|省|市|盟)$", "", name)
            if short and not name.endswith(("市辖区", "直辖县级行政区划")):
                self.place[code] = short
        self.names: set[str] = set()
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.filter(code__in=[p.jurisdiction for p in PROFILES])}
        self.fields: dict[int, list[int]] = {}
        for fid, jid in IndustryField.objects.values_list("id", "jurisdiction_id"):
            self.fields.setdefault(jid, []).append(fid)
        self.orgs: list[Organisation] = []
        self.pool: dict[str, list[int]] = {}  # home region → indexes into self.orgs, for re-use across alliances

    def _org(self, kind: str, region: str) -> Organisation:
        self.serial += 1
        authority, category = AUTHORITY.get(kind, ("1", "2"))
        body = f"{self.serial:08d}"
        firm, topic = self.rng.choice(FIRMS), self.rng.choice(TOPICS)
        suffix = self.rng.choice(SUFFIX.get(kind, ("中心",)))
        city = self.place.get(region[:4] + "00") or self.place.get(region[:2] + "0000", "")
        name = f"{city}{firm}{topic}{suffix}"
        alt = random.Random(self.serial)  # a second firm word when the name is taken (the main draw stays as it was)
        for _ in range(30):
            if name not in self.names:
                break
            name = f"{city}{firm}{alt.choice(FIRMS)}{topic}{suffix}"
        else:
            name = f"{city}{firm}{topic}{suffix}（{self.serial}）"
        self.names.add(name)
        org = Organisation(
            name=name,
            credit_code=make_uscc(authority, category, region, body),
            kind=kind,
            region_id=region,
            legal_person=self.rng.random() > 0.03,
            chain_position=self.rng.choice(("up", "mid", "down")) if kind == OrganisationKind.ENTERPRISE else "",
        )
        org._topic = topic  # type: ignore[attr-defined]  # the industry word in the name (see _lead_works_in)
        return org

    def _member_orgs(self, profile: Profile, count: int, local_share: float) -> list[int]:
        picked: list[int] = []
        pool = self.pool.setdefault(profile.home_region, [])
        for i in range(count):
            local = self.rng.random() < local_share
            kind = OrganisationKind.ENTERPRISE if i < 2 and self.rng.random() < 0.9 else _weighted(self.rng, KIND_WEIGHTS)
            if local and pool and self.rng.random() < 0.25:
                idx = self.rng.choice(pool)
                if idx not in picked:
                    picked.append(idx)
                    continue
            region = (self.rng.choice(self.local[profile.home_region]) if local
                      else self.rng.choice(self.elsewhere or self.prefectures))
            self.orgs.append(self._org(kind, region))
            picked.append(len(self.orgs) - 1)
            if local:
                pool.append(len(self.orgs) - 1)
        return picked

    def _lead_works_in(self, idx: int, topic: str) -> None:
        """The lead unit's name names the alliance's industry (昆明…光电子…有限公司 leads 昆明光电子…联盟)."""
        org = self.orgs[idx]
        drawn = getattr(org, "_topic", "")
        renamed = org.name.replace(drawn, topic, 1) if drawn else org.name
        if renamed != org.name and renamed not in self.names:
            self.names.discard(org.name)
            self.names.add(renamed)
            org.name = renamed

    def plan(self, alliances: int, today: date) -> list[dict[str, Any]]:
        plans = []
        for n in range(alliances):
            profile = PROFILES[n % len(PROFILES)]
            k = n // len(PROFILES)
            lo, hi = profile.members
            count = self.rng.randint(lo, hi)
            share = self.rng.uniform(*profile.local_share)
            # The lead is local (an enterprise most of the time) unless the case is meant to fail.
            lead_local = self.rng.random() < 0.92
            lead_kind = OrganisationKind.ENTERPRISE if self.rng.random() < 0.8 else OrganisationKind.NEW_RND_INSTITUTION
            region = self.rng.choice(self.local[profile.home_region]) if lead_local else self.rng.choice(self.elsewhere)
            self.orgs.append(self._org(lead_kind, region))
            lead_idx = len(self.orgs) - 1
            members = [m for m in self._member_orgs(profile, count - 1, share) if m != lead_idx]
            founded = today - timedelta(days=self.rng.randint(30, 9 * 365))
            status = _weighted(self.rng, STATUS_WEIGHTS)
            plans.append({"profile": profile, "lead": lead_idx, "members": members, "founded": founded,
                          "status": status, "n": n})
            self.rng.choice(TOPICS)  # drawn as before, so a seed gives the same register as before but for names
            # The alliance is registered in its bureau's area even when its lead unit is not.
            local = self.local[profile.home_region]
            plans[-1]["topic"] = alliance_topic(profile.jurisdiction, k)
            self._lead_works_in(lead_idx, plans[-1]["topic"])
            plans[-1]["region"] = self.orgs[lead_idx].region_id if lead_local else local[n % len(local)]
        return plans


def _levels(rng: random.Random, plan: dict[str, Any], juris: Jurisdiction, today: date) -> list[tuple[str, date, str]]:
    """Level history: recognised some months after founding, sometimes upgraded later."""
    if plan["status"] not in RECOGNISED_LIKE:
        return []
    level = plan["profile"].level
    since = min(plan["founded"] + timedelta(days=rng.randint(95, 400)), today)
    history = [(level, since, f"{juris.name[:2]}科〔{since.year}〕{plan['n'] % 90 + 1}号")]
    if level in UPGRADE and rng.random() < 0.12:
        up_on = min(since + timedelta(days=rng.randint(200, 1200)), today)
        history.append((UPGRADE[level], up_on, f"升级〔{up_on.year}〕{plan['n'] % 50 + 1}号"))
    return history


def generate_register(*, alliances: int, seed: int = 20260101, today: date, actor: Any = None,
                      batch_size: int = 2000) -> dict[str, int]:
    """Insert *alliances* synthetic alliances with ~20 members each; return the row counts."""
    start_serial = (Organisation.objects.count() + 1) * 10 + seed % 997 * 1000000
    gen = Generator(seed=seed, start_serial=start_serial % 90000000)
    plans = gen.plan(alliances, today)
    rng = gen.rng
    with transaction.atomic():
        Organisation.objects.bulk_create(gen.orgs, batch_size=batch_size)
        alliance_rows = []
        for plan in plans:
            profile: Profile = plan["profile"]
            juris = gen.jurisdictions[profile.jurisdiction]
            lead = gen.orgs[plan["lead"]]
            fields: list[int | None] = list(gen.fields.get(juris.id, [])) or [None]
            good = rng.random() < 0.8
            plan["levels"] = _levels(rng, plan, juris, today)
            alliance_rows.append(Alliance(
                name=profile.name_template.format(topic=plan["topic"]),
                jurisdiction=juris, region_id=plan["region"], industry_field_id=rng.choice(fields),
                kind="platform" if rng.random() < 0.15 else "rd", founded_on=plan["founded"], lead=lead,
                level=plan["levels"][-1][0] if plan["levels"] else "", status=plan["status"],
                has_office=good or rng.random() < 0.5, full_time_staff=rng.randint(0, 6) if good else 0,
                has_council=good, has_expert_committee=good or rng.random() < 0.5, has_executive_body=good,
                has_rules_of_procedure=good, agreement_signed_on=plan["founded"] if good else None,
                agreement_signed_by_all=good, has_charter=good, has_short_term_plan=good,
                has_mid_term_plan=good, has_long_term_plan=good and rng.random() < 0.9,
                has_innovation_system_plan=good and rng.random() < 0.7, has_ip_rules=good, has_benefit_sharing_rules=good,
                has_fund_rules=good, has_funding_mechanism=good, has_open_membership=good,
                legal_entity_registered=rng.random() < 0.1,
            ))
        Alliance.objects.bulk_create(alliance_rows, batch_size=batch_size)
        memberships, levels, achievements = [], [], []
        for plan, alliance in zip(plans, alliance_rows, strict=True):
            founded = plan["founded"]
            memberships.append(Membership(alliance=alliance, organisation=gen.orgs[plan["lead"]],
                                          role=MemberRole.LEAD, joined_on=founded))
            for i, idx in enumerate(plan["members"]):
                joined = founded + timedelta(days=rng.randint(0, 200) if rng.random() < 0.3 else 0)
                left = joined + timedelta(days=rng.randint(200, 900)) if rng.random() < 0.05 else None
                if left is not None and left > today:
                    left = None
                memberships.append(Membership(alliance=alliance, organisation=gen.orgs[idx],
                                              role=MemberRole.CORE if i < 10 else MemberRole.MEMBER,
                                              joined_on=joined, left_on=left))
            for level, since, doc in plan["levels"]:
                levels.append(LevelRecord(alliance=alliance, level=level, from_date=since,
                                          jurisdiction=gen.jurisdictions[plan["profile"].jurisdiction],
                                          document_number=doc))
            for _ in range(rng.randint(0, 8)):
                kind = rng.choice(AchievementKind.values)
                achievements.append(Achievement(
                    alliance=alliance, kind=kind, title=f"{plan['topic']}{AchievementKind(kind).label}",
                    standard_level=rng.choice((StandardLevel.INTERNATIONAL, StandardLevel.NATIONAL,
                                               StandardLevel.INDUSTRY)) if kind == "standard" else "",
                    achieved_on=founded + timedelta(days=rng.randint(0, max(1, (today - founded).days))),
                ))
        Membership.objects.bulk_create(memberships, batch_size=batch_size)
        LevelRecord.objects.bulk_create(levels, batch_size=batch_size)
        Achievement.objects.bulk_create(achievements, batch_size=batch_size)
        counts = {"organisations": len(gen.orgs), "alliances": len(alliance_rows), "memberships": len(memberships),
                  "levels": len(levels), "achievements": len(achievements)}
        if alliance_rows:
            audit_record(actor=actor, action="register.generate", target=alliance_rows[0], after=counts,
                         reason=f"synthetic data, seed {seed}")
    return counts
