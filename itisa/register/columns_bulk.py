"""The register read straight into the engine's columns: one ``values_list`` pass per table, no model objects,
no facts per alliance (ADR 0017).

:func:`register_columns` gives what ``batch.register(facts_from_dict(f) for f in facts_of_alliances(...))``
gives — a test keeps the two equal — reading dates as day numbers computed by the database (no date object
per row) and each organisation's region path from one read of the region table. :func:`cached_register`
keeps the columns per register version (:mod:`itisa.register.version`), so a what-if on an unchanged
register does not read it again.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

import numpy as np
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from itisa.register.facts import FLAG_FIELDS
from itisa.register.models import Achievement, LevelRecord, Membership, Region
from itisa.register.version import register_version
from policy.api import batch

CACHE_SECONDS = 3600


class Ordinal(Func):
    """A date as ``date.toordinal()``, computed by the database (date subtraction, as PostgreSQL writes it)."""

    output_field = IntegerField()
    template = "((%(expressions)s) - DATE '0001-01-01' + 1)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # julianday('0001-01-01') = 1721425.5 and date(1, 1, 1).toordinal() = 1
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)",
                           **extra)


def _region_paths(codes: Any) -> dict[str | None, tuple[str, ...]]:
    """As :func:`itisa.register.facts_bulk._region_path`, once per region (one small query)."""
    out: dict[str | None, tuple[str, ...]] = {None: ()}
    for code, path, current in _rows(Region.objects.filter(code__in=set(codes) - {None}).order_by()
                                     .values_list("code", "path", "current_path")):
        codes = (current or path or "").split("/")
        out[code] = tuple(codes if code in codes else [*codes, code])
    return out


def _flag_columns(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """:func:`itisa.register.facts.flags_of` over columns (a test keeps the two equal)."""
    out = {}
    for flag, fields in FLAG_FIELDS.items():
        out[flag] = np.logical_and.reduce([cols[f] for f in fields])
    out["agreement"] = cols["agreement_signed_on"] | cols["agreement_signed_by_all"]
    out["full_time_staff"] = cols["full_time_staff"] > 0
    out["part_time_staff"] = cols["part_time_staff"] > 0
    outward = cols["outward_responsible_party_id"]
    out["outward_responsible_party"] = outward != 0
    out["lead_responsible_outward"] = (outward != 0) & (outward == cols["lead_id"])
    plans = cols["has_short_term_plan"] | cols["has_mid_term_plan"] | cols["has_long_term_plan"]
    out["development_plan"] = out["strategy_plan"] = plans
    return out


def _signatures(flags: dict[str, np.ndarray], where: np.ndarray, mc: list[tuple[Any, ...]], on: dt.date,
                n: int) -> None:
    """:func:`itisa.register.facts.with_signatures` over columns: once any member's signature is recorded,
    "signed by all" is whether every member active on *on* signed (``mc``: the membership columns)."""
    if not len(where):
        return
    signed = np.array(mc[9], dtype=bool)
    day = on.toordinal()
    active = (np.array(mc[7], dtype=np.int64) <= day) & (day < np.array(mc[8], dtype=np.int64))
    any_signed = np.bincount(where[signed], minlength=n) > 0
    n_active = np.bincount(where[active], minlength=n)
    all_signed = (n_active > 0) & (n_active == np.bincount(where[active & signed], minlength=n))
    flags["agreement_signed_by_all"] = np.where(any_signed, all_signed, flags["agreement_signed_by_all"])
    flags["agreement"] = flags["agreement"] | (any_signed & all_signed)


_BOOLS = tuple(dict.fromkeys([f for fields in FLAG_FIELDS.values() for f in fields]
                             + ["agreement_signed_by_all", "has_short_term_plan", "has_mid_term_plan",
                                "has_long_term_plan"]))


def _rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset as the database driver returns them: every column here is a
    number, a string or a boolean (0/1 on SQLite), so Django's per-value converters are skipped."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``code__in`` an empty set: nothing to ask the database
        return []
    with connections[queryset.db].cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    return list(zip(*rows, strict=True)) if rows else [()] * width


def register_columns(queryset: QuerySet[Any], *, on: dt.date, matters: bool = False) -> Any:
    """The engine's :class:`Register` of every alliance of ``queryset`` on ``on``, in primary-key order
    (``policy.batch.columns``). ``matters`` as in :func:`itisa.register.facts_bulk.facts_of_alliances`."""
    with batch.gc_paused():  # no cycles made: the collector walked the young rows again and again (~30 %)
        return _register_columns(queryset, on=on, matters=matters)


def _register_columns(queryset: QuerySet[Any], *, on: dt.date, matters: bool) -> Any:
    ids = queryset.order_by().values("pk")
    cols = _columns(_rows(queryset.order_by("pk").values_list(
        "pk", "kind", Ordinal("founded_on"), "lead_id", Coalesce("outward_responsible_party_id", 0),
        "full_time_staff", ExpressionWrapper(Q(agreement_signed_on__isnull=False), output_field=BooleanField()),
        "part_time_staff", *_BOOLS)), 8 + len(_BOOLS))
    pk = np.array(cols[0], dtype=np.int64)
    flag_in = {name: np.array(cols[8 + k], dtype=bool) for k, name in enumerate(_BOOLS)}
    flag_in["part_time_staff"] = np.array(cols[7], dtype=np.int64)
    flag_in["agreement_signed_on"] = np.array(cols[6], dtype=bool)
    flag_in["full_time_staff"] = np.array(cols[5], dtype=np.int64)
    flag_in["outward_responsible_party_id"] = np.array(cols[4], dtype=np.int64)
    flag_in["lead_id"] = np.array(cols[3], dtype=np.int64)
    alliances = {"id": pk.astype(str).tolist(), "kind": cols[1], "founded": cols[2],
                 "lead": np.array(cols[3], dtype=np.int64).astype(str).tolist(), "flags": _flag_columns(flag_in)}

    def pos(aids: tuple[Any, ...]) -> np.ndarray:
        return np.searchsorted(pk, np.array(aids, dtype=np.int64)) if aids else np.zeros(0, dtype=np.int64)

    mc = _columns(_rows(
        Membership.objects.filter(alliance__in=ids, joined_on__lte=on).order_by("alliance_id", "joined_on", "id")
        .values_list("alliance_id", "organisation_id", "organisation__kind", "organisation__region_id",
                     "organisation__legal_person", NullIf("organisation__chain_position", Value("")), "role",
                     Ordinal("joined_on"), Coalesce(Ordinal("left_on"), Value(batch.AFTER_ANY_DATE)),
                     "signed_agreement")), 10)
    _signatures(alliances["flags"], pos(mc[0]), mc, on, len(pk))
    members = {"alliance": pos(mc[0]), "org_id": np.array(mc[1], dtype=np.int64), "kind": mc[2],
               "region": mc[3], "paths": _region_paths(mc[3]), "legal_person": mc[4], "chain_position": mc[5],
               "role": mc[6], "joined": mc[7], "left": mc[8]}
    lc = _columns(_rows(
        LevelRecord.objects.filter(alliance__in=ids, from_date__lte=on).order_by("alliance_id", "from_date", "id")
        .values_list("alliance_id", "level", Ordinal("from_date"), Coalesce("jurisdiction__region_id", Value("")),
                     NullIf("document_number", Value("")), Coalesce(Ordinal("until"), Value(batch.AFTER_ANY_DATE)))), 6)
    levels = {"alliance": pos(lc[0]), "level": lc[1], "since": lc[2], "jurisdiction": lc[3], "doc_no": lc[4],
              "until": lc[5]}
    acc = _columns(_rows(
        Achievement.objects.filter(alliance__in=ids, achieved_on__lte=on)
        .order_by("alliance_id", F("achieved_on").desc(), "id")
        .values_list("alliance_id", "pk", "kind", Ordinal("achieved_on"), NullIf("standard_level", Value("")))), 5)
    achievements = {"alliance": pos(acc[0]), "id": [f"ach{x}" for x in acc[1]], "kind": acc[2], "date": acc[3],
                    "level": acc[4], "matter": [f"achievement:{x}" for x in acc[1]] if matters else None}
    return batch.columns(alliances, members, levels, achievements)


def _key(scope: str, on: dt.date, matters: bool) -> str:
    return f"itisa:register-columns:{scope}:{on.isoformat()}:{int(matters)}:{register_version()}"


def _cache() -> Any:
    """The cache shared by every process of the site (``CACHES["columns"]``: files on one machine, Redis when
    set), so the columns the task worker reads after a write are found by the web processes."""
    return caches["columns"]


def cached_register(scope: str, queryset: QuerySet[Any], *, on: dt.date, matters: bool = False,
                    key: str | None = None) -> tuple[str, Any]:
    """(key, :func:`register_columns`), kept in the cache under the register version: ``scope`` names the
    queryset (e.g. ``"bureau:12"``); any change of the register makes a new version, hence a new key."""
    key = key or _key(scope, on, matters)
    reg = _cache().get(key)
    if reg is None:
        reg = register_columns(queryset, on=on, matters=matters)
        _cache().set(key, reg, CACHE_SECONDS)
        _KEYS.add(key)
    return key, reg


def forget() -> None:
    """Drop what is cached (tests: a rolled-back database may give another register the same version; the
    benchmark: a cold read). A cache of its own (files, memory) is emptied; a shared Redis loses only the keys
    this process wrote and the warm-up's marks (``clear`` would empty the whole Redis database)."""
    c = _cache()
    if isinstance(c, FileBasedCache | LocMemCache):
        c.clear()
    else:
        c.delete_many([*_KEYS, RECENT, PENDING])
    _KEYS.clear()
    _PREPARED.clear()


