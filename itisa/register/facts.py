"""The register turned into policy-engine facts (docs/policy/facts.md): data walks one way,
from the register to the engine, never back. Reads with a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from itisa.register.models import Alliance, Membership

# Alliance booleans → the engine's flag vocabulary.
FLAG_FIELDS: dict[str, tuple[str, ...]] = {
    "agreement_signed_by_all": ("agreement_signed_by_all",),
    "council": ("has_council",),
    "organs_decision": ("has_council",),
    "expert_committee": ("has_expert_committee",),
    "organs_consultation": ("has_expert_committee",),
    "executive_body": ("has_executive_body",),
    "organs_execution": ("has_executive_body",),
    "office": ("has_office",),
    "rules_of_procedure": ("has_rules_of_procedure",),
    "plan_short_mid_term": ("has_short_term_plan", "has_mid_term_plan"),
    "plan_long_term": ("has_long_term_plan",),
    "innovation_system_plan": ("has_innovation_system_plan",),
    "ip_rules": ("has_ip_rules",),
    "benefit_sharing_rules": ("has_benefit_sharing_rules",),
    "fund_rules": ("has_fund_rules",),
    "funding_mechanism": ("has_funding_mechanism",),
    "open_membership": ("has_open_membership",),
    "results_diffusion": ("has_open_membership",),
    "charter": ("has_charter",),
    "rd_team": ("has_rd_team",),
    "legal_entity_registered": ("legal_entity_registered",),
}


def _region_path(region: Any) -> list[str]:
    """Where the organisation is today: a retired code answers as the code in force it leads to;
    an organisation registered abroad is in no region, so never local."""
    if region is None:
        return []
    path = region.current_ancestor_codes()
    return path if region.code in path else [*path, region.code]


# What flags_of reads of an alliance, besides the fields of FLAG_FIELDS (the bulk path selects them too).
FLAG_INPUTS = ("agreement_signed_on", "agreement_signed_by_all", "full_time_staff", "part_time_staff",
               "outward_responsible_party_id", "lead_id", "has_short_term_plan", "has_mid_term_plan",
               "has_long_term_plan")


def flags_of(get: Any) -> list[str]:
    """The engine's flags from an alliance's fields, read through ``get(name)`` (an object or a row)."""
    flags = [flag for flag, fields in FLAG_FIELDS.items() if all(get(f) for f in fields)]
    if get("agreement_signed_on") or get("agreement_signed_by_all"):
        flags.append("agreement")  # an alliance agreement exists (Luoyang 第七条(二) asks no more)
    if get("full_time_staff") > 0:
        flags.append("full_time_staff")
    if get("part_time_staff") > 0:
        flags.append("part_time_staff")  # Luoyang 第六条(四) “配备专（兼）职人员”
    if get("outward_responsible_party_id"):
        flags.append("outward_responsible_party")
        if get("outward_responsible_party_id") == get("lead_id"):
            flags.append("lead_responsible_outward")  # Kunming 第八条(二): the lead answers for the alliance
    if get("has_short_term_plan") or get("has_mid_term_plan") or get("has_long_term_plan"):
        flags += ["development_plan", "strategy_plan"]
    return sorted(flags)


SIGNED = "signed_by_legal_rep"  # a member's own fact: its legal representative signed the agreement


def member_flags(signed_agreement: bool) -> list[str]:
    return [SIGNED] if signed_agreement else []


def with_signatures(flags: list[str], members: list[dict[str, Any]], on: date | None) -> list[str]:
    """Once the register records who signed the agreement, "signed by every member's legal representative"
    (``agreement_signed_by_all``) is read from the members active on *on* (today when None), not stated."""
    if not any(SIGNED in m["flags"] for m in members):
        return flags
    day = (on or timezone.localdate()).isoformat()
    active = [m for m in members
              if (m["joined"] is None or m["joined"] <= day) and (m["left"] is None or day < m["left"])]
    rest = [f for f in flags if f != "agreement_signed_by_all"]
    if active and all(SIGNED in m["flags"] for m in active):
        rest = sorted({*rest, "agreement_signed_by_all", "agreement"})
    return rest


def _flags(alliance: Alliance) -> list[str]:
    return flags_of(lambda name: getattr(alliance, name))


def alliances_for_facts(queryset: Any) -> Any:
    """Prefetch everything ``alliance_facts`` reads, so a list of alliances costs a fixed number of queries."""
    return queryset.select_related("jurisdiction__region", "industry_field").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation__region")),
        "level_history__jurisdiction__region",
        "achievements",
    )


def alliance_facts(alliance: Alliance, *, on: date | None = None) -> dict[str, Any]:
    """Facts for the engine. Members are every period (the engine counts those active on its date);
    ``on`` drops periods that start after it, since a fact from the future is not yet a fact."""
    members = []
    for m in alliance.memberships.all():
        if on is not None and m.joined_on > on:
            continue
        org = m.organisation
        members.append({
            "org_id": str(org.pk), "name": org.name, "kind": org.kind, "region": org.region_id or "",
            "region_path": _region_path(org.region), "legal_person": org.legal_person,
            "chain_position": org.chain_position or None, "role": m.role,
            "joined": m.joined_on.isoformat(), "left": m.left_on.isoformat() if m.left_on else None,
            "flags": member_flags(m.signed_agreement),
        })
    levels = [{
        "level": r.level, "since": r.from_date.isoformat(),
        "jurisdiction": r.jurisdiction.region_id or "", "doc_no": r.document_number or None,
        "until": r.until.isoformat() if r.until else None,
    } for r in alliance.level_history.all() if on is None or r.from_date <= on]
    achievements = [{
        "id": f"ach{a.pk}", "kind": a.kind, "date": a.achieved_on.isoformat(), "level": a.standard_level or None,
        "matter": f"achievement:{a.pk}", "title": a.title,
    } for a in alliance.achievements.all() if on is None or a.achieved_on <= on]
    return {
        "id": str(alliance.pk), "name": alliance.name,
        "field": alliance.industry_field.name if alliance.industry_field else None,
        "kind": alliance.kind, "founded": alliance.founded_on.isoformat(), "region": alliance.region_id,
        "lead": str(alliance.lead_id), "members": members, "levels": levels,
        "flags": with_signatures(_flags(alliance), members, on),
        "achievements": achievements,
    }
