"""Guards named in the packs' transition tables, resolved against the case's data.

Each guard returns (passed, explanation). Apps that own the data behind a guard register it here
(reviews: expert_review_passed; notices: notice_elapsed_no_objection, objection_upheld). A guard
nobody has registered fails with a message saying so: never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from itisa.workflow.models import Case

Guard = Callable[[Case, date, dict[str, Any]], tuple[bool, str]]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


def evaluate(name: str, case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    fn = GUARDS.get(name)
    if fn is None:
        return False, _("The condition “%(guard)s” cannot be checked yet.") % {"guard": name}
    return fn(case, on, context)


@guard("call_open")
def call_open(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    if case.call is None:
        return True, _("Applications are accepted all year round.")
    if case.call.is_open_on(on):
        return True, _("The call is open.")
    closes = case.call.closes_on.isoformat() if case.call.closes_on else "—"
    return False, _("The call “%(call)s” is open from %(opens)s to %(closes)s.") % {
        "call": case.call.title, "opens": case.call.opens_on.isoformat(), "closes": closes}


@guard("materials_complete")
def materials_complete(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    from itisa.workflow.selectors import missing_materials

    missing = missing_materials(case)
    if not missing:
        return True, _("All required materials are attached.")
    names = "、".join(f"{m['zh']}（{m['article']}）" for m in missing)
    return False, _("Missing materials: %(names)s") % {"names": names}


@guard("eligible")
def eligible(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    result = context.get("eligibility")
    if result is None:
        return False, _("No eligibility check is available.")
    # "review" means every machine-checkable condition passed and expert questions remain: those go
    # to the expert review that follows, they are not passed here.
    if result.status in ("eligible", "review"):
        return True, _("The machine-checkable conditions are met.")
    failed = "；".join(f"{c.zh}（{c.citation.article}）" for c in result.conditions if c.status == "fail")
    return False, _("Conditions not met: %(failed)s") % {"failed": failed or result.status}


@guard("recommended")
def recommended(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Weinan 11: the application reaches the bureau with the recommender's signed opinion — read as a
    ``recommend`` move by a recommender after the latest submission."""
    latest_submit = case.transitions.filter(action__in=("submit", "resubmit")).order_by("-seq").first()
    after = latest_submit.seq if latest_submit else 0
    move = case.transitions.filter(action="recommend", seq__gt=after).order_by("-seq").first()
    if move is None:
        return False, _("No recommending body has recommended the latest submission.")
    return True, _("Recommended by %(actor)s on %(day)s.") % {"actor": move.actor_repr, "day": move.on.isoformat()}


@guard("construction_period_elapsed")
def construction_period_elapsed(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Henan 第九条/第十条: acceptance is applied for once the construction period (from the approval
    day) has run; the period's length is the pack's parameter."""
    from policy.api import add_years, get_pack, parameter

    approval = case.transitions.filter(to_state="construction", action="approve_construction").order_by("-seq").first()
    if approval is None:
        return False, _("Construction has not been approved.")
    years = parameter(case.pack_id, f"{get_pack(case.pack_id).key}.construction_years", approval.on)
    ends = add_years(approval.on, int(years.value))
    if on < ends:
        return False, _("The construction period runs from %(start)s to %(end)s (%(article)s).") % {
            "start": approval.on.isoformat(), "end": ends.isoformat(), "article": years.citation.article}
    return True, _("The construction period ended on %(end)s.") % {"end": ends.isoformat()}


@guard("recognised")
def recognised(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """The alliance holds the level this text recognises (a level record from on or before the day): what
    recommending it upward, signing its contract or its project proposals presuppose."""
    from policy.api import get_pack

    levels = get_pack(case.pack_id).identity["recognises"]
    record = case.alliance.level_history.filter(level__in=levels, from_date__lte=on).order_by("from_date").first()
    if record is None:
        return False, _("The alliance is not recognised under this text.")
    return True, _("Recognised on %(day)s.") % {"day": record.from_date.isoformat()}


@guard("contract_signed")
def contract_signed(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    """Kunming 第十四条: the cycle is assessed against the application and the contract, so the contract
    procedure must have ended signed."""
    done = Case.objects.filter(alliance_id=case.alliance_id, procedure_id="contract", state="signed").exists()
    if not done:
        return False, _("The alliance's contract has not been signed.")
    return True, _("The alliance's contract is signed.")
