"""Build :class:`policy.types.Facts` from plain data (a YAML or JSON facts file, or a dict).

The door of the engine: every document is checked against the one definition of the format
(:mod:`policy.facts_schema`) first, and refused with a :class:`FactsError` listing every problem."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .dates import parse_date, region_path
from .errors import FactsError, Problem
from .facts_schema import EVENT, problems
from .types import (
    Achievement,
    Event,
    Facts,
    Grade,
    LevelRecord,
    Member,
    Objection,
    Payment,
    Rectification,
    Report,
)

_EVENT_KEYS = {"id", "kind", "date", "year", "base", "decided", "matter", "payee", "level", "flags"}


__all__ = ["FactsError", "event_from_dict", "facts_from_dict", "load_facts"]


def _dec(v: Any) -> Decimal | None:
    if v is None or isinstance(v, Decimal):
        return v
    return Decimal(str(v))  # a string or an int: the door refused floats


def _member(d: dict[str, Any]) -> Member:
    kind = d.get("kind", "other")
    region = str(d.get("region", "") or "")
    path = d.get("region_path")
    pos = d.get("chain_position")
    return Member(
        org_id=str(d["org_id"]), name=d.get("name", ""), kind=kind, region=region,
        region_path=tuple(str(x) for x in path) if path else region_path(region),
        legal_person=bool(d.get("legal_person", True)), chain_position=pos,
        role=d.get("role", "member"), joined=parse_date(d.get("joined")), left=parse_date(d.get("left")),
        flags=frozenset(d.get("flags") or ()),
    )


def _event(i: int, e: Mapping[str, Any]) -> Event:
    return Event(
        id=str(e.get("id", f"e{i + 1}")), kind=e["kind"], date=parse_date(e.get("date")),
        year=e.get("year"), base=_dec(e.get("base")), decided=_dec(e.get("decided")),
        matter=e.get("matter"), payee=None if e.get("payee") is None else str(e["payee"]), level=e.get("level"),
        flags=frozenset(e.get("flags", ())),
        data=tuple(sorted((k, v) for k, v in e.items() if k not in _EVENT_KEYS)))


def event_from_dict(e: Mapping[str, Any], *, path: str = "event") -> Event:
    """One claim (an event of the facts format), validated; :class:`FactsError` lists what is wrong."""
    found = problems(e, path, EVENT)
    if found:
        raise FactsError(found)
    return _event(0, e)


def facts_from_dict(d: Mapping[str, Any], *, path: str = "") -> Facts:
    """Facts from a mapping (docs/policy/facts.md, docs/policy/facts.schema.json).

    Raises :class:`FactsError` with every problem found, each with its path under ``path``."""
    found = problems(d, path)
    if found:
        raise FactsError(found)
    return _build(d)


def _build(d: Mapping[str, Any]) -> Facts:
    members = tuple(_member(m) for m in d.get("members", ()))
    lead = d.get("lead")
    if lead is None:
        leads = [m.org_id for m in members if m.role == "lead"]
        lead = leads[0] if leads else None
    levels = []
    for r in d.get("levels", ()):
        levels.append(LevelRecord(
            level=r["level"], since=parse_date(r.get("since") or r.get("from")),  # type: ignore[arg-type]
            jurisdiction=str(r.get("jurisdiction", "") or ""), doc_no=r.get("doc_no"),
            until=parse_date(r.get("until")), recommended_by=r.get("recommended_by")))
    events = [_event(i, e) for i, e in enumerate(d.get("events", ()))]
    return Facts(
        id=str(d.get("id", "")), name=d.get("name", ""), field=d.get("field"), kind=d.get("kind", "rd"),
        founded=parse_date(d.get("founded")), operating_since=parse_date(d.get("operating_since")), region=str(d.get("region", "") or ""),
        lead=None if lead is None else str(lead),
        members=members, levels=tuple(levels), flags=frozenset(d.get("flags", ())),
        achievements=tuple(
            Achievement(id=str(a.get("id", f"a{i + 1}")), kind=a["kind"], date=parse_date(a.get("date")),
                        level=a.get("level"), matter=a.get("matter"),
                        title=a.get("title") or None)
            for i, a in enumerate(d.get("achievements", ()))),
        reports=tuple(Report(kind=r["kind"], year=r.get("year"), filed=parse_date(r.get("filed")))
                      for r in d.get("reports", ())),
        grades=tuple(Grade(year=int(g["year"]), grade=str(g["grade"]), kind=g.get("kind", "yearly"),
                           date=parse_date(g.get("date"))) for g in d.get("grades", ())),
        events=tuple(events),
        payments=tuple(
            Payment(id=str(p.get("id", f"p{i + 1}")), article=str(p.get("article", "")), amount=_dec(p["amount"]),  # type: ignore[arg-type]
                    date=parse_date(p.get("date")), matter=p.get("matter"),
                    payee=None if p.get("payee") is None else str(p["payee"]),
                    rule=p.get("rule"), source=p.get("source"), year=p.get("year"))
            for i, p in enumerate(d.get("payments", ()))),
        rectifications=tuple(
            Rectification(ordered=parse_date(r["ordered"]), due=parse_date(r.get("due")),  # type: ignore[arg-type]
                          result=r.get("result"), year=r.get("year"))
            for r in d.get("rectifications", ())),
        objections=tuple(
            Objection(raised=parse_date(o["raised"]), notice=o.get("notice"),  # type: ignore[arg-type]
                      resolved=parse_date(o.get("resolved")), result=o.get("result"))
            for o in d.get("objections", ())),
    )


def load_facts(path: str | Path) -> list[Facts]:
    """Read a facts file (YAML or JSON): one alliance, or a list, or {alliances: [...]}.

    Raises :class:`FactsError` for a file that cannot be read or parsed, and with every problem of every
    alliance in it (paths ``[2].members[0].joined`` or ``alliances[2]…``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as e:
        raise FactsError([Problem("", f"无法读取文件 {str(path)!r}：{e}", f"cannot read {str(path)!r}: {e}")]) from None
    except (ValueError, RecursionError, yaml.YAMLError) as e:  # json.JSONDecodeError is a ValueError
        kind = "JSON" if str(path).endswith(".json") else "YAML"
        raise FactsError([Problem("", f"不是有效的 {kind}：{e}", f"not valid {kind}: {e}")]) from None
    prefix = ""
    if isinstance(data, dict) and "alliances" in data:
        extra = [k for k in data if k != "alliances"]
        if extra:
            raise FactsError([Problem(str(k), f"未知的键 {k!r}：与 alliances 同级只能有 alliances",
                                      f"unknown key {k!r}: only alliances may stand beside alliances") for k in extra])
        data, prefix = data["alliances"], "alliances"
        if not isinstance(data, list):
            raise FactsError([Problem("alliances", "应为列表", "expected a list")])
    if isinstance(data, dict):
        return [facts_from_dict(data)]
    if not isinstance(data, list):
        what = "空文件" if data is None else f"{type(data).__name__} {data!r:.40}"
        raise FactsError([Problem("", f"应为一个联盟的映射、联盟列表或 {{alliances: [...]}}，实际是{what}",
                                  "expected one alliance (a mapping), a list of them or {alliances: [...]}, got "
                                  + ("an empty file" if data is None else f"{type(data).__name__} {data!r:.40}"))])
    out, found = [], []
    for i, x in enumerate(data):
        p = problems(x, f"{prefix}[{i}]")
        found += p
        if not p:
            out.append(_build(x))
    if found:
        raise FactsError(found)
    return out
