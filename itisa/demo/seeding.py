"""The demo data set: a synthetic register (bulk), one login per role, and the stories of
``itisa.demo.stories`` driven through the real services so that every page has data in every
state. All logins share one password. Running it again skips what is already there."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from itisa.accounts.models import RecommenderKind, Role, User
from itisa.demo.stories import Cast, DemoLogin, assign, demo_user, render_pending_certificates, seed_stories
from itisa.register.models import Alliance, Jurisdiction
from itisa.register.synthetic import generate_register

DEMO_PASSWORD = "demo-2026-lianmeng"

__all__ = ["DEMO_PASSWORD", "DemoLogin", "demo_hints", "seed_demo"]

BUREAU_STAFF = (
    ("kunming-kjj", "staff_kunming", "昆明市科技局 王科长"),
    ("luoyang-kjj", "staff_luoyang", "洛阳市科技局 李科长"),
    ("jiangning-kjj", "staff_jiangning", "江宁区科技局 赵科长"),
    ("weinan-kjj", "staff_weinan", "渭南市科技局 陈科长"),
    ("henan-kjt", "staff_henan", "河南省科技厅 周处长"),
    ("yunnan-kjt", "staff_yunnan", "云南省科技厅 杨处长"),  # records the provincial recognitions it makes
)
RECOMMENDERS = (
    ("410311-kjj", "recommender_luolong", "洛龙区科技局 推荐专员"),  # Luoyang 第七条(二), Henan 第六条
    ("610502-kjj", "recommender_linwei", "临渭区科技局 推荐专员"),  # Weinan 11, 14
)
FINANCE = (
    ("kunming-kjj", "finance_kunming", "昆明市财政局 段会计"),
    ("luoyang-kjj", "finance_luoyang", "洛阳市财政局 郭会计"),
    ("jiangning-kjj", "finance_jiangning", "江宁区财政局 钱会计"),
    ("weinan-kjj", "finance_weinan", "渭南市财政局 韩会计"),
)


# Bureau administrators: grant and revoke the roles of their own bureau on /accounts/roles/.
BUREAU_ADMINS = (("luoyang-kjj", "roles_luoyang", "洛阳市科技局 系统管理员"),)


def _people(juris: dict[str, Jurisdiction]) -> tuple[dict[str, User], list[DemoLogin]]:
    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    admin = demo_user("admin", "系统管理员", superuser=True)
    users["admin"] = admin
    logins.append(DemoLogin("admin", admin.username, "—"))
    for code, username, name in BUREAU_STAFF:
        users[username] = user = demo_user(username, name)
        assign(user, Role.BUREAU_STAFF, jurisdiction=juris[code])
        logins.append(DemoLogin(str(Role.BUREAU_STAFF.label), username, juris[code].name))
    for code, username, name in RECOMMENDERS:
        users[username] = user = demo_user(username, name)
        assign(user, Role.RECOMMENDER, jurisdiction=juris[code], recommender_kind=RecommenderKind.COUNTY_BUREAU)
        logins.append(DemoLogin(str(Role.RECOMMENDER.label), username, juris[code].name))
    for code, username, name in FINANCE:
        users[username] = user = demo_user(username, name)
        assign(user, Role.FINANCE, jurisdiction=juris[code])
        logins.append(DemoLogin(str(Role.FINANCE.label), username, juris[code].name))
    for code, username, name in BUREAU_ADMINS:
        users[username] = user = demo_user(username, name)
        assign(user, Role.BUREAU_ADMIN, jurisdiction=juris[code])
        logins.append(DemoLogin(str(Role.BUREAU_ADMIN.label), username, juris[code].name))
    # Fresh objects: the role cache of a user is filled on first use.
    return {k: User.objects.get(pk=u.pk) for k, u in users.items()}, logins


# The texts that revoke (撤销/取消资格), with the article and wording each gives; under the other texts a
# generated "revoked" alliance is shown as dissolved, so the register and the revoked list count the same.
REVOKING_TEXTS = {
    "530100-kunming": ("530100-kunming/2016", "第十四条", "周期考核不合格，取消联盟资格并公示"),
    "610500-weinan": ("610500-weinan/2015", "15", "未按期复审，撤销联盟资质"),
}


def _revocations_for_generated(today: date) -> int:
    """Every generated alliance in the revoked state gets its public revocation entry (bulk, like the generator:
    the demo's background register is not a story told through the services)."""
    from datetime import timedelta

    from itisa.register.models import AllianceStatus
    from itisa.supervision.models import Revocation

    revoked = (
        Alliance.objects.filter(status=AllianceStatus.REVOKED, revocation__isnull=True)
        .select_related("jurisdiction")
        .prefetch_related("level_history")
    )
    rows, dissolved = [], []
    for a in revoked:
        text = REVOKING_TEXTS.get(a.jurisdiction.policy_pack)
        if text is None:
            dissolved.append(a.pk)
            continue
        since = max((lv.from_date for lv in a.level_history.all()), default=a.founded_on)
        on = min(since + timedelta(days=3 * 365), today)
        rows.append(
            Revocation(
                alliance=a,
                pack_id=text[0],
                article=text[1],
                reason=text[2],
                decided_on=on,
                published_on=on,
                publication_required=True,
            )
        )
    Revocation.objects.bulk_create(rows)
    Alliance.objects.filter(pk__in=dissolved).update(status=AllianceStatus.DISSOLVED)
    return len(rows)


def seed_demo(
    *, alliances: int, today: date, strict: bool = True, failed: dict[str, str] | None = None
) -> list[DemoLogin]:
    """Create the demo set; running again only adds what is missing and re-reads the logins. Without
    *strict* a story that fails is skipped (rolled back) and reported in *failed* instead of raised."""
    with transaction.atomic():
        if not Alliance.objects.exists():
            generate_register(alliances=alliances, seed=20261121, today=today)
            _revocations_for_generated(today)
        juris = {j.code: j for j in Jurisdiction.objects.select_related("region")}
        users, logins = _people(juris)
    cast = Cast(today=today, admin=users["admin"], juris=juris, users=users)
    problems = seed_stories(cast, strict=strict)
    if failed is not None:
        failed.update(problems)
    render_pending_certificates(cast.admin)
    _certificates_follow_the_address(cast.admin)
    _an_export(users["staff_kunming"])
    for profile in cast.experts:
        logins.append(DemoLogin(str(Role.EXPERT.label), profile.user.username, profile.organisation.name))
    return logins + cast.leads


def _an_export(staff: User) -> None:
    """"My exports" of Kunming's staff holds one workbook, built the way a long list's is (ADR 0019)."""
    from django.urls import reverse

    from itisa.exports.build import build
    from itisa.exports.models import ExportJob
    from itisa.exports.services import export_start

    if ExportJob.objects.filter(requester=staff).exists():
        return
    path = reverse("staff:alliances")
    rows = Alliance.objects.count()
    build(export_start(actor=staff, kind="alliances", path=path, query="export=xlsx", language="zh-hans", rows=rows))


def _certificates_follow_the_address(admin: User) -> int:
    """The certificates' QR codes carry ``ITISA_PUBLIC_URL``; ``make demo`` sets it to the address it serves. When
    the demo is served elsewhere than last time, its certificates are rendered again (returns how many)."""
    from pathlib import Path

    from django.conf import settings

    from itisa.recognition.models import Recognition
    from itisa.recognition.services import recognition_render_documents

    marker = Path(settings.MEDIA_ROOT) / "demo-public-url.txt"
    url = settings.ITISA_PUBLIC_URL
    before = marker.read_text(encoding="utf-8").strip() if marker.exists() else url
    n = 0
    if before != url:
        for r in Recognition.objects.filter(document__isnull=False).order_by("pk"):
            recognition_render_documents(actor=admin, recognition=r, force=True)
            n += 1
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(url, encoding="utf-8")
    return n


def demo_hints() -> list[str]:
    """Things to try in the demo: a certificate's verification code, the open notice."""
    from django.urls import reverse

    from itisa.notices.models import NoticeStatus, PublicNotice
    from itisa.recognition.models import Recognition

    lines = []
    r = Recognition.objects.filter(alliance__name="昆明花卉产业技术创新战略联盟").first()
    if r is not None:
        lines.append(
            f"Certificate {r.document_number} ({r.name}): verification code {r.verification_code} "
            f"({reverse('recognition:verify', args=[r.verification_code])})"
        )
    notice = PublicNotice.objects.filter(status=NoticeStatus.PUBLISHED).order_by("-published_on").first()
    if notice is not None:
        lines.append(
            f"Public notice open {notice.published_on} … {notice.ends_on}: {notice.title} "
            f"({reverse('public:notice', args=[notice.pk])})"
        )
    return lines
