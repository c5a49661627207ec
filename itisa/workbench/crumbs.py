"""Breadcrumbs for every inner page (ADR 0020): the pages above the current one, from the URL's name.

One table says which pages stand above which; the names of the objects on the way (an alliance, a case)
come from the page's own context, so no template builds its own trail. The current page is not repeated:
its heading follows the trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Crumb:
    label: Any
    url: str


def _name(ctx: Mapping[str, Any], *path: str) -> str | None:
    """``ctx[path[0]].path[1]…`` or None."""
    obj: Any = ctx.get(path[0])
    for attr in path[1:]:
        obj = getattr(obj, attr, None)
    return str(obj) if obj else None


# key -> (URL name, which URL argument it takes from the current URL, its label from the context or fixed)
_Label = Callable[[Mapping[str, Any]], Any]
STEPS: dict[str, tuple[str, str | None, _Label]] = {
    "work": ("staff:home", None, lambda c: _("Work queues")),
    "case": ("staff:case", "pk", lambda c: _name(c, "case", "alliance", "name") or _("Case")),
    "alliances": ("staff:alliances", None, lambda c: _("Evaluations")),
    "alliance": ("staff:alliance", "pk", lambda c: _name(c, "alliance", "name") or _("Alliance")),
    "money": ("staff:money", None, lambda c: _("Money")),
    "claims": ("staff:claims", None, lambda c: _("Claims")),
    "calls": ("staff:calls", None, lambda c: _("Calls")),
    "my": ("leadunit:home", None, lambda c: _("My alliance")),
    "my_alliance": ("leadunit:alliance", "pk", lambda c: _name(c, "alliance", "name") or _("My alliance")),
    "my_members": ("leadunit:members", "pk", lambda c: _("Members")),
    "my_claims": ("leadunit:claims", "pk", lambda c: _("Claims")),
    "my_reports": ("leadunit:reports", "pk", lambda c: _("Reports and major events")),
    "my_rectifications": ("leadunit:rectifications", "pk", lambda c: _("Rectification orders")),
    "my_application": ("leadunit:application", "pk", lambda c: _("Application")),
    "review": ("experts:home", None, lambda c: _("My reviews")),
    "review_case": ("experts:case", "pk", lambda c: _name(c, "case", "alliance", "name") or _name(c, "alliance", "name")
                    or _("Case")),
    "finance": ("finance:home", None, lambda c: _("Funds and ledger")),
    "register": ("public:register", None, lambda c: _("Register")),
    "notices": ("public:notices", None, lambda c: _("Public notices")),
    "packs": ("public:packs", None, lambda c: _("Regulations")),
}

_LEAD = ["my", "my_alliance"]
# namespace -> URL name -> the steps above it ("*": any other page of the namespace)
TRAILS: dict[str, dict[str, list[str]]] = {
    "staff": {"home": [], "alliance": ["work", "alliances"], "compare": ["work", "alliances", "alliance"],
              "experts": ["work", "case"], "proposal": ["work", "money"], "claims": ["work", "money"],
              "claim": ["work", "money", "claims"], "outside_funding": ["work", "money"], "call": ["work", "calls"],
              "*": ["work"]},
    "register": {"*": ["work"]},
    "notices": {"*": ["work"]},
    "leadunit": {"home": [], "alliance": ["my"], "member_import": [*_LEAD, "my_members"],
                 "member_import_confirm": [*_LEAD, "my_members"], "member_end": [*_LEAD, "my_members"],
                 "claim": [*_LEAD, "my_claims"], "claim_new": [*_LEAD, "my_claims"],
                 "claim_preview": [*_LEAD, "my_claims"], "report_new": [*_LEAD, "my_reports"],
                 "rectification": [*_LEAD, "my_rectifications"], "application_open": [*_LEAD, "my_application"],
                 "application_material": [*_LEAD, "my_application"], "application_act": [*_LEAD, "my_application"],
                 "*": _LEAD},
    "experts": {"home": [], "case": ["review"], "*": ["review", "review_case"]},
    "finance": {"home": [], "*": ["finance"]},
    "dashboards": {"*": []},
    "public": {"alliance": ["register"], "revoked": ["register"], "notice": ["notices"], "pack": ["packs"], "*": []},
    "recognition": {"*": ["register"]},
}


def trail(request: Any, ctx: Mapping[str, Any]) -> list[Crumb]:
    """The crumbs above the current page, starting at the home page; none on the home page itself."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return [Crumb(_("Home"), reverse("core:home"))]
    if match.view_name == "core:home":
        return []
    table = TRAILS.get(match.namespace, {})
    steps = table.get(match.url_name or "", table.get("*", []))
    crumbs = [Crumb(_("Home"), reverse("core:home"))]
    for key in steps:
        url_name, arg, label = STEPS[key]
        try:
            url = reverse(url_name, kwargs={arg: match.kwargs[arg]} if arg else None)
        except (KeyError, NoReverseMatch):
            continue
        crumbs.append(Crumb(label(ctx), url))
    return crumbs
