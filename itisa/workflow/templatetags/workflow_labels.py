"""{% load workflow_labels %}: ``{{ case.state|state_name }}``, ``{{ action|action_name }}``."""

from django import template

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
