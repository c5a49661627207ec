"""The demo data set: a small synthetic register plus one user per role, all with known logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from itisa.accounts.models import RecommenderKind, Role, RoleAssignment, User
from itisa.register.models import Alliance, AllianceStatus, Jurisdiction, Organisation
from itisa.register.synthetic import generate_register

DEMO_PASSWORD = "demo-2026-lianmeng"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    scope: str


def _user(username: str, full_name: str, *, superuser: bool = False, organisation: Organisation | None = None) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.organisation = organisation
        user.save()
    return user


def seed_demo(*, alliances: int, today: date) -> list[DemoLogin]:
    """Create the demo set once; running again only re-reads the logins."""
    with transaction.atomic():
        if not Alliance.objects.exists():
            generate_register(alliances=alliances, seed=20261121, today=today)
        juris = {j.code: j for j in Jurisdiction.objects.all()}
        logins: list[DemoLogin] = []

        admin = _user("admin", "系统管理员", superuser=True)
        logins.append(DemoLogin("admin", admin.username, "—"))

        def assign(user: User, role: Role, **scope: object) -> None:
            RoleAssignment.objects.get_or_create(user=user, role=role, defaults=scope)

        for code, username, name in (
            ("kunming-kjj", "staff_kunming", "昆明市科技局 王科长"),
            ("luoyang-kjj", "staff_luoyang", "洛阳市科技局 李科长"),
            ("jiangning-kjj", "staff_jiangning", "江宁区科技局 赵科长"),
            ("weinan-kjj", "staff_weinan", "渭南市科技局 陈科长"),
            ("henan-kjt", "staff_henan", "河南省科技厅 周处长"),
        ):
            user = _user(username, name)
            assign(user, Role.BUREAU_STAFF, jurisdiction=juris[code])
            logins.append(DemoLogin(str(Role.BUREAU_STAFF.label), username, juris[code].name))

        county = juris["410311-kjj"]
        rec = _user("recommender_luolong", "洛龙区科技局 推荐专员")
        assign(rec, Role.RECOMMENDER, jurisdiction=county, recommender_kind=RecommenderKind.COUNTY_BUREAU)
        logins.append(DemoLogin(str(Role.RECOMMENDER.label), rec.username, county.name))

        own = Alliance.objects.filter(jurisdiction=juris["kunming-kjj"], status=AllianceStatus.RECOGNISED).first()
        if own is not None:
            lead = _user("lead_kunming", "联盟办公室 刘主任", organisation=own.lead)
            assign(lead, Role.LEAD_UNIT, alliance=own)
            logins.append(DemoLogin(str(Role.LEAD_UNIT.label), lead.username, own.name))

        expert_org = Organisation.objects.filter(kind="university").order_by("id").first()
        if expert_org is not None:
            expert = _user("expert_demo", "评审专家 孙教授", organisation=expert_org)
            assign(expert, Role.EXPERT, organisation=expert_org)
            logins.append(DemoLogin(str(Role.EXPERT.label), expert.username, expert_org.name))

        fin = _user("finance_jiangning", "江宁区财政局 钱会计")
        assign(fin, Role.FINANCE, jurisdiction=juris["jiangning-kjj"])
        logins.append(DemoLogin(str(Role.FINANCE.label), fin.username, juris["jiangning-kjj"].name))
    return logins