_KEYS: set[str] = set()
_PREPARED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
PREPARED_KEPT = 4  # prepared registers kept in this process (each holds its columns)


def cached_prepared(scope: str, queryset: QuerySet[Any], pack: Any, *, on: dt.date, year: int | None = None,
                    matters: bool = False) -> Any:
    """``batch.prepare(pack, register, on, year)`` over :func:`cached_register`, the last few kept in this
    process (a prepared register holds compiled closures: it is not put in the shared cache)."""
    key = _key(scope, on, matters)
    pkey = (key, id(pack), pack.id, year)  # the pack object itself: a reloaded text is prepared again
    prepared = _PREPARED.get(pkey)
    if prepared is None:  # not prepared in this process: the columns from the shared cache, or read
        remember(scope, on, matters)
        _, reg = cached_register(scope, queryset, on=on, matters=matters, key=key)
        prepared = _PREPARED[pkey] = batch.prepare(pack, reg, on, year)
        while len(_PREPARED) > PREPARED_KEPT:
            _PREPARED.popitem(last=False)
    else:
        _PREPARED.move_to_end(pkey)
    return prepared


# Kept warm in the background (ADR 0017): the scopes whose what-if was run lately; after an audited write
# the task worker reads their columns for the new version, so the next what-if finds them in the cache.
RECENT = "itisa:register-columns:recent"
RECENT_KEPT = 8  # scopes kept warm
RECENT_SECONDS = 2 * 24 * 3600  # a scope nobody simulated for two days is no longer read after each write
PENDING = "itisa:register-columns:warm-pending"
PENDING_SECONDS = 600  # at most one warm-up queued per 10 minutes if no worker takes it


