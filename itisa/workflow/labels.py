"""Names of the packs' states and moves for people: states from the packs themselves (zh/en), moves from
one shared vocabulary (the same action ids across packs)."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from policy.api import all_packs, states

#: Labels of the moves the packs' tables name (the same vocabulary across packs).
ACTION_LABELS = {
    "submit": _("Submit"), "resubmit": _("Resubmit"), "withdraw": _("Withdraw"),
    "recommend": _("Recommend"), "decline_to_recommend": _("Decline to recommend"),
    "return_for_revision": _("Return for revision"), "accept": _("Accept"), "reject": _("Reject"),
    "start_formal_review": _("Start the formal review"), "pass_formal_review": _("Pass the formal review"),
    "assign_experts": _("Send to expert review"), "order_site_visit": _("Order a site visit"),
    "recognise": _("Recognise"), "propose": _("Propose for recognition"), "publish_notice": _("Publish the notice"),
    "object": _("Reopen on an upheld objection"), "approve_construction": _("Approve construction"),
    "apply_for_acceptance": _("Apply for acceptance"), "start_assessment": _("Start the assessment"),
    "request_dissolution": _("Request dissolution"), "approve_dissolution": _("Approve dissolution"),
    "refuse_dissolution": _("Refuse dissolution"),
    "pass_review": _("Pass the re-review"), "fail_review": _("Fail the re-review"),
    "pass_assessment": _("Pass the assessment"), "fail_assessment": _("Fail the assessment"),
    "submit_evaluation": _("Submit the evaluation"), "record_grade": _("Record the grade"),
    "propose_revocation": _("Propose revocation"), "propose_after_assessment": _("Propose revocation after the assessment"),
    "notify_alliance": _("Notify the alliance"), "revoke": _("Decide the revocation"), "drop_revocation": _("Drop the revocation"),
    "publish_revocation": _("Publish the revocation"), "request_recommendation": _("Request a recommendation"),
    "recommend_provincial": _("Recommend for provincial recognition"),
    "recommend_national": _("Recommend for national recognition"), "sign_contract": _("Sign the contract"),
    "file": _("File for the record"), "record_filing": _("Record the filing"), "approve_change": _("Approve the change"),
    "refuse_change": _("Refuse the change"), "propose_project": _("Propose the project"),
    "adopt_project": _("Adopt the project"),
}
ROLE_LABELS = {"lead_unit": _("Lead unit"), "recommender": _("Recommender"), "county_bureau": _("County bureau"),
               "bureau": _("Bureau"), "expert": _("Expert"), "third_party_evaluator": _("Third-party evaluator"),
               "public": _("Public"), "finance": _("Finance")}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action.replace("_", " ")))


@cache
def _state_labels() -> dict[str, dict[str, str]]:
    """state id → {zh, en}, from every pack (the vocabulary is shared)."""
    out: dict[str, dict[str, str]] = {}
    for pack in all_packs().values():
        for proc in pack.data.get("procedures") or ():
            for s in states(pack, proc["id"]):
                out.setdefault(s["id"], {"zh": s.get("zh", s["id"]), "en": s.get("en", s["id"])})
    return out


def state_label(state: str) -> str:
    label = _state_labels().get(state)
    if label is None:
        return state
    return label["en"] if (get_language() or "").startswith("en") else label["zh"]


def state_ids() -> list[str]:
    """Every state id any pack names."""
    return list(_state_labels())


CONDITION_STATUS = {"pass": _("met"), "fail": _("not met"), "review": _("for the experts"), "unknown": _("unknown")}
CHECKED_BY = {"machine": _("checked by the system"), "expert": _("judged by experts")}


def condition_status_label(status: str) -> str:
    return str(CONDITION_STATUS.get(status, status))


def checked_by_label(check: str) -> str:
    return str(CHECKED_BY.get(check, check))
