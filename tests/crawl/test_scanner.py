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
        ("<td>6(2)</td>", "bare article number"),
        ("<td>第十条1</td>", "bare article number"),
        ("<td>530102</td>", "region code without a name"),
        ("<td>None</td>", "Python repr"),
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
    ],
)
def test_words_pass(html):
    assert findings(html, chinese=True) == []


def test_english_is_fine_in_english_pages_but_not_in_chinese_ones():
    html = "<p>Recognition conditions met (Art. 6(2))</p>"
    assert findings(html, chinese=False) == []
    assert findings(html, chinese=True)
