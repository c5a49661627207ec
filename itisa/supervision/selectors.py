"""Public reads of supervision records: the register of revoked alliances (Kunming 第十七条). Everything
else is internal: ``itisa.access.visible_to(user, "supervision.view_report")`` and its siblings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from itisa.register.models import Membership
from itisa.supervision.models import DissolutionConsent, FindingKind, Revocation
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


def missing_consents(dissolutions: list[Any], on: date) -> dict[int, list[Any]]:
    """Per dissolution (by id): the organisations of members active on *on* whose consent is not recorded, for
    a whole list page in two queries (``dissolution_missing_consents`` asks two per dissolution)."""
    by_alliance: dict[int, list[Any]] = {}
    members = (Membership.objects.filter(alliance_id__in={d.alliance_id for d in dissolutions}, joined_on__lte=on)
               .filter(Q(left_on__isnull=True) | Q(left_on__gt=on)).select_related("organisation").order_by("pk"))
    for m in members:
        by_alliance.setdefault(m.alliance_id, []).append(m.organisation)
    consented: dict[int, set[int]] = {}
    for dissolution_id, org_id in DissolutionConsent.objects.filter(
            dissolution__in=[d.pk for d in dissolutions]).values_list("dissolution_id", "organisation_id"):
        consented.setdefault(dissolution_id, set()).add(org_id)
    return {d.pk: [o for o in by_alliance.get(d.alliance_id, []) if o.pk not in consented.get(d.pk, set())]
            for d in dissolutions}
