"""What the pages offer, read from the packs' procedure tables: which procedures a party opens, and which moves
of a case a party may take now (with the guard evaluated, and the reason when it fails). No writes here; the
services (``case_open``, ``case_act``) decide again when the party acts.

Who opens a procedure (docs/adr/0013-every-step-has-a-page.md): the actor of the pack's duty of the same id when
the pack names one (Kunming 第十四条 “市科技管理部门……对联盟进行考核”: the cycle assessment; Weinan 15 复审;
Luoyang 第九条 绩效评价 — the bureau's duties), else whoever makes the first move out of the initial state (the lead
unit applies, requests a recommendation, files; the bureau proposes a revocation).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from itisa.workflow import guards
from itisa.workflow.labels import ACTION_LABELS, DESTRUCTIVE_ACTIONS, action_consequence, action_label, case_state_label
from itisa.workflow.models import Case
from policy.api import Pack, allowed, get_pack


def openers(pack: Pack | str, proc: dict[str, Any]) -> set[str]:
    """The pack roles that open *proc* (see the module's docstring)."""
    pack = get_pack(pack)
    duty = next((d for d in pack.data.get("duties") or () if d["id"] == proc["id"]), None)
    if duty is not None:
        return {duty.get("actor", "lead_unit")}
    return {t["role"] for t in proc["transitions"] if t["from"] == proc["initial"]}


def procedures_opened_by(pack: Pack | str, role: str) -> list[dict[str, Any]]:
    """The procedures of *pack* that *role* opens, each with its name, article and intake."""
    pack = get_pack(pack)
    return [p for p in pack.data.get("procedures") or () if role in openers(pack, p)]


def guard_now(case: Case, names: tuple[str, ...], on: date) -> tuple[bool, str]:
    """Whether every guard of a move passes on *on*, and why not. The eligibility guard needs the engine run on
    the frozen version made at the act: the service checks it then, so it is offered here."""
    for name in names:
        if name == "eligible":
            continue
        ok, why = guards.evaluate(name, case, on, {})
        if not ok:
            return False, str(why)
    return True, ""


def moves_for(case: Case, roles: set[str], on: date) -> list[dict[str, Any]]:
    """The moves of the case's table open in its current state to one of *roles* (one per action), each with
    its label, article, target, whether it can be taken now (and why not), its consequence and whether it is
    destructive. Closed cases offer nothing."""
    if case.closed:
        return []
    seen: dict[str, dict[str, Any]] = {}
    for t in allowed(case.pack_id, case.state, None, case.procedure_id):
        if t.role not in roles or t.action in seen:
            continue
        ok, why = guard_now(case, t.guards, on)
        seen[t.action] = {"action": t.action, "label": action_label(t.action), "role": t.role,
                          "article": t.citation.article, "citation": t.citation, "to": case_state_label(case, t.target),
                          "ok": ok, "why": why, "consequence": action_consequence(t.action, case_state_label(case, t.target)),
                          "destructive": t.action in DESTRUCTIVE_ACTIONS, "named": t.action in ACTION_LABELS}
    return list(seen.values())
