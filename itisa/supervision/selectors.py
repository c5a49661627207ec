"""Public reads of supervision records: the register of revoked alliances (Kunming 第十七条). Everything
else is internal: ``itisa.access.visible_to(user, "supervision.view_report")`` and its siblings."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.supervision.models import FindingKind, Revocation
from policy.api import Pack


def revocations_public() -> QuerySet[Revocation]:
    """Every revocation, newest first, for the public register page: alliance, article, reason, date,
    whether the plaque came back. Revoked alliances are public (register PUBLIC_STATUSES)."""
    return Revocation.objects.select_related("alliance__jurisdiction").order_by("-decided_on", "-id")


def finding_rules(pack: Pack) -> list[dict[str, Any]]:
    """The pack's consequences a finding triggers (``when: {type: flag}`` on a fact the bureau establishes):
    Kunming 第十七条(一)(三), Jiangning 第十三条. Other texts name none."""
    return [r for r in pack.data.get("consequences") or ()
            if (r.get("when") or {}).get("type") == "flag" and r["when"].get("flag") in FindingKind.values]


def finding_choices(pack: Pack | None) -> list[dict[str, Any]]:
    """What the finding form offers under the text in force: each finding kind the text names, its article,
    the consequence it triggers and whether that consequence is a revocation (then the revocation flow)."""
    if pack is None:
        return []
    return [{"kind": r["when"]["flag"], "label": FindingKind(r["when"]["flag"]).label, "article": str(r["article"]),
             "doc": pack.doc, "zh": r.get("zh", ""), "en": r.get("en", ""), "effects": list(r.get("effects") or ()),
             "scope": r.get("scope", "alliance"), "revokes": "revoked" in (r.get("effects") or ())}
            for r in finding_rules(pack)]


def dissolution_article(pack: Pack | None) -> str | None:
    """The article of the text's dissolution procedure (Jiangning 第十二条), or None where the text has none."""
    for proc in (pack.data.get("procedures") or ()) if pack is not None else ():
        if proc["id"] == "dissolution":
            return str(proc["article"])
    return None
