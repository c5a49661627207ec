"""``{% load access %}`` then ``{% if user|can:"funding.pay" %}`` or ``{% if user|can_on:"workflow.act_case"|of:case %}``:
templates show an action only when the access module allows it."""

from __future__ import annotations

from typing import Any

from django import template

from itisa.access.core import can as _can

register = template.Library()


@register.filter(name="can")
def can(user: Any, action: str) -> bool:
    return _can(user, action)


@register.simple_tag(name="can")
def can_tag(user: Any, action: str, obj: Any = None) -> bool:
    """``{% can user "documents.view_confidential" case.alliance as show %}``"""
    return _can(user, action, obj)
