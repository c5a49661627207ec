"""Small builders of facts for the tests (plain dicts → Facts)."""

from __future__ import annotations

from typing import Any

from policy.facts import facts_from_dict
from policy.types import Facts

JN, KM, LY = "320115", "530102", "410302"  # a Jiangning, a Kunming (五华区) and a Luoyang (老城区) code

JIANGNING_FLAGS = ["agreement_signed_by_all", "outward_responsible_party", "executive_body", "rules_of_procedure",
                   "full_time_staff", "funding_mechanism", "plan_short_mid_term", "plan_long_term",
                   "open_membership", "ip_rules", "benefit_sharing_rules"]
KUNMING_FLAGS = ["agreement_signed_by_all", "lead_responsible_outward", "strategy_plan", "organs_decision",
                 "organs_consultation", "organs_execution", "fund_rules", "benefit_sharing_rules", "ip_rules",
                 "rd_team"]
LUOYANG_FLAGS = ["office", "full_time_staff", "feasibility_report", "organs_decision", "organs_consultation",
                 "organs_execution", "agreement_signed_by_all", "charter"]


def members(n: int, local: int, region: str, elsewhere: str = "110108", kinds: list[str] | None = None,
            lead_kind: str = "enterprise", joined: str = "2015-01-01") -> list[dict[str, Any]]:
    """n members, the first ``local`` in ``region``; member 0 is the lead."""
    kinds = kinds or (["enterprise", "university", "research_institute", "enterprise"] * n)
    out = []
    for i in range(n):
        out.append({"org_id": f"O{i:03d}", "name": f"单位{i}", "kind": lead_kind if i == 0 else kinds[i % len(kinds)],
                    "region": region if i < local else elsewhere, "legal_person": True,
                    "role": "lead" if i == 0 else "member", "joined": joined,
                    "chain_position": ["up", "mid", "down"][i % 3]})
    return out


def facts(**kw: Any) -> Facts:
    d: dict[str, Any] = {"id": "A1", "name": "测试联盟", "kind": "rd", "founded": "2015-01-01"}
    d.update(kw)
    if "lead" not in d and d.get("members"):
        d["lead"] = d["members"][0]["org_id"]
    return facts_from_dict(d)


def jiangning(**kw: Any) -> Facts:
    # Recognised as a district alliance by default: 第十条's preamble limits every support to recognised alliances.
    base: dict[str, Any] = {"region": JN, "members": members(21, 21, JN), "flags": JIANGNING_FLAGS,
                            "founded": "2019-01-05",
                            "levels": [{"level": "district", "since": "2019-05-01", "jurisdiction": JN}]}
    base.update(kw)
    return facts(**base)


def kunming(**kw: Any) -> Facts:
    base: dict[str, Any] = {"region": KM, "members": members(4, 4, KM, kinds=["enterprise", "university"]),
                            "flags": KUNMING_FLAGS,
                            "reports": [{"kind": "annual_report", "year": y, "filed": f"{y}-12-01"}
                                        for y in range(2016, 2026)],
                            "achievements": [{"id": "P1", "kind": "industrialisation_project", "date": "2016-01-01"}] +
                            [{"id": f"IP{i}", "kind": "ip", "date": "2016-01-01"} for i in range(4)]}
    base.update(kw)
    return facts(**base)


def luoyang(**kw: Any) -> Facts:
    base: dict[str, Any] = {"region": LY, "members": members(9, 9, LY), "flags": LUOYANG_FLAGS}
    base.update(kw)
    return facts(**base)
