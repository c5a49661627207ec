"""``{% breadcrumbs %}`` (the trail of itisa.workbench.crumbs, rendered by includes/breadcrumbs.html) and the
``here`` filter that marks the current page in a navigation block."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from itisa.workbench.crumbs import trail

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {"crumbs": trail(request, context.flatten()) if request is not None else []}


_LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"#?]*)[^"]*"([^>]*)>')


@register.filter(is_safe=True)
def here(html: str, path: str) -> str:
    """Marks the current page in a navigation block: ``aria-current="page"`` on the link to *path*, else
    ``aria-current="true"`` on the link whose address is the longest start of *path* (the section the page
    is in). A block that already marks its current link is left as it is.

    ``{% filter here:request.path %}<nav>…</nav>{% endfilter %}``"""
    if "aria-current" in html or not path:
        return mark_safe(html)  # noqa: S308  (rendered template output; only an attribute is added)
    links = [(m, m.group(2)) for m in _LINK.finditer(html)]
    exact = next((m for m, href in links if href == path), None)
    chosen, value = exact, "page"
    if chosen is None:
        sections = [(len(href), m) for m, href in links if href not in ("", "/") and path.startswith(href)]
        if not sections:
            return mark_safe(html)  # noqa: S308
        chosen, value = max(sections, key=lambda s: s[0])[1], "true"
    tag = chosen.group(0)
    marked = tag[:-1] + f' aria-current="{value}">'
    return mark_safe(html[: chosen.start()] + marked + html[chosen.end():])  # noqa: S308
