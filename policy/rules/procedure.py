"""Procedures as tables of transitions {from, to, action, role, guard?, also?, article}.

``also`` lists further guards that must pass with ``guard`` (e.g. Luoyang 第七条(三): the experts' review
*and* the conditions confirmed) — a transition is taken only when every one of its guards passed.

The workflow layer generates its state machine from :func:`transitions`; :func:`step` checks one move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..loader import Pack, get_pack
from ..types import Citation, Refusal, jsonable


@dataclass(frozen=True)
class Transition:
    procedure: str
    source: str
    target: str
    action: str
    role: str
    guard: str | None
    citation: Citation
    also: tuple[str, ...] = ()

    @property
    def guards(self) -> tuple[str, ...]:
        """Every guard the move needs (``guard`` first, then ``also``)."""
        return ((self.guard,) if self.guard else ()) + self.also

    def to_dict(self) -> dict[str, Any]:
        return {"procedure": self.procedure, "from": self.source, "to": self.target, "action": self.action,
                "role": self.role, "guard": self.guard, "guards": list(self.guards), "article": self.citation.article,
                "citation": jsonable(self.citation)}


def procedure(pack: Pack | str, proc_id: str = "recognition") -> dict[str, Any]:
    pack = get_pack(pack)
    for p in pack.data.get("procedures") or ():
        if p["id"] == proc_id:
            return p
    raise KeyError(f"{pack.id}: no procedure {proc_id!r}")


def transitions(pack: Pack | str, proc_id: str = "recognition") -> list[Transition]:
    pack = get_pack(pack)
    p = procedure(pack, proc_id)
    return [Transition(proc_id, t["from"], t["to"], t["action"], t["role"], t.get("guard"),
                       pack.cite(t["article"]), tuple(t.get("also") or ())) for t in p["transitions"]]


def guards_of(t: dict[str, Any]) -> tuple[str, ...]:
    """Every guard one row of a transition table names (``guard`` then ``also``)."""
    return ((t["guard"],) if t.get("guard") else ()) + tuple(t.get("also") or ())


def states(pack: Pack | str, proc_id: str = "recognition") -> list[dict[str, Any]]:
    return list(procedure(pack, proc_id)["states"])


def allowed(pack: Pack | str, state: str, role: str | None = None, proc_id: str = "recognition") -> list[Transition]:
    return [t for t in transitions(pack, proc_id) if t.source == state and (role is None or t.role == role)]


def step(pack: Pack | str, state: str, action: str, role: str, guards: dict[str, bool] | None = None,
         proc_id: str = "recognition") -> Transition | Refusal:
    """The transition taken, or a Refusal (unknown move, wrong role, failed guard) — never an exception."""
    pack = get_pack(pack)
    guards = guards or {}
    cands = [t for t in transitions(pack, proc_id) if t.source == state and t.action == action]
    if not cands:
        return Refusal("illegal_transition", f"状态 {state} 下不能执行 {action}",
                       f"action {action} is not allowed in state {state}", None, proc_id)
    mine = [t for t in cands if t.role == role]
    if not mine:
        return Refusal("wrong_role", f"{action} 须由 {'/'.join(sorted({t.role for t in cands}))} 执行",
                       f"{action} is for {'/'.join(sorted({t.role for t in cands}))}, not {role}",
                       cands[0].citation, proc_id)
    for t in mine:
        if all(guards.get(g) is True for g in t.guards):
            return t
    g = next((g for g in mine[0].guards if guards.get(g) is not True), mine[0].guard)
    return Refusal("guard_failed", f"条件未满足：{g}", f"guard not satisfied: {g}", mine[0].citation, proc_id)


def guard_names(pack: Pack | str) -> set[str]:
    pack = get_pack(pack)
    return {g for p in pack.data.get("procedures") or () for t in p["transitions"] for g in guards_of(t)}


def intake(pack: Pack | str, proc_id: str = "recognition") -> dict[str, Any] | None:
    return procedure(pack, proc_id).get("intake")


def materials(pack: Pack | str, proc_id: str = "recognition") -> list[dict[str, Any]]:
    return list(procedure(pack, proc_id).get("materials") or ())
