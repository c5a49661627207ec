"""Read-only assembly of what the case, alliance and comparison pages show. No writes here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from itisa.access import can
from itisa.access.workflow import case_roles
from itisa.notices.selectors import notices_of_case, objections_of
from itisa.recognition.models import Recognition
from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance
from itisa.reviews.models import ExpertAssignment, ReviewRound
from itisa.reviews.selectors import review_result, sheets_counted
from itisa.staff.forms import DecisionForm, ObjectionResolveForm
from itisa.staff.selectors import actions_for
from itisa.supervision.facts import supervision_facts
from itisa.supervision.governing import governing
from itisa.supervision.models import AppliedConsequence, Grade, Rectification, Revocation
from itisa.workflow import guards
from itisa.workflow.labels import (  # noqa: F401  (re-exported)
    ACTION_LABELS,
    DESTRUCTIVE_ACTIONS,
    ROLE_LABELS,
    action_consequence,
    action_label,
    case_state_label,
)
from itisa.workflow.models import Case
from itisa.workflow.selectors import required_materials, submission_changes
from policy.api import compare, consequences, get_pack


def guard_now(case: Case, guard: str | None) -> tuple[bool, str]:
    """Whether a move's guard passes today, and why not. The eligibility guard needs the engine run on
    the frozen version; the service checks it at the act, so it is offered here."""
    if not guard or guard == "eligible":
        return True, ""
    ok, why = guards.evaluate(guard, case, timezone.localdate(), {})
    return ok, "" if ok else str(why)


def decision_forms(case: Case, roles: set[str], bound: DecisionForm | None = None) -> list[dict[str, Any]]:
    """One small form per move open to the user's roles now; *bound* (a form that failed) replaces its
    blank twin so nothing typed is lost."""
    panel = []
    for t in actions_for(case, roles):
        if bound is not None and bound.action_name == t.action:
            form = bound
        else:
            form = DecisionForm(action=t.action, initial={"action": t.action, "expected_version": case.lock_version})
        ok, why = guard_now(case, t.guard)
        panel.append({"action": t.action, "label": action_label(t.action), "role": t.role,
                      "role_label": ROLE_LABELS.get(t.role, t.role), "to": case_state_label(case, t.target),
                      "guard": t.guard, "citation": t.citation, "form": form, "ok": ok, "why": why,
                      "consequence": action_consequence(t.action, case_state_label(case, t.target)),
                      "destructive": t.action in DESTRUCTIVE_ACTIONS})
    if bound is not None and not any(p["form"] is bound for p in panel):
        panel.insert(0, {"action": bound.action_name, "label": action_label(bound.action_name), "role": "",
                         "role_label": "", "to": "", "guard": None, "citation": None, "form": bound, "stale": True})
    return panel


def _eligibility(result: dict[str, Any]) -> dict[str, Any]:
    conditions = [{"id": c.get("id"), "status": c.get("status"), "check": c.get("check"), "zh": c.get("zh"),
                   "en": c.get("en"), "article": (c.get("citation") or {}).get("article", ""),
                   "doc": (c.get("citation") or {}).get("doc", "")} for c in result.get("conditions") or ()]
    return {"status": result.get("status", ""), "pack": result.get("pack", ""), "conditions": conditions,
            "questions": list(result.get("review_questions") or ()),
            "refusals": list(result.get("refusals") or ())}


# The case page's tabs, in the order the work runs (ADR 0020). "review" and "notice" only for those who may
# see the experts' sheets and the objections.
CASE_TABS = (
    ("overview", pgettext_lazy("case tab", "Overview")),
    ("materials", pgettext_lazy("case tab", "Materials")),
    ("review", pgettext_lazy("case tab", "Review")),
    ("notice", pgettext_lazy("case tab", "Public notice")),
    ("decision", pgettext_lazy("case tab", "Decision")),
    ("process", pgettext_lazy("case tab", "Process")),
)
_CONFIDENTIAL_TABS = {"review", "notice"}


def case_tabs(user: Any, case: Case, asked: str | None) -> tuple[list[dict[str, Any]], str]:
    """The tabs this user sees on the case page and the one shown: *asked* when it is one of them, else the
    overview (a tab is a plain link ``?tab=…``: no script, every tab has its own address)."""
    confidential = can(user, "reviews.view_confidential", case)
    ids = [t for t, _ in CASE_TABS if confidential or t not in _CONFIDENTIAL_TABS]
    current = asked if asked in ids else "overview"
    return [{"id": t, "label": label, "current": t == current} for t, label in CASE_TABS if t in ids], current


def case_page(user: Any, case: Case, *, bound: DecisionForm | None = None,
              objection_forms: dict[int, ObjectionResolveForm] | None = None, tab: str | None = None) -> dict[str, Any]:
    roles = case_roles(user, case)
    bureau = "bureau" in roles
    timeline = [{"t": t, "from": case_state_label(case, t.from_state), "to": case_state_label(case, t.to_state),
                 "action": action_label(t.action), "role": ROLE_LABELS.get(t.role, t.role)}
                for t in case.transitions.order_by("seq")]
    versions = []
    previous = None
    for s in case.submissions.select_related("submitted_by").order_by("number"):
        versions.append({"submission": s, "eligibility": _eligibility(s.eligibility),
                         "changes": submission_changes(s, previous)})
        previous = s
    versions.reverse()
    materials = list(case.materials.select_related("document").order_by("material_id", "attached_at"))
    required = [{**m, "attached": [x for x in materials if x.material_id == m["id"]]} for m in required_materials(case)]
    known = {m["id"] for m in required}
    extra = [x for x in materials if x.material_id not in known]
    ctx: dict[str, Any] = {
        "case": case, "roles": roles, "is_bureau": bureau, "state_label": case_state_label(case),
        "pack": get_pack(case.pack_id), "timeline": timeline, "versions": versions, "required": required,
        "extra_materials": extra, "panel": decision_forms(case, roles, bound),
        "recognition": Recognition.objects.filter(case=case).select_related("document", "plaque").first(),
    }
    ctx["tabs"], ctx["tab"] = case_tabs(user, case, tab)
    if bureau:
        rounds = [ReviewRound.REVIEW]
        if case.procedure_id == "recognition" and any(
                s["id"] == "assessment" for p in get_pack(case.pack_id).data.get("procedures") or ()
                if p["id"] == case.procedure_id for s in p["states"]):
            rounds.append(ReviewRound.ACCEPTANCE)
        ctx["reviews"] = [{"round": ReviewRound(r).label, "result": review_result(case, r),
                           "sheets": list(sheets_counted(case, r))} for r in rounds]
        ctx["assignments"] = list(ExpertAssignment.objects.filter(case=case).select_related("expert__user")
                                  .order_by("-active", "assigned_at"))
        notices = []
        for n in notices_of_case(case):
            objections = []
            for o in objections_of(user, n):
                form = (objection_forms or {}).get(o.pk) or ObjectionResolveForm(prefix=f"obj-{o.pk}")
                objections.append({"objection": o, "form": form})
            notices.append({"notice": n, "objections": objections})
        ctx["notices"] = notices
    return ctx


# ---------------------------------------------------------------- alliances


def alliance_supervision(alliance: Alliance, on: date) -> dict[str, Any]:
    """The alliance's grades, rectifications, applied consequences and what the engine answers today."""
    g = governing(alliance, on)
    result = None
    if g.pack is not None:
        result = consequences(g.pack, supervision_facts(alliance, on=on), on)
    return {
        "governing": g,
        "scale": list(((g.pack.data.get("evaluation") or {}).get("scale") or ()) if g.pack else ()),
        "consequences": result,
        "grades": list(Grade.objects.filter(alliance=alliance).select_related("graded_by").order_by("-year", "-id")),
        "rectifications": list(Rectification.objects.filter(alliance=alliance).select_related("grade", "judged_by")
                               .order_by("-ordered_on", "-id")),
        "applied": list(AppliedConsequence.objects.filter(alliance=alliance).order_by("-applied_on", "-id")),
        "revocation": Revocation.objects.filter(alliance=alliance).first(),
    }


def comparison(alliance: Alliance, on: date) -> dict[str, Any]:
    """One alliance under every pack, with the citations of each failed condition and consequence."""
    loaded = alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get()
    result = compare(alliance_facts(loaded, on=on), on)
    rows = []
    for r in result.rows:
        res = r["results"]
        failed = [c for c in res["eligibility"].conditions if c.status == "fail"]
        rows.append({
            "pack": r["pack"], "doc": r["doc"], "text": r["text"], "eligibility": r["eligibility"],
            "failed": failed, "review": list(res["eligibility"].review_questions),
            "money_status": r["money_status"], "total": r["total"],
            "entitlements": [e for e in res["entitlements"].entitlements if e.status in ("due", "decision")],
            "deadlines": [d for d in res["deadlines"].deadlines if d.status in ("upcoming", "due_today", "overdue")],
            "consequences": list(res["consequences"].consequences),
        })
    return {"on": on, "rows": rows}
