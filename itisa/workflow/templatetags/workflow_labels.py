"""{% load workflow_labels %}: ``{{ case.state|state_name }}``, ``{{ action|action_name }}``."""

from django import template
from django.utils.translation import get_language

from itisa.workflow import labels

register = template.Library()

#: Filters that put one code into words: ``{{ value|<filter> }}`` → ``labels.<function>(value)``.
ONE_CODE = {
    "article": labels.article_text,
    "pack_name": labels.pack_label,
    "matter": labels.matter_label,
    "payee": labels.payee_label,
    "unit": labels.unit_label,
    "parameter": labels.parameter_label,
    "words": labels.code_label,
    "in_lang": labels.in_language,
    "flag": labels.flag_label,
    "region": labels.region_label,
    "citation": labels.citation_string,
    "prose": labels.prose,
    "evidence": labels.evidence,
    "state_name": labels.state_label,
    "action_name": labels.action_label,
    "condition_status": labels.condition_status_label,
    "checked_by": labels.checked_by_label,
    "eligibility_status": labels.eligibility_label,
}
for _name, _words in ONE_CODE.items():
    register.filter(_name, _words)


@register.filter
def case_state(case: object, state: object = None) -> str:
    """``{{ case|case_state }}``: the case's state in its own procedure's words."""
    return labels.case_state_label(case, None if state is None else str(state))


@register.filter
def cite(pack_id: object, article_ref: object = "") -> str:
    """``{{ x.pack_id|cite:x.article }}`` → 《title》第十一条."""
    return labels.citation_text(pack_id, article_ref)


@register.filter
def consequence(pack_id: object, code: object) -> str:
    """``{{ a.pack_id|consequence:a.consequence }}``: the consequence in its own pack's words."""
    return labels.consequence_label(pack_id, code)


def _sep() -> str:
    """The enumeration comma of the page's language: 、 in Chinese, ", " in English."""
    return ", " if (get_language() or "").startswith("en") else "、"


@register.filter
def words_list(values: object) -> str:
    return _sep().join(labels.code_label(v) for v in (values or ()))  # type: ignore[attr-defined]


@register.filter
def flags(values: object) -> str:
    return _sep().join(labels.flag_label(v) for v in (values or ())) or "—"  # type: ignore[attr-defined]


@register.filter
def note(value: object) -> str:
    """A ledger note with its leading ground code in words."""
    return labels.note_text(value)


@register.filter
def procedure_name(proc_id: object, pack_id: object = None) -> str:
    """A procedure's name as the pack writes it (``cycle_assessment`` → 运行周期考核)."""
    return labels.procedure_label(proc_id, pack_id)
