"""The score sheet an expert fills in, generated from the case's policy pack.

Readings (docs/reviews.md):

* Dimensions: the pack's ``evaluation.dimensions`` whose article is *not* the evaluation's own
  article are review dimensions (Weinan: the eight items of 12 sit outside the re-review article 15).
  Dimensions citing the evaluation article itself are items of the periodic evaluation (Kunming
  第十四条: R&D input, output) and are not put on a recognition sheet. With no review dimensions the
  sheet asks for an overall opinion (pass/fail) and a score.
* Questions: every condition with ``check: expert`` is asked as a yes/no question with a comment.
  Where the procedure has a period (Henan 第九条 construction), conditions under that period's article
  are results of the period: they are asked at acceptance, the others at the review that approves
  construction.
"""

from __future__ import annotations

from typing import Any

from policy.api import get_pack, procedure


def _period_articles(proc: dict[str, Any]) -> tuple[str, ...]:
    return tuple(p["article"] for p in proc.get("periods") or () if p.get("article"))


def review_dimensions(pack_id: str) -> list[dict[str, Any]]:
    evaluation = get_pack(pack_id).data.get("evaluation") or {}
    own = evaluation.get("article")
    return [{"id": d["id"], "zh": d["zh"], "en": d["en"], "article": d.get("article", "")}
            for d in evaluation.get("dimensions") or () if d.get("article") and d.get("article") != own]


def expert_questions(pack_id: str, procedure_id: str = "recognition", round: str = "review") -> list[dict[str, Any]]:
    pack = get_pack(pack_id)
    try:
        periods = _period_articles(procedure(pack, procedure_id))
    except KeyError:
        periods = ()
    out = []
    for c in pack.data.get("conditions") or ():
        if c.get("check") != "expert":
            continue
        in_period = any(str(c.get("article", "")).startswith(a) for a in periods)
        if periods and (round == "acceptance") != in_period:
            continue
        question = c.get("question") or {"zh": c["zh"], "en": c["en"]}
        out.append({"id": c["id"], "article": c.get("article", ""), "zh": question["zh"], "en": question["en"]})
    return out


def sheet_template(pack_id: str, procedure_id: str = "recognition", round: str = "review") -> dict[str, Any]:
    """The blank sheet: ``mode`` "dimensions" (each scored 0–100) or "overall" (pass/fail + score
    0–100), and the expert-judged questions (yes/no + comment)."""
    pack = get_pack(pack_id)
    dimensions = review_dimensions(pack_id)
    return {
        "pack": pack.id, "pack_digest": pack.digest, "doc": pack.doc, "procedure": procedure_id, "round": round,
        "mode": "dimensions" if dimensions else "overall",
        "scale": {"min": 0, "max": 100},
        "dimensions": dimensions,
        "questions": expert_questions(pack_id, procedure_id, round),
    }
