"""YAML test cases shipped beside each pack (``policy/packs/<pack>/tests/*.yaml``), in the manner of
OpenFisca's YAML tests: facts → expected statuses, amounts, deadlines, citations, readings.

Run by ``python -m policy test [PACK]`` and by the suite (policy/tests/test_pack_cases.py collects every
case). The format is documented in docs/policy/packs-testing.md. Expected values are written from the
article, never copied from the engine's output.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .loader import PACKS_DIR, Pack, get_pack

CASE_KEYS = {"name", "article", "date", "facts", "year", "expect", "xfail", "note", "pack"}
EXPECT_KEYS = {"text", "eligibility", "conditions", "money", "deadlines", "consequences", "readings", "procedure"}
WALK_KEYS = {"action", "role", "guards", "to", "refused"}
FILE_KEYS = {"pack", "base", "cases"}


@dataclass(frozen=True)
class Case:
    file: Path
    pack: str
    name: str
    articles: tuple[str, ...]
    on: dt.date
    facts: dict[str, Any]
    expect: dict[str, Any]
    year: int | None = None
    xfail: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return f"{self.file.parent.parent.name}/{self.file.stem}::{self.name}"


def case_files(pack: Pack | None = None) -> list[Path]:
    """The case files of one pack's folder, or of every pack folder."""
    if pack is not None:
        return sorted((pack.path.parent / "tests").glob("*.yaml"))
    return sorted(PACKS_DIR.glob("*/tests/*.yaml"))


