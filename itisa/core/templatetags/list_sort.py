"""``{% sort_th "due_on" _("Due on") %}``: a list's column header, a sort link where the list can sort by it."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("includes/sort_th.html", takes_context=True)
def sort_th(context: template.Context, key: str, label: str) -> dict[str, Any]:
    link = (context.get("sorting") or {}).get(key)
    return {"label": label, "link": link, "path": context["request"].path if "request" in context else ""}
