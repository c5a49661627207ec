"""The dashboard's aggregations: each one ``values().annotate()`` query over the alliances the user may see
(the bureau scope of ``itisa.access``, docs/access.md; money: the ledgers of the user's own funds), so a page costs the same number of queries whatever the register's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from itisa.access import visible_to
from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Alliance, LevelRecord, Membership, Region
from itisa.supervision.models import Deadline, DeadlineStatus, Grade

DASHBOARD_ROLES = (Role.BUREAU_STAFF, Role.FINANCE)


def scoped_ids(user: Any) -> QuerySet[Alliance, Any]:
    """The ids of the alliances in the user's bureau scope, as a sub-query (no row repeated, nothing fetched)."""
    return visible_to(user, "dashboards.view_alliance").values("pk")


def alliances(user: Any) -> QuerySet[Alliance]:
    return Alliance.objects.filter(pk__in=scoped_ids(user)).order_by()


def by_status(user: Any) -> list[dict[str, Any]]:
    return list(alliances(user).values("status").annotate(n=Count("pk")).order_by("status"))


def by_level(user: Any) -> list[dict[str, Any]]:
    return list(alliances(user).values("level").annotate(n=Count("pk")).order_by("level"))


def by_field(user: Any) -> list[dict[str, Any]]:
    return list(alliances(user).values("industry_field__name", "industry_field__jurisdiction__name")
                .annotate(n=Count("pk")).order_by("-n", "industry_field__name"))


def by_region(user: Any) -> list[dict[str, Any]]:
    return list(alliances(user).values("region_id", "region__name").annotate(n=Count("pk"))
                .order_by("-n", "region_id"))


def founded_by_year_and_status(user: Any) -> list[dict[str, Any]]:
    return list(alliances(user).annotate(year=ExtractYear("founded_on")).values("year", "status")
                .annotate(n=Count("pk")).order_by("year", "status"))


def recognised_by_year_and_level(user: Any) -> list[dict[str, Any]]:
    return list(LevelRecord.objects.filter(alliance__in=scoped_ids(user)).annotate(year=ExtractYear("from_date"))
                .values("year", "level").annotate(n=Count("pk")).order_by("year", "level"))


def money_by_year_fund_article(user: Any) -> list[dict[str, Any]]:
    return list(visible_to(user, "funding.view_ledger").annotate(year=ExtractYear("booked_on"))
                .values("year", "fund__name", "article", "kind").annotate(total=Sum("amount"))
                .order_by("year", "fund__name", "article", "kind"))


def grades_by_year(user: Any) -> list[dict[str, Any]]:
    return list(Grade.objects.filter(alliance__in=scoped_ids(user)).values("year", "kind", "grade_label")
                .annotate(n=Count("pk")).order_by("year", "kind", "grade_label"))


OPEN = (DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.OVERDUE)


def deadline_counts(user: Any, today: date, horizon: int = 60) -> dict[str, int]:
    """Open deadlines: overdue (past their date), due within *horizon* days, later, and with no date set."""
    open_ = Q(status__in=OPEN)
    return Deadline.objects.filter(alliance__in=scoped_ids(user)).aggregate(
        overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
        coming=Count("pk", filter=open_ & Q(due_on__gte=today, due_on__lte=today + timedelta(days=horizon))),
        later=Count("pk", filter=open_ & Q(due_on__gt=today + timedelta(days=horizon))),
        unscheduled=Count("pk", filter=Q(status=DeadlineStatus.UNSCHEDULED)),
    )


def deadlines_overdue(user: Any, today: date, limit: int = 20) -> list[Deadline]:
    return list(Deadline.objects.filter(alliance__in=scoped_ids(user), status__in=OPEN, due_on__lt=today)
                .select_related("alliance").order_by("due_on", "alliance__name")[:limit])


def deadlines_coming(user: Any, today: date, horizon: int = 60, limit: int = 20) -> list[Deadline]:
    return list(Deadline.objects.filter(alliance__in=scoped_ids(user), status__in=OPEN, due_on__gte=today,
                                        due_on__lte=today + timedelta(days=horizon))
                .select_related("alliance").order_by("due_on", "alliance__name")[:limit])


# ---------------------------------------------------------------- targets a text sets


@dataclass(frozen=True)
class Target:
    id: str
    zh: str
    en: str
    minimum: int


