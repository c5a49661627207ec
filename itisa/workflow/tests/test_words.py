"""Codes to words (issue 10 §1): articles as the texts write them, packs by title, money matters by the
pack's rule label, payees by name, parameters by label — in Chinese, and in English where written."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from itisa.workflow import labels


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("11", "第十一条"),
        ("6(2)", "第六条第（二）项"),
        ("20", "第二十条"),
        ("第十条1", "第十条第1项"),
        ("第六条(一)", "第六条第（一）项"),
        ("第十一条(五)", "第十一条第（五）项"),
        ("第十条3后段", "第十条第3项后段"),
        ("第十九条", "第十九条"),
        ("", ""),
        ("序言", "序言"),
    ],
)
def test_articles_read_as_the_texts_write_them(zh, ref, words):
    assert labels.article_text(ref) == words


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("11", "Art. 11"),
        ("6(2)", "Art. 6(2)"),
        ("第十条1", "Art. 10 item 1"),
        ("第六条(一)", "Art. 6(1)"),
        ("第十条3后段", "Art. 10 item 3 (latter part)"),
    ],
)
def test_articles_in_english(en, ref, words):
    assert labels.article_text(ref) == words




def test_packs_matters_parameters_and_units_in_words(zh):
    assert (
        labels.citation_text("530100-kunming/2016", "第十一条") == "《昆明市产业技术创新战略联盟认定管理办法》第十一条"
    )
    assert labels.matter_label("guidance_fund:municipal").startswith("认定联盟引导经费")
    assert labels.matter_label("guidance_fund:municipal").endswith("市级")
    assert labels.parameter_label("jiangning.min_age_months") == "联盟成立最短时间"
    assert labels.unit_label("wan_yuan") == "万元"
    assert labels.code_label("not_eligible") == "不符合条件"
    assert labels.code_label("loses_support") == "停止支持"


def test_english_mode_shows_the_packs_english(en):
    assert labels.pack_label("530100-kunming/2016").startswith("Kunming Measures")
    assert labels.matter_label("guidance_fund:municipal").startswith("Guidance fund on recognition")
    assert labels.parameter_label("jiangning.min_age_months") == "Minimum age of the alliance"


def test_bilingual_pack_strings_show_one_language():
    with translation.override("zh-hans"):
        assert labels.in_language("定义 / definition") == "定义"
        assert labels.prose("条件见6(2) / the condition is 6(2)") == "条件见第六条第（二）项"
    with translation.override("en"):
        assert labels.in_language("定义 / definition") == "definition"
        assert labels.in_language({"zh": "甲", "en": ""}) == "甲"  # no English written: the Chinese


@pytest.mark.django_db
def test_payees_and_regions_by_name(zh, make_alliance):
    alliance = make_alliance()
    assert labels.payee_label(f"alliance:{alliance.pk}") == alliance.name
    assert labels.payee_label(f"org:{alliance.lead_id}") == alliance.lead.name
    assert labels.region_label("530102") == "五华区"


def test_filters_render_in_templates(zh):
    out = Template("{% load workflow_labels %}{{ p|cite:a }} · {{ m|matter }} · {{ u|unit }}").render(
        Context({"p": "610500-weinan/2015", "a": "6(2)", "m": "guidance_fund:municipal", "u": "wan_yuan"})
    )
    assert "第六条第（二）项" in out and "610500-weinan" not in out and "万元" in out


def test_ledger_notes_name_their_ground(zh):
    assert labels.note_text("misuse: 挪用补助资金").endswith("：挪用补助资金")
    assert "misuse" not in labels.note_text("misuse: 挪用补助资金")
    assert labels.note_text("拨付") == "拨付"


def test_evidence_in_words(zh):
    rows = dict(labels.evidence({"count": 1, "min": 4, "missing": [], "kinds": ["enterprise"], "op": "ge"}))
    assert rows == {"实有": "1", "至少": "4", "缺少": "—", "种类": "企业"}


@pytest.mark.django_db
def test_the_evidence_names_regions_achievement_kinds_objections_and_the_lead_in_words(zh, make_org):
    """Seen on the lead's application page: 牵头单位：11, region：530102, 种类：ip、standard, objections：0."""
    lead = make_org("昆明滇池生物制药有限公司", region="530102")
    rows = dict(labels.evidence({"lead": str(lead.pk), "region": "530102", "kinds": ["ip", "industrialisation_project"],
                                 "objections": 0, "open": 0}))
    assert rows == {"牵头单位": lead.name, "行政区划": "五华区", "种类": "知识产权、产业化项目", "收到异议": "0",
                    "未处理": "0"}


def test_attached_materials_and_the_eligibility_answer_read_in_words(zh):
    """A material attached to a case is a flag of its facts (Jiangning's ``plans``); a submission's eligibility
    ``review`` is "expert questions remain", not the re-review procedure."""
    assert labels.flag_label("plans") == "已提交近期、中期和远期发展规划"
    assert labels.flag_label("application") == "已存申报书"  # a document flag keeps its own words
    assert labels.eligibility_label("review") == "可自动核验的条件均已满足，尚待专家评审"
    assert labels.eligibility_label("not_eligible") == "条件未满足" and labels.eligibility_label("") == "—"


def test_lists_of_flags_take_the_comma_of_the_page_language():
    out = "{% load workflow_labels %}{{ f|flags }}"
    with translation.override("en"):
        assert ", " in Template(out).render(Context({"f": ["agreement", "application"]}))
    with translation.override("zh-hans"):
        assert Template(out).render(Context({"f": ["agreement", "application"]})) == "已存联盟协议、已存申报书"


def test_deadlines_read_in_the_page_language():
    class Deadline:
        label_zh, label_en = "年度工作总结", "Yearly report"

    with translation.override("en"):
        assert labels.in_language(Deadline()) == "Yearly report"
    with translation.override("zh-hans"):
        assert labels.in_language(Deadline()) == "年度工作总结"


@pytest.mark.django_db
def test_an_achievement_paid_on_is_named_by_its_title(zh, make_alliance, system_actor):
    """A standard award's matter (``achievement:<pk>``) reads as the standard's title, so the bureau deciding
    the proposal sees which standard it pays for."""
    from datetime import date

    from itisa.register.services import achievement_add

    std = achievement_add(actor=system_actor, alliance=make_alliance(), kind="standard", standard_level="national",
                          title="GB/T 智能电网接入规范", achieved_on=date(2020, 3, 1))
    assert labels.matter_label(f"achievement:{std.pk}") == "成果：GB/T 智能电网接入规范"
    assert labels.matter_label(f"achievement:{std.pk + 1}") == f"成果 {std.pk + 1}"


def test_a_unit_after_a_value_agrees_with_the_value_in_english(en):
    assert labels.unit_label("count", "1") == "unit"
    assert labels.unit_label("count", "3") == "units"
    assert labels.unit_label("years", 1) == "year" and labels.unit_label("days", "15") == "days"
    assert labels.unit_label("fraction", "0.3") == "(ratio)"


def test_a_unit_after_a_value_has_its_one_chinese_form(zh):
    assert labels.unit_label("count", "1") == labels.unit_label("count", "3") == "个"
    assert labels.unit_label("months", "6") == "个月"
    assert labels.unit_label("fraction", "0.3") == "（比例）"
