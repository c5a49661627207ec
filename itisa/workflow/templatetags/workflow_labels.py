"""{% load workflow_labels %}: ``{{ case.state|state_name }}``, ``{{ action|action_name }}``."""

from django import template

from itisa.workflow import labels
from itisa.workflow.labels import action_label, checked_by_label, condition_status_label, state_label

register = template.Library()


@register.filter
def state_name(state: str) -> str:
    return state_label(state)


@register.filter
def action_name(action: str) -> str:
    return action_label(action)


@register.filter
def condition_status(status: str) -> str:
    return condition_status_label(status)


@register.filter
def checked_by(check: str) -> str:
    return checked_by_label(check)


@register.filter
def article(value: object) -> str:
    return labels.article_text(value)


@register.filter
def pack_name(value: object) -> str:
    return labels.pack_label(value)


@register.filter
def cite(pack_id: object, article_ref: object = "") -> str:
    """``{{ x.pack_id|cite:x.article }}`` → 《title》第十一条."""
    return labels.citation_text(pack_id, article_ref)


@register.filter
def matter(value: object) -> str:
    return labels.matter_label(value)


@register.filter
def payee(value: object) -> str:
    return labels.payee_label(value)


@register.filter
def unit(value: object) -> str:
    return labels.unit_label(value)


@register.filter
def parameter(value: object) -> str:
    return labels.parameter_label(value)


@register.filter
def words(value: object) -> str:
    """Any status/kind/role code in words (``not_eligible`` → 不符合条件)."""
    return labels.code_label(value)


@register.filter
def consequence(pack_id: object, code: object) -> str:
    """``{{ a.pack_id|consequence:a.consequence }}``: the consequence in its own pack's words."""
    return labels.consequence_label(pack_id, code)


@register.filter
def words_list(values: object) -> str:
    return "、".join(labels.code_label(v) for v in (values or ()))  # type: ignore[attr-defined]


@register.filter
def in_lang(value: object) -> str:
    """A pack item's words in the page's language (``{{ condition|in_lang }}``)."""
    return labels.in_language(value)


@register.filter
def flag(value: object) -> str:
    return labels.flag_label(value)


@register.filter
def flags(values: object) -> str:
    return "、".join(labels.flag_label(v) for v in (values or ())) or "—"  # type: ignore[attr-defined]


@register.filter
def region(value: object) -> str:
    return labels.region_label(value)


@register.filter
def citation(value: object) -> str:
    """A stored ``"<doc> <article>"`` citation, its article as the text writes it."""
    return labels.citation_string(value)


@register.filter
def prose(value: object) -> str:
    """A pack's explanatory text in the page's language, the ids it names in words."""
    return labels.prose(value)


@register.filter
def evidence(detail: object) -> list[tuple[str, str]]:
    """``{% for label, value in c.detail|evidence %}``: the engine's evidence in words."""
    return labels.evidence(detail)


@register.filter
def note(value: object) -> str:
    """A ledger note with its leading ground code in words."""
    return labels.note_text(value)


@register.filter
def procedure_name(proc_id: object, pack_id: object = None) -> str:
    """A procedure's name as the pack writes it (``cycle_assessment`` → 运行周期考核)."""
    return labels.procedure_label(proc_id, pack_id)
