"""What the text in force says of inspections of the use of funds, read from the pack (never written here):
the duty (its article and words) and the consequences the misuse flag triggers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itisa.supervision.models import AppliedConsequence, FindingKind, FundInspection
from policy.api import Pack, get_pack

MISUSE_FLAG = FindingKind.FUNDS_MISUSED


@dataclass(frozen=True)
class InspectionTerms:
    """What the text in force says of inspections: the duty (its article and words) and the consequences
    that misuse triggers (each with its article, quote and words), all read from the pack."""

    pack: Pack
    duty: dict[str, Any]
    consequences: tuple[dict[str, Any], ...]


def inspection_terms(pack: Pack) -> InspectionTerms | None:
    """The pack's inspection duty and the consequences of the misuse flag; None when the text has no such duty."""
    duty = next((d for d in pack.data.get("duties") or () if d.get("kind") == "inspection"), None)
    if duty is None:
        return None
    follows = tuple(c for c in pack.data.get("consequences") or ()
                    if (c.get("when") or {}).get("type") == "flag" and c["when"].get("flag") == MISUSE_FLAG)
    return InspectionTerms(pack, duty, follows)


def terms_for(row: FundInspection) -> InspectionTerms | None:
    return inspection_terms(get_pack(row.pack_id))


def consequences_of(row: FundInspection) -> list[AppliedConsequence]:
    """The consequences applied on the finding this inspection recorded."""
    terms = terms_for(row) if row.finding_id is not None else None
    if terms is None:
        return []
    ids = [c["id"] for c in terms.consequences]
    return list(AppliedConsequence.objects.filter(alliance_id=row.alliance_id, pack_id=row.pack_id,
                                                  consequence__in=ids))
