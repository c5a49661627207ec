"""``{% load access %}`` then ``{% if user|can:"funding.pay" %}`` or ``{% if user|can_on:"workflow.act_case"|of:case %}``:
templates show an action only when the access module allows it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from itisa.access.core import can as _can

register = template.Library()


@register.filter(name="can")
def can(user: Any, action: str) -> bool:
    return _can(user, action)


@register.simple_tag(name="can")
def can_tag(user: Any, action: str, obj: Any = None) -> bool:
    """``{% can user "documents.view_confidential" case.alliance as show %}``"""
    return _can(user, action, obj)


@register.filter(name="actor_seen_by")
def actor_seen_by(transition: Any, user: Any) -> str:
    """Who took a move, as *user* may know it: an expert's move shows as "Expert" to anyone who may not see the
    review's confidential part (the applicant, the public)."""
    if getattr(transition, "role", "") == "expert" and not _can(user, "reviews.view_confidential", transition.case):
        return str(_("Expert"))
    return str(transition.actor_repr)
