"""Build :class:`policy.types.Facts` from plain data (a YAML or JSON facts file, or a dict)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .dates import parse_date, region_path
from .types import (
    LEVELS,
    MEMBER_KINDS,
    Achievement,
    Event,
    Facts,
    Grade,
    LevelRecord,
    Member,
    Payment,
    Rectification,
    Report,
)

_EVENT_KEYS = {"id", "kind", "date", "year", "base", "decided", "matter", "payee", "level", "flags"}


class FactsError(ValueError):
    pass


def _dec(v: Any) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, float):
        v = repr(v)
    return Decimal(str(v))


def _member(d: dict[str, Any]) -> Member:
    kind = d.get("kind", "other")
    if kind not in MEMBER_KINDS:
        raise FactsError(f"member {d.get('org_id')!r}: unknown kind {kind!r} (one of {', '.join(MEMBER_KINDS)})")
    region = str(d.get("region", "") or "")
    path = d.get("region_path")
    pos = d.get("chain_position")
    if pos not in (None, "up", "mid", "down"):
        raise FactsError(f"member {d.get('org_id')!r}: chain_position must be up|mid|down")
    return Member(
        org_id=str(d["org_id"]), name=d.get("name", ""), kind=kind, region=region,
        region_path=tuple(str(x) for x in path) if path else region_path(region),
        legal_person=bool(d.get("legal_person", True)), chain_position=pos,
        role=d.get("role", "member"), joined=parse_date(d.get("joined")), left=parse_date(d.get("left")),
    )


def facts_from_dict(d: dict[str, Any]) -> Facts:
    """Facts from a mapping; see docs/policy/facts.md for the format."""
    members = tuple(_member(m) for m in d.get("members", ()))
    lead = d.get("lead")
    if lead is None:
        leads = [m.org_id for m in members if m.role == "lead"]
        lead = leads[0] if leads else None
    levels = []
    for r in d.get("levels", ()):
        if r["level"] not in LEVELS:
            raise FactsError(f"unknown level {r['level']!r} (one of {', '.join(LEVELS)})")
        levels.append(LevelRecord(
            level=r["level"], since=parse_date(r.get("since") or r.get("from")),  # type: ignore[arg-type]
            jurisdiction=str(r.get("jurisdiction", "") or ""), doc_no=r.get("doc_no"),
            until=parse_date(r.get("until")), recommended_by=r.get("recommended_by")))
    events = []
    for i, e in enumerate(d.get("events", ())):
        events.append(Event(
            id=str(e.get("id", f"e{i + 1}")), kind=e["kind"], date=parse_date(e.get("date")),
            year=e.get("year"), base=_dec(e.get("base")), decided=_dec(e.get("decided")),
            matter=e.get("matter"), payee=e.get("payee"), level=e.get("level"),
            flags=frozenset(e.get("flags", ())),
            data=tuple(sorted((k, v) for k, v in e.items() if k not in _EVENT_KEYS))))
    return Facts(
        id=str(d.get("id", "")), name=d.get("name", ""), field=d.get("field"), kind=d.get("kind", "rd"),
        founded=parse_date(d.get("founded")), region=str(d.get("region", "") or ""), lead=lead,
        members=members, levels=tuple(levels), flags=frozenset(d.get("flags", ())),
        achievements=tuple(
            Achievement(id=str(a.get("id", f"a{i + 1}")), kind=a["kind"], date=parse_date(a.get("date")),
                        level=a.get("level"), matter=a.get("matter"))
            for i, a in enumerate(d.get("achievements", ()))),
        reports=tuple(Report(kind=r["kind"], year=r.get("year"), filed=parse_date(r.get("filed")))
                      for r in d.get("reports", ())),
        grades=tuple(Grade(year=int(g["year"]), grade=str(g["grade"]), kind=g.get("kind", "yearly"),
                           date=parse_date(g.get("date"))) for g in d.get("grades", ())),
        events=tuple(events),
        payments=tuple(
            Payment(id=str(p.get("id", f"p{i + 1}")), article=str(p.get("article", "")), amount=_dec(p["amount"]),  # type: ignore[arg-type]
                    date=parse_date(p.get("date")), matter=p.get("matter"), payee=p.get("payee"),
                    rule=p.get("rule"), source=p.get("source"), year=p.get("year"))
            for i, p in enumerate(d.get("payments", ()))),
        rectifications=tuple(
            Rectification(ordered=parse_date(r["ordered"]), due=parse_date(r.get("due")),  # type: ignore[arg-type]
                          result=r.get("result"), year=r.get("year"))
            for r in d.get("rectifications", ())),
    )


def load_facts(path: str | Path) -> list[Facts]:
    """Read a facts file (YAML or JSON): one alliance, or a list, or {alliances: [...]}."""
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    if isinstance(data, dict) and "alliances" in data:
        data = data["alliances"]
    if isinstance(data, dict):
        data = [data]
    return [facts_from_dict(x) for x in data]