@dataclass(frozen=True)
class TextTargets:
    """Overall targets a regulation sets for its district (not rules about one alliance, so not in the pack:
    the pack lists the article under ``not_encoded`` as dashboard figures)."""

    pack: str
    doc: str
    article: str
    quote: str
    region: str
    by: date
    targets: tuple[Target, ...]
    # Reading of “区域龙头企业、高校院所、科研院所（新型研发机构）”: these organisation kinds.
    participant_kinds: tuple[str, ...]


JIANGNING_2020 = TextTargets(
    pack="320115-jiangning/2019", doc="江宁区产业技术创新战略联盟认定管理暂行办法", article="第四条",
    quote="到 2020 年……组建 3 个以上区级产业技术创新战略联盟，备案认定 1 家以上省级产业技术创新战略联盟；支持 5 家以上"
          "区域龙头企业、高校院所、科研院所（新型研发机构）参与国家产业技术创新战略联盟建设。",
    region="320115", by=date(2020, 12, 31),
    targets=(
        Target("district_alliances", "组建 3 个以上区级产业技术创新战略联盟",
               "At least 3 district-level alliances formed (recognised at district level)", 3),
        Target("provincial_alliances", "备案认定 1 家以上省级产业技术创新战略联盟",
               "At least 1 alliance recognised at provincial level", 1),
        Target("national_participants", "支持 5 家以上区域龙头企业、高校院所、科研院所（新型研发机构）参与国家产业技术创新战略联盟建设",
               "At least 5 district enterprises, universities or institutes taking part in national alliances", 5),
    ),
    participant_kinds=("enterprise", "university", "vocational_college", "research_institute", "new_rnd_institution"),
)
TEXT_TARGETS = (JIANGNING_2020,)


def covers_region(user: Any, region: Region) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    for a in role_assignments_of(user):
        if a.role in DASHBOARD_ROLES and a.jurisdiction is not None:
            home = a.jurisdiction.region
            if home is None or region.path.startswith(home.path):
                return True
    return False


def target_progress(spec: TextTargets, today: date, region: Region | None = None) -> dict[str, dict[str, int]]:
    """Counts at the text's date and today, in two queries (no row fetched):

    * district / provincial alliances: alliances registered in the district with a district (provincial) level
      record starting on or before the day;
    * national participants: distinct organisations registered in the district, of the kinds the text names,
      whose membership overlapped the national level of an alliance (anywhere) by the day.
    """
    region = region or Region.objects.only("path").get(code=spec.region)
    in_region = Q(alliance__region__path__startswith=region.path)
    levels = LevelRecord.objects.filter(in_region, level__in=("district", "provincial")).aggregate(
        district_by=Count("alliance", distinct=True, filter=Q(level="district", from_date__lte=spec.by)),
        district_now=Count("alliance", distinct=True, filter=Q(level="district", from_date__lte=today)),
        provincial_by=Count("alliance", distinct=True, filter=Q(level="provincial", from_date__lte=spec.by)),
        provincial_now=Count("alliance", distinct=True, filter=Q(level="provincial", from_date__lte=today)),
    )

    def overlap(day: date) -> Q:
        nat = "alliance__level_history__"
        return (Q(**{f"{nat}level": "national", f"{nat}from_date__lte": day}) & Q(joined_on__lte=day)
                & (Q(left_on__isnull=True) | Q(left_on__gt=F(f"{nat}from_date"))))

    members = Membership.objects.filter(organisation__region__path__startswith=region.path,
                                        organisation__kind__in=spec.participant_kinds).aggregate(
        by=Count("organisation", distinct=True, filter=overlap(spec.by)),
        now=Count("organisation", distinct=True, filter=overlap(today)),
    )
    return {
        "district_alliances": {"by": levels["district_by"], "now": levels["district_now"]},
        "provincial_alliances": {"by": levels["provincial_by"], "now": levels["provincial_now"]},
        "national_participants": {"by": members["by"], "now": members["now"]},
    }


def targets_for(user: Any, today: date) -> list[dict[str, Any]]:
    out = []
    regions = {r.code: r for r in Region.objects.filter(code__in=[t.region for t in TEXT_TARGETS])}
    for spec in TEXT_TARGETS:
        region = regions.get(spec.region)
        if region is None or not covers_region(user, region):
            continue
        counts = target_progress(spec, today, region)
        rows = [{"target": t, "by": counts[t.id]["by"], "now": counts[t.id]["now"],
                 "met": counts[t.id]["by"] >= t.minimum} for t in spec.targets]
        out.append({"spec": spec, "rows": rows, "region": region, "past": today > spec.by})
    return out
