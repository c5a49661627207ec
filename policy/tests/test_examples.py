"""The worked examples in docs/policy/facts.md, the CLI and the generated docs."""

import json
from decimal import Decimal as D
from pathlib import Path

from policy import compare, entitlements, load_facts, simulate
from policy.cli import main
from policy.docs import page
from policy.loader import get_pack

EX = Path(__file__).resolve().parents[2] / "docs" / "policy" / "examples"


def test_jiangning_example():
    f = load_facts(EX / "jiangning.yaml")[0]
    r = entitlements("jiangning", f, "2020-12-01")
    assert r.total == D(205)
    assert {e.rule: e.amount for e in r.entitlements if e.rule == "recognition_award"} == {"recognition_award": D(45)}


def test_kunming_example():
    r = entitlements("kunming", load_facts(EX / "kunming.yaml")[0], "2018-12-31")
    assert r.total == D(10) and r.entitlements[0].rule == "upgrade_award"


def test_luoyang_example():
    r = entitlements("luoyang", load_facts(EX / "luoyang.yaml")[0], "2020-01-15")
    assert r.total == D(683)  # 100 + 520 + 63
    assert any(x.code == "double_funding" and x.earlier["payment"] == "PROV-1" for x in r.refusals)


def test_compare_and_simulate():
    f = load_facts(EX / "jiangning.yaml")[0]
    c = compare(f, "2020-12-01", packs=["jiangning", "luoyang", "kunming"])
    assert [row["pack"] for row in c.rows] == ["320115-jiangning/2019", "410300-luoyang/2018", "530100-kunming/2016"]
    assert c.rows[1]["eligibility"] == "not_eligible"  # a Jiangning alliance under Luoyang's text
    s = simulate("jiangning", [f], "2020-12-01", {"jiangning.recognition_award.provincial": "80"})
    assert s.delta == D(5)
    json.dumps(c.to_dict(), ensure_ascii=False)


def test_cli_commands_run_and_print_json(capsys):
    for args in (["packs", "--on", "2020-01-01", "--json"],
                 ["check", str(EX / "jiangning.yaml"), "--pack", "jiangning", "--on", "2020-12-01", "--json"],
                 ["entitle", str(EX / "luoyang.yaml"), "--pack", "luoyang", "--on", "2020-01-15"],
                 ["deadlines", str(EX / "kunming.yaml"), "--pack", "kunming", "--on", "2018-12-31"],
                 ["consequences", str(EX / "kunming.yaml"), "--pack", "kunming", "--on", "2018-12-31"],
                 ["compare", str(EX / "kunming.yaml"), "--on", "2018-12-31"],
                 ["simulate", str(EX / "jiangning.yaml"), "--pack", "jiangning", "--on", "2020-12-01",
                  "--set", "jiangning.recognition_award.provincial=80", "--json"]):
        assert main(args) == 0
    out = capsys.readouterr().out
    assert "320115-jiangning/2019" in out


def test_generated_page_lists_every_parameter_and_article():
    pack = get_pack("jiangning")
    text = page(pack)
    for p in pack.parameters.values():
        assert p.name in text
    assert "第十条6" in text and pack.digest in text
