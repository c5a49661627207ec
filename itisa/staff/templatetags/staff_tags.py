"""Labels of the packs' states and moves, for the work pages."""

from django import template

from itisa.staff.pages import action_label
from itisa.staff.selectors import state_label

register = template.Library()


@register.filter
def state_name(state: str) -> str:
    return state_label(state)


@register.filter
def action_name(action: str) -> str:
    return action_label(action)
