"""The dashboard's aggregations over the alliances the user may see (the bureau scope of ``itisa.access``,
docs/access.md, read once per request as a ``Scope``, with what the register figures count; the other figures
one ``values().annotate()`` query each; money: the ledgers of the user's own funds), so a page costs the same
number of queries whatever the register's size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear

from itisa.access import visible_to
from itisa.accounts.models import Role
from itisa.accounts.selectors import role_assignments_of
from itisa.register.models import Alliance, IndustryField, LevelRecord, Membership, Region
from itisa.supervision.models import Deadline, DeadlineStatus, Grade
from policy.api import Targets, all_packs
from policy.api import targets as policy_targets

DASHBOARD_ROLES = (Role.BUREAU_STAFF, Role.FINANCE)


# What the register figures count of each alliance in scope, read with the scope itself (``scope_of``): one row
# per alliance and level record (an alliance without one: one row, the last two columns None).
ROW = ("pk", "status", "level", "founded_on", "industry_field_id", "region_id", "level_history__from_date",
       "level_history__level")


@dataclass(frozen=True)
class Scope:
    """The alliances in the user's bureau scope (``itisa.access``, docs/access.md), decided once per request:
    the scope is read once (one query, ``rows``); the other figures filter on its ids when it is small, and
    on it as a sub-query when it is large — the database then joins rather than parse and match thousands
    of literal ids in each figure (docs/benchmarks.md, "The dashboard's scope")."""

    user: Any
    ids: tuple[int, ...] | None  # None: no list (every alliance, or ``sub``)
    sub: QuerySet[Any] | RawSQL | None = None  # the scope as a sub-query of ids, when too large for a list
    # The scope's alliances and level records as ``ROW`` tuples, read by the query that decides list or
    # sub-query: the register figures are counted from them, not asked of the database again.
    rows: tuple[tuple[Any, ...], ...] | None = None

    def filter(self, qs: QuerySet[Any], field: str = "pk") -> QuerySet[Any]:
        if self.sub is not None:
            return qs.filter(**{f"{field}__in": self.sub})
        return qs if self.ids is None else qs.filter(**{f"{field}__in": self.ids})


IDS_AT_MOST = 500  # measured: bench/dashboard_scope.py


def scope_of(user: Any, ids_at_most: int | None = None) -> Scope:
    """One query: the alliances in scope with the columns the register figures count (``ROW``)."""
    limit = IDS_AT_MOST if ids_at_most is None else ids_at_most
    qs = visible_to(user, "dashboards.view_alliance").order_by()
    rows = tuple(qs.values_list(*ROW))
    if not qs.query.where:
        return Scope(user, None, rows=rows)
    ids = {r[0] for r in rows}
    if len(ids) > limit:
        return Scope(user, None, compiled(qs.values("pk")), rows)
    return Scope(user, tuple(sorted(ids)), rows=rows)


def compiled(qs: QuerySet[Any]) -> RawSQL:
    """The scope's sub-query compiled once per request: Django would compile the access module's sub-queries
    again for every figure that filters on it (about 1 ms of CPU each on a bureau's scope)."""
    sql, params = qs.query.sql_with_params()
    return RawSQL(sql, params)  # noqa: S611 - Django's own SQL of the access module's queryset, params apart


def alliances(scope: Scope) -> QuerySet[Alliance]:
    return scope.filter(Alliance.objects.order_by())


def register_rows(scope: Scope) -> tuple[tuple[Any, ...], ...]:
    return scope.rows if scope.rows is not None else tuple(alliances(scope).values_list(*ROW))


def register_figures(scope: Scope) -> dict[str, list[dict[str, Any]]]:
    """The alliances by status, level, industry field, region, and founding year × status, counted from the
    scope's rows (formerly five grouped queries, each running the scope's sub-query again); the names of the
    fields and regions met are read in two small queries. Same rows, same order as those queries gave on
    PostgreSQL: by status, by level, by (-count, field name; no field last), by (-count, region code), by
    (year, status)."""
    once = {r[0]: r for r in register_rows(scope)}.values()  # one row per alliance
    _pk, statuses, levels, founded_on, fields, regions, _f, _l = list(zip(*once, strict=True)) or [()] * len(ROW)
    status, level, field_ids, region_ids = Counter(statuses), Counter(levels), Counter(fields), Counter(regions)
    founded = Counter(zip([d.year for d in founded_on], statuses, strict=True))
    names = {pk: (name, j) for pk, name, j in IndustryField.objects.filter(pk__in=[f for f in field_ids if f])
             .values_list("pk", "name", "jurisdiction__name")}
    by_field: Counter[tuple[str | None, str | None]] = Counter()
    for field_id, n in field_ids.items():
        by_field[names.get(field_id, (None, None)) if field_id else (None, None)] += n
    region_names = dict(Region.objects.filter(code__in=sorted(region_ids)).values_list("code", "name"))
    return {
        "status": [{"status": k, "n": status[k]} for k in sorted(status)],
        "level": [{"level": k, "n": level[k]} for k in sorted(level)],
        "field": [{"industry_field__name": f, "industry_field__jurisdiction__name": j, "n": n}
                  for (f, j), n in sorted(by_field.items(),
                                          key=lambda i: (-i[1], i[0][0] is None, i[0][0] or "", i[0][1] or ""))],
        "region": [{"region_id": k, "region__name": region_names.get(k), "n": n}
                   for k, n in sorted(region_ids.items(), key=lambda i: (-i[1], i[0]))],
        "founded": [{"year": y, "status": st, "n": n} for (y, st), n in sorted(founded.items())],
    }


def recognised_by_year_and_level(scope: Scope) -> list[dict[str, Any]]:
    """Level records of the alliances in scope by the year they start and level (the scope's rows hold them)."""
    if scope.rows is not None:
        n = Counter((r[6].year, r[7]) for r in scope.rows if r[6] is not None)
        return [{"year": y, "level": lv, "n": n[(y, lv)]} for y, lv in sorted(n)]
    return list(scope.filter(LevelRecord.objects.order_by(), "alliance_id").annotate(year=ExtractYear("from_date"))
                .values("year", "level").annotate(n=Count("pk")).order_by("year", "level"))


def money_by_year_fund_article(user: Any) -> list[dict[str, Any]]:
    return list(visible_to(user, "funding.view_ledger").annotate(year=ExtractYear("booked_on"))
                .values("year", "fund__name", "article", "kind").annotate(total=Sum("amount"))
                .order_by("year", "fund__name", "article", "kind"))


def grades_by_year(scope: Scope) -> list[dict[str, Any]]:
    return list(scope.filter(Grade.objects.order_by(), "alliance_id").values("year", "kind", "grade_label")
                .annotate(n=Count("pk")).order_by("year", "kind", "grade_label"))


OPEN = (DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.OVERDUE)


def deadline_counts(scope: Scope, today: date, horizon: int = 60) -> dict[str, int]:
    """Open deadlines: overdue (past their date), due within *horizon* days, later, and with no date set."""
    open_ = Q(status__in=OPEN)
    return scope.filter(Deadline.objects.order_by(), "alliance_id").aggregate(
        overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
        coming=Count("pk", filter=open_ & Q(due_on__gte=today, due_on__lte=today + timedelta(days=horizon))),
        later=Count("pk", filter=open_ & Q(due_on__gt=today + timedelta(days=horizon))),
        unscheduled=Count("pk", filter=Q(status=DeadlineStatus.UNSCHEDULED)),
    )


def deadlines_overdue(scope: Scope, today: date, limit: int = 20) -> list[Deadline]:
    return list(scope.filter(Deadline.objects.all(), "alliance_id").filter(status__in=OPEN, due_on__lt=today)
                .select_related("alliance").order_by("due_on", "alliance__name")[:limit])


def deadlines_coming(scope: Scope, today: date, horizon: int = 60, limit: int = 20) -> list[Deadline]:
    return list(scope.filter(Deadline.objects.all(), "alliance_id").filter(status__in=OPEN, due_on__gte=today,
                                        due_on__lte=today + timedelta(days=horizon))
                .select_related("alliance").order_by("due_on", "alliance__name")[:limit])


# ---------------------------------------------------------------- targets a text sets


def text_targets() -> list[Targets]:
    """Overall targets the texts set for their regions (a pack's ``targets`` section, e.g. Jiangning 第四条),
    read from the packs through the policy API."""
    found = [policy_targets(p) for p in sorted(all_packs().values(), key=lambda p: p.id)]
    return [t for t in found if t is not None]


def covers_region(user: Any, region: Region) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    for a in role_assignments_of(user):
        if a.role in DASHBOARD_ROLES and a.jurisdiction is not None:
            home = a.jurisdiction.region
            if home is None or region.path.startswith(home.path):
                return True
    return False


def target_progress(spec: Targets, today: date, region: Region | None = None) -> dict[str, dict[str, int]]:
    """Each target's count on the text's date and today, one query per measure (no row fetched):

    * ``alliances_at_level``: alliances registered in the region with a level record of that level starting on
      or before the day;
    * ``organisations_in_level``: distinct organisations registered in the region (of the kinds the item names)
      whose membership overlapped that level of an alliance (anywhere) by the day.
    """
    region = region or Region.objects.only("path").get(code=spec.region)
    days = {"by": spec.by, "now": today}
    out: dict[str, dict[str, int]] = {}
    levels = [i for i in spec.items if i.measure == "alliances_at_level"]
    if levels:
        counts = LevelRecord.objects.filter(alliance__region__path__startswith=region.path).aggregate(**{
            f"{i.id}__{k}": Count("alliance", distinct=True, filter=Q(level=i.level, from_date__lte=d))
            for i in levels for k, d in days.items()})
        out.update({i.id: {k: counts[f"{i.id}__{k}"] for k in days} for i in levels})
    lvl = "alliance__level_history__"
    codes: list[str] = []
    for i in spec.items:
        if i.measure != "organisations_in_level":
            continue
        # The region's codes as a list, not a join on their path: PostgreSQL then knows how many organisations
        # each code holds and starts from the few level records (62 → 17 ms, docs/benchmarks.md).
        codes = codes or list(Region.objects.filter(path__startswith=region.path).values_list("code", flat=True))
        members = Membership.objects.filter(organisation__region_id__in=codes)
        if i.kinds:
            members = members.filter(organisation__kind__in=i.kinds)

        def overlap(day: date, level: str = i.level) -> Q:
            return (Q(**{f"{lvl}level": level, f"{lvl}from_date__lte": day}) & Q(joined_on__lte=day)
                    & (Q(left_on__isnull=True) | Q(left_on__gt=F(f"{lvl}from_date"))))

        # Only rows that overlap by the last day can count on any day: the database drops the rest first.
        counts = members.filter(overlap(max(days.values()))).aggregate(
            **{k: Count("organisation", distinct=True, filter=overlap(d)) for k, d in days.items()})
        out[i.id] = {k: counts[k] for k in days}
    return out


def targets_for(user: Any, today: date) -> list[dict[str, Any]]:
    out = []
    specs = text_targets()
    regions = {r.code: r for r in Region.objects.filter(code__in=[t.region for t in specs])}
    for spec in specs:
        region = regions.get(spec.region)
        if region is None or not covers_region(user, region):
            continue
        counts = target_progress(spec, today, region)
        rows = [{"target": t, "by": counts[t.id]["by"], "now": counts[t.id]["now"],
                 "met": counts[t.id]["by"] >= t.minimum} for t in spec.items]
        out.append({"spec": spec, "rows": rows, "region": region, "past": today > spec.by})
    return out