def _expand_members(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``{repeat: N, org_id: X, …}`` stands for N members X1 … XN alike (so a case can say "19 enterprises")."""
    out: list[dict[str, Any]] = []
    for m in members:
        n = m.get("repeat")
        if n is None:
            out.append(m)
            continue
        prefix = m.get("org_id", "M")
        for k in range(1, int(n) + 1):
            out.append({**{x: y for x, y in m.items() if x != "repeat"}, "org_id": f"{prefix}{k}"})
    return out


def load_cases(path: Path) -> list[Case]:
    doc = yaml.safe_load(path.read_text("utf-8")) or {}
    extra = set(doc) - FILE_KEYS
    if extra:
        raise ValueError(f"{path}: unknown key(s) {sorted(extra)}; allowed {sorted(FILE_KEYS)}")
    pack_id = doc.get("pack") or path.parent.parent.name
    base = doc.get("base") or {}
    out = []
    for i, c in enumerate(doc.get("cases") or ()):
        extra = set(c) - CASE_KEYS
        if extra:
            raise ValueError(f"{path} case {i}: unknown key(s) {sorted(extra)}")
        extra = set(c.get("expect") or {}) - EXPECT_KEYS
        if extra:
            raise ValueError(f"{path} case {i}: unknown expect key(s) {sorted(extra)}")
        facts = {**copy.deepcopy(base), **copy.deepcopy(c.get("facts") or {})}
        facts.setdefault("id", path.stem)
        if "members" in facts:
            facts["members"] = _expand_members(facts["members"])
        arts = c.get("article") or ()
        on = c["date"] if isinstance(c["date"], dt.date) else dt.date.fromisoformat(str(c["date"]))
        out.append(
            Case(
                path,
                c.get("pack") or pack_id,
                c.get("name") or f"case {i + 1}",
                tuple(str(a) for a in ([arts] if isinstance(arts, (str, int)) else arts)),
                on,
                facts,
                c.get("expect") or {},
                c.get("year"),
                c.get("xfail"),
                c,
            )
        )
    return out


def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


class _Check:
    """Collects the differences between what a case expects and what the engine answers."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.readings: set[str] = set()

    def eq(self, what: str, want: Any, got: Any) -> None:
        if want != got:
            self.errors.append(f"{what}: expected {want!r}, got {got!r}")


def _eligibility(ck: _Check, pack: Pack, case: Case, ex: dict[str, Any]) -> None:
    from . import api

    el = api.check_eligibility(pack, case.facts, case.on)
    ck.readings.update(el.readings)
    if "eligibility" in ex:
        ck.eq("eligibility", ex["eligibility"], el.status)
    by_id = {c.id: c.status for c in el.conditions}
    for cid, want in (ex.get("conditions") or {}).items():
        ck.eq(f"condition {cid}", want, by_id.get(cid, "absent"))


def _money(ck: _Check, pack: Pack, case: Case, m: dict[str, Any]) -> None:
    from . import api

    en = api.entitlements(pack, case.facts, case.on, year=case.year)
    ck.readings.update(en.readings)
    if "status" in m:
        ck.eq("money status", m["status"], en.status)
    if "total" in m:
        ck.eq("money total", _dec(m["total"]), en.total)
    for want in m.get("items") or ():
        hits = [
            e
            for e in en.entitlements
            if e.rule == want["rule"]
            and all(str(getattr(e, k)) == str(want[k]) for k in ("matter", "payee", "year") if k in want)
        ]
        if not hits:
            ck.errors.append(
                f"money {want['rule']} {want.get('matter', '')}: no such entitlement "
                f"(got {[(e.rule, e.matter) for e in en.entitlements]})"
            )
            continue
        e = hits[0]
        if "amount" in want:
            ck.eq(f"{e.rule} amount", _dec(want["amount"]), e.amount)
        if "status" in want:
            ck.eq(f"{e.rule} status", want["status"], e.status)
        if "range" in want:
            ck.eq(f"{e.rule} range", tuple(_dec(x) for x in want["range"]), e.range)
        if "article" in want:
            ck.eq(f"{e.rule} article", str(want["article"]), e.citation.article)
    refused = {r.rule for r in en.refusals if r.rule}
    for rule in m.get("refused") or ():
        if rule not in refused:
            ck.errors.append(f"money: rule {rule} expected refused; refused: {sorted(refused)}")
    for rule in m.get("none") or ():
        if any(e.rule == rule for e in en.entitlements):
            ck.errors.append(f"money: rule {rule} expected no entitlement")


def _deadlines(ck: _Check, pack: Pack, case: Case, wants: list[dict[str, Any]]) -> None:
    from . import api

    de = api.deadlines(pack, case.facts, case.on)
    ck.readings.update(de.readings)
    for want in wants:
        hits = [
            x
            for x in de.deadlines
            if x.duty == want["duty"] and ("period" not in want or str(x.period) == str(want["period"]))
        ]
        if not hits:
            ck.errors.append(
                f"deadline {want['duty']} {want.get('period', '')}: none "
                f"(got {[(x.duty, x.period) for x in de.deadlines]})"
            )
            continue
        x = hits[0]
        if "due" in want:
            ck.eq(f"{x.duty} due", _date(want["due"]), x.due)
        if "status" in want:
            ck.eq(f"{x.duty} status", want["status"], x.status)
        if "article" in want:
            ck.eq(f"{x.duty} article", str(want["article"]), x.citation.article)


def _consequences(ck: _Check, pack: Pack, case: Case, wants: dict[str, str]) -> None:
    from . import api

    co = api.consequences(pack, case.facts, case.on)
    ck.readings.update(co.readings)
    by_id = {c.id: c.status for c in co.consequences}
    for cid, want in wants.items():
        ck.eq(f"consequence {cid}", want, by_id.get(cid, "none"))


def _procedure(ck: _Check, pack: Pack, want: dict[str, Any]) -> None:
    """Walk a transition table: each step ``{action, role, guards?}`` must reach ``to`` (or be ``refused``
    with that code); ``ends`` is the state after the last step."""
    from .rules.procedure import procedure, step
    from .types import Refusal

    pid = want["id"]
    state = want.get("from") or procedure(pack, pid)["initial"]
    for i, s in enumerate(want.get("walk") or ()):
        extra = set(s) - WALK_KEYS
        if extra:
            ck.errors.append(f"procedure {pid} step {i + 1}: unknown key(s) {sorted(extra)}")
            continue
        moved = step(pack, state, s["action"], s["role"], s.get("guards"), pid)
        if isinstance(moved, Refusal):
            ck.eq(f"procedure {pid} step {i + 1} ({s['action']})", s.get("refused", s.get("to")), moved.code)
            continue
        if s.get("refused"):
            ck.errors.append(f"procedure {pid} step {i + 1} ({s['action']}): expected refused, moved to {moved.target}")
            continue
        ck.eq(f"procedure {pid} step {i + 1} ({s['action']})", s.get("to", moved.target), moved.target)
        state = moved.target
    if "ends" in want:
        ck.eq(f"procedure {pid} ends", want["ends"], state)


def run_case(case: Case) -> list[str]:
    """The differences between what the case expects and what the engine answers (empty: the case passes)."""
    from . import api

    pack = get_pack(case.pack)
    ex = case.expect
    ck = _Check()
    if "text" in ex:
        ts = api.governing_text(pack, case.on).texts[0]
        ck.eq("text", ex["text"], ts.status)
        ck.readings.update(ts.readings)
    if "eligibility" in ex or "conditions" in ex:
        _eligibility(ck, pack, case, ex)
    if "money" in ex:
        _money(ck, pack, case, ex["money"])
    if "deadlines" in ex:
        _deadlines(ck, pack, case, ex["deadlines"])
    if "consequences" in ex:
        _consequences(ck, pack, case, ex["consequences"])
    if "procedure" in ex:
        _procedure(ck, pack, ex["procedure"])
    for rid in ex.get("readings") or ():
        if rid not in ck.readings:
            ck.errors.append(f"reading {rid}: not named by the answers (named: {sorted(ck.readings)})")
    return ck.errors


def run(ref: str | None = None) -> list[tuple[Case, list[str]]]:
    """Every case of one pack (or of all packs) with its differences."""
    files = case_files(get_pack(ref)) if ref else case_files()
    return [(c, run_case(c)) for f in files for c in load_cases(f)]