def remember(scope: str, on: dt.date, matters: bool) -> None:
    """Note that ``scope`` was simulated on ``on`` (the newest :data:`RECENT_KEPT` are kept)."""
    recent = dict(_cache().get(RECENT) or {})
    recent.pop((scope, on, matters), None)
    recent[(scope, on, matters)] = None  # insertion order: newest last
    _cache().set(RECENT, dict(list(recent.items())[-RECENT_KEPT:]), RECENT_SECONDS)


def recent() -> list[tuple[str, dt.date, bool]]:
    """The scopes simulated lately, newest last."""
    return list(_cache().get(RECENT) or {})


def warm_wanted() -> bool:
    """True once per burst of writes when some scope is to be kept warm: the caller queues one warm-up (the
    warm-up clears the mark when it starts, so a write made while it runs queues the next)."""
    return not _cache().has_key(PENDING) and bool(_cache().get(RECENT)) and _cache().add(PENDING, 1, PENDING_SECONDS)


def warm_failed() -> None:
    """The warm-up could not be queued: the next write may try again."""
    _cache().delete(PENDING)


def warm(scopes: Any) -> list[str]:
    """Read into the cache the columns of each ``(scope, queryset, on, matters)`` for the register's present
    version, unless already there; the keys read."""
    _cache().delete(PENDING)
    done = []
    for scope, queryset, on, matters in scopes:
        key = _key(scope, on, matters)
        if not _cache().has_key(key):
            cached_register(scope, queryset, on=on, matters=matters, key=key)
            done.append(key)
    return done
