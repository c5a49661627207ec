"""The batch path shares packs and mechanisms with the single path and gives identical results."""

import datetime as dt
import random

from policy import check_eligibility, deadlines, entitlements
from policy.batch import run_batch, summary
from policy.facts import facts_from_dict

PACKS = {"320115-jiangning/2019": ("320115", "320100"), "530100-kunming/2016": ("530102", "530100"),
         "410300-luoyang/2018": ("410302", "410300")}
KINDS = ["enterprise", "university", "research_institute", "new_rnd_institution", "intermediary", "bank"]
FLAGS = ["agreement_signed_by_all", "outward_responsible_party", "executive_body", "rules_of_procedure",
         "full_time_staff", "funding_mechanism", "plan_short_mid_term", "plan_long_term", "open_membership", "ip_rules",
         "benefit_sharing_rules", "lead_responsible_outward", "strategy_plan", "organs_decision",
         "organs_consultation", "organs_execution", "fund_rules", "rd_team", "office", "feasibility_report", "charter",
         "key_supported", "legal_entity_registered"]


def generate(rng: random.Random, i: int, local: str, city: str) -> dict:
    n = rng.randint(3, 26)
    ms = [{"org_id": f"A{i}-{j}", "kind": rng.choice(KINDS) if j else rng.choice(["enterprise", "university"]),
           "region": local if rng.random() < 0.7 else "110108", "legal_person": rng.random() < 0.95,
           "chain_position": rng.choice(["up", "mid", "down", None]), "role": "lead" if j == 0 else "member",
           "joined": "2016-01-01"} for j in range(n)]
    lv = []
    if rng.random() < 0.8:
        lv.append({"level": rng.choice(["district", "municipal"]), "since": f"{rng.randint(2016, 2019)}-0{rng.randint(1, 9)}-10",
                   "jurisdiction": rng.choice([local, city])})
    if rng.random() < 0.3:
        lv.append({"level": rng.choice(["municipal", "provincial", "national"]), "since": "2020-03-01",
                   "jurisdiction": "100000", "recommended_by": rng.choice(["city_bureau", None])})
    evs = [{"id": f"E{k}", "kind": rng.choice(["exchange_activity", "national_major_project", "platform_construction",
                                              "entity_sales", "rd_project", "platform_recognised"]),
            "date": f"2020-0{rng.randint(1, 5)}-15", "year": 2020, "base": str(rng.randint(0, 3000)),
            "payee": f"A{i}-{rng.randint(0, n - 1)}", "flags": rng.sample(["filed", "led_by_alliance",
                                                                          "platform_recognised"], 2)}
           for k in range(rng.randint(0, 4))]
    return {"id": f"A{i}", "region": local, "founded": f"{rng.randint(2015, 2020)}-0{rng.randint(1, 9)}-01",
            "kind": rng.choice(["rd", "platform"]), "members": ms, "levels": lv, "flags": rng.sample(FLAGS, rng.randint(5, 22)),
            "events": evs, "grades": [{"year": 2019, "grade": rng.choice(["good", "poor", "pass", "fail"])}],
            "achievements": [{"id": f"S{k}", "kind": rng.choice(["standard", "ip", "result", "industrialisation_project"]),
                              "level": rng.choice(["national", "industry"]), "date": "2020-01-01"} for k in range(rng.randint(0, 6))],
            "reports": [{"kind": "annual_report", "year": y, "filed": f"{y}-12-{rng.randint(1, 20):02d}"} for y in range(2016, 2020)]}


def test_batch_equals_single_path_on_generated_alliances():
    rng = random.Random(20260101)
    on = dt.date(2020, 6, 30)
    for pack, (local, city) in PACKS.items():
        facts = [facts_from_dict(generate(rng, i, local, city)) for i in range(120)]
        rows = run_batch(pack, facts, on)
        for f, row in zip(facts, rows, strict=True):
            single = summary(check_eligibility(pack, f, on), entitlements(pack, f, on), deadlines(pack, f, on))
            assert row == single, f.id
        assert {r.eligibility for r in rows} >= {"not_eligible"}
        assert any(r.total > 0 for r in rows)
