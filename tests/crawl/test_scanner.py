"""The crawler's scanner catches what issue 10 §1 saw on the pages, and lets words through."""

from __future__ import annotations

import pytest

from tests.crawl.scanner import findings


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<p>lead: 941 / kind: enterprise</p>", "English in a Chinese page"),
        ("<td>missing: []</td>", "empty list"),
        ("<td>kinds: ['industrialisation_project']</td>", "Python repr"),
        ("<li>submit (draft → submitted)</li>", "code transition"),
        ('<span class="badge">not_eligible</span>', "snake_case code"),
        ("<p>530100-kunming/2016 第十一条</p>", "pack id"),
        ("<td>alliance:76</td>", "kind:value code"),
        ("<td>recognition_award:district</td>", "kind:value code"),
        ("<p>拨付 20.0000 万元</p>", "four-decimal amount"),
        ("<dd>provincial → 10</dd>", "code mapped to an amount"),
        ("<dd>min(100 × 10% = 10, 100 − 0) = 10</dd>", "formula operator"),
        ("<dd>decision within [10, 30]</dd>", "formula operator"),
        ("<dd>20.50万元 × 10% = 2.050万元</dd>", "amount with trailing zeros"),
        ("<dd>max ceiling 50.0 − already paid 30 = 20</dd>", "amount with trailing zeros"),
        ('<td class="num">78.00</td>', "amount with trailing zeros"),  # an expert's score as a raw Decimal
        ("<td>6(2)</td>", "bare article number"),
        ("<td>第十条1</td>", "bare article number"),
        ("<td>530102</td>", "region code without a name"),
        ("<td>None</td>", "Python repr"),
        ("<td>join7</td>", "raw identifier"),
        ("<td>leave25</td>", "raw identifier"),
        ("<td>report1</td>", "raw identifier"),
        ("<td>rectification-1</td>", "raw identifier"),
        ("<td>参与制定标准奖励（每件）：ach1（national）20万元</td>", "raw identifier"),
        ("<td>参与制定标准奖励（每件）：ach1（national）20万元</td>", "English in a Chinese page"),
    ],
)
def test_each_kind_of_code_is_caught(html, what):
    assert what in {w for w, _snippet in findings(html, chinese=True)}


@pytest.mark.parametrize(
    "html",
    [
        "<p>《昆明市产业技术创新战略联盟认定管理办法》第十一条 · 五华区 · 拨付 20 万元</p>",
        "<p>第六条第（二）项 · 导出 Excel / CSV / PDF</p>",
        '<script>var not_eligible = "x";</script><a href="/work/cases/1/?state=not_eligible">查看</a>',
        "<p>申报书 application.pdf</p>",
        "<p>参与制定标准奖励（每件）：智能电网储能系统接入技术规范（国家标准）20万元 · GB/T 2260 · SHA-256</p>",
        "<td>成员单位变更：江宁电网科技有限公司（2021-03-01 加入）</td>",
        "<p>《江宁区产业技术创新战略联盟认定管理暂行办法》 · sha256 19d84ec6899ab3…</p>",
        "<dd>5000万元 × 20% = 1000万元；最高1000万元（第十四条） → 1000万元</dd>",
        "<dd>在10.5万元至30万元之间决定（第十条第10项）</dd>",
    ],
)
def test_words_pass(html):
    assert findings(html, chinese=True) == []


def test_a_raw_identifier_is_caught_in_english_pages_too():
    assert {w for w, _s in findings("<td>Award per standard: ach1 (national) 20</td>", chinese=False)} == {
        "raw identifier"}


def test_english_is_fine_in_english_pages_but_not_in_chinese_ones():
    html = "<p>Recognition conditions met (Art. 6(2))</p>"
    assert findings(html, chinese=False) == []
    assert findings(html, chinese=True)
