"""Pack sections that are law the apps read, not rules the engine evaluates: the recognised name and plaque
(``naming``), what a report must contain (``report_contents``), the text's overall targets (``targets``) and how
its expert review is organised (``review``). Checked here when a pack loads; read through policy.api.

Why a module of its own: the loader stays the one place for the rule sections; these four are plain cited data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

NAMING_KEYS = {"article", "quote", "name", "plaque", "plaque_to", "reading", "note"}
REPORT_CONTENTS_KEYS = {"report", "article", "quote", "sections", "reading", "note"}
REPORT_SECTION_KEYS = {"id", "zh", "en", "article", "quote", "when", "reading"}
#: Sections a report can have (the supervision app stores one text per section).
REPORT_SECTIONS = (
    "summary",
    "plan_execution",
    "fund_use",
    "results",
    "next_year_plan",
    "changes_members",
    "changes_rules",
    "changes_direction",
    "changes_route",
)
#: ``when``: the section is required only then — ``members_changed``: the register shows members joining or
#: leaving in the year reported on (Kunming 第十五条).
SECTION_WHENS = {"always", "members_changed"}
TARGETS_KEYS = {"article", "quote", "by", "items", "reading", "note"}
TARGET_KEYS = {"id", "zh", "en", "min", "measure", "level", "kinds", "reading"}
#: ``alliances_at_level``: alliances of the region with a level record of ``level`` by the day;
#: ``organisations_in_level``: distinct organisations of the region (of ``kinds``) members of an alliance of
#: ``level`` by the day.
TARGET_MEASURES = {"alliances_at_level", "organisations_in_level"}
REVIEW_KEYS = {"by", "article", "quote", "zh", "en", "reading"}
REVIEW_BY = {"field", "panel"}


def _fail(msg: str) -> None:
    from .loader import PackError

    raise PackError(msg)


def _keys(where: str, d: Any, allowed: set[str], *need: str) -> None:
    if not isinstance(d, dict):
        _fail(f"{where}: expected a mapping")
    extra = set(d) - allowed
    if extra:
        _fail(f"{where}: unknown key(s) {sorted(extra)}")
    missing = [k for k in need if d.get(k) in (None, "", [])]
    if missing:
        _fail(f"{where}: missing {missing}")


def validate(data: dict[str, Any], params: Any) -> None:
    """Refuse malformed ``naming``, ``report_contents``, ``targets`` and ``review`` sections."""
    n = data.get("naming")
    if n is not None:
        _keys("naming", n, NAMING_KEYS, "article", "name")
        for k in ("name", "plaque"):
            if k in n and "{topic}" not in str(n[k]):
                _fail(f"naming.{k}: must contain {{topic}} (the text's ×××)")
    for i, rc in enumerate(data.get("report_contents") or ()):
        where = f"report_contents[{i}]"
        _keys(where, rc, REPORT_CONTENTS_KEYS, "report", "article", "sections")
        for j, s in enumerate(rc["sections"]):
            _keys(f"{where}.sections[{j}]", s, REPORT_SECTION_KEYS, "id")
            if s["id"] not in REPORT_SECTIONS:
                _fail(f"{where}.sections[{j}]: {s['id']!r} not one of {REPORT_SECTIONS}")
            if s.get("when", "always") not in SECTION_WHENS:
                _fail(f"{where}.sections[{j}].when must be one of {sorted(SECTION_WHENS)}")
    t = data.get("targets")
    if t is not None:
        _keys("targets", t, TARGETS_KEYS, "article", "by", "items")
        if not isinstance(t["by"], dt.date):
            _fail("targets.by: an ISO date")
        for j, item in enumerate(t["items"]):
            _keys(f"targets.items[{j}]", item, TARGET_KEYS, "id", "zh", "en", "min", "measure", "level")
            if item["measure"] not in TARGET_MEASURES:
                _fail(f"targets.items[{j}].measure must be one of {sorted(TARGET_MEASURES)}")
            if item["min"] not in params:
                _fail(f"targets.items[{j}].min: {item['min']!r} is not a parameter of the pack")
    r = data.get("review")
    if r is not None:
        _keys("review", r, REVIEW_KEYS, "by", "article")
        if r["by"] not in REVIEW_BY:
            _fail(f"review.by must be one of {sorted(REVIEW_BY)}")


# ------------------------------------------------------------------------------------------- reading them
@dataclass(frozen=True)
class Naming:
    """The name and plaque a recognition issues (``{topic}`` is the text's ×××); None fields: the text is
    silent (the deployment's convention applies)."""

    name: str | None
    plaque: str | None
    plaque_to: str | None
    article: str | None
    quote: str | None


@dataclass(frozen=True)
class ReportSection:
    id: str
    zh: str
    en: str
    article: str
    when: str


@dataclass(frozen=True)
class TargetItem:
    id: str
    zh: str
    en: str
    minimum: int
    measure: str
    level: str
    kinds: tuple[str, ...]
    article: str


@dataclass(frozen=True)
class Targets:
    pack: str
    doc: str
    region: str
    article: str
    quote: str
    by: dt.date
    items: tuple[TargetItem, ...]
    readings: tuple[str, ...]


def naming(pack: Any) -> Naming:
    from .loader import get_pack

    n = get_pack(pack).data.get("naming") or {}
    return Naming(n.get("name"), n.get("plaque"), n.get("plaque_to"), n.get("article"), n.get("quote"))


def report_sections(pack: Any, report: str) -> tuple[ReportSection, ...]:
    """What the text asks a report of this kind (a report kind or duty id) to contain."""
    from .loader import get_pack

    out: list[ReportSection] = []
    for rc in get_pack(pack).data.get("report_contents") or ():
        if rc["report"] == report:
            out += [
                ReportSection(
                    s["id"],
                    s.get("zh", ""),
                    s.get("en", ""),
                    str(s.get("article", rc["article"])),
                    s.get("when", "always"),
                )
                for s in rc["sections"]
            ]
    return tuple(out)


def targets(pack: Any) -> Targets | None:
    """The text's overall targets, their minimums read from its parameters on the target date."""
    from .loader import get_pack, reading_ids
    from .params import parameter

    p = get_pack(pack)
    t = p.data.get("targets")
    if not t:
        return None
    items = tuple(
        TargetItem(
            i["id"],
            i["zh"],
            i["en"],
            int(parameter(p, i["min"], min(t["by"], p.lapses or t["by"])).value),
            i["measure"],
            i["level"],
            tuple(i.get("kinds") or ()),
            str(t["article"]),
        )
        for i in t["items"]
    )
    rids = reading_ids(t.get("reading")) + tuple(r for i in t["items"] for r in reading_ids(i.get("reading")))
    return Targets(p.id, p.doc, p.identity["region"], str(t["article"]), t.get("quote", ""), t["by"], items, rids)


def review_by(pack: Any) -> str:
    """How the text organises its expert review: ``field`` (experts of the alliance's field) or ``panel``."""
    from .loader import get_pack

    return str((get_pack(pack).data.get("review") or {}).get("by", "panel"))
