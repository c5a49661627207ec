"""The funding app's side of the engine: facts with the ledger fed back as ``payments``, payee and fund
resolution. Data walks one way: register + ledger → facts → engine → proposals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings

from itisa.funding.models import ACTIVE_PROPOSAL, Fund, FundingBan, GrantProposal, OutsideFunding
from itisa.register.models import Alliance, Jurisdiction, Organisation
from policy.api import Pack, get_pack

YUAN = Decimal("0.0001")
MATTER_FLAG_MISUSE = "funds_misused"


def pack_of(ref: str | Pack) -> Pack:
    return get_pack(ref)


def pack_jurisdiction(pack: Pack) -> Jurisdiction | None:
    """The bureau whose text the pack is (Jurisdiction.policy_pack is the pack's folder)."""
    return Jurisdiction.objects.filter(policy_pack=pack.id.split("/")[0]).first()


def rule_def(pack: Pack, rule_id: str) -> dict[str, Any]:
    for r in (pack.data.get("money") or {}).get("rules") or ():
        if r["id"] == rule_id:
            return r
    raise KeyError(rule_id)


def fund_for(pack: Pack, rule_id: str) -> Fund | None:
    """The fund named by the rule or the text (e.g. 洛阳市应用技术研究与开发资金, 第二十一条), else the
    default fund the paying bureau chose (texts naming none: Jiangning, Kunming, Weinan)."""
    jur = pack_jurisdiction(pack)
    if jur is None:
        return None
    named = rule_def(pack, rule_id).get("fund") or (pack.data.get("money") or {}).get("fund")
    funds = Fund.objects.filter(jurisdiction=jur)
    if named:
        hit = funds.filter(name=named.get("zh", "")).first()
        if hit is not None:
            return hit
    return funds.filter(is_default=True).first()


def payee_of(alliance: Alliance, pack: Pack, rule_id: str, payee_ref: str | None,
             claim: Mapping[str, Any] | None) -> tuple[str, Organisation | None]:
    """(payee key, organisation) for the engine's payee id. Keys: ``org:<pk>``, ``alliance:<pk>``,
    ``entity:<alliance pk>`` (the alliance's independent legal entity, Luoyang 第十二条)."""
    kind = rule_def(pack, rule_id)["payee"]
    if kind == "alliance" or payee_ref in (None, "") or (kind == "event_payee" and not (claim or {}).get("payee")):
        return f"alliance:{alliance.pk}", None
    if kind == "entity" and not (claim or {}).get("payee"):
        org = (Organisation.objects.filter(credit_code=alliance.legal_entity_credit_code).first()
               if alliance.legal_entity_credit_code else None)
        return (f"org:{org.pk}", org) if org else (f"entity:{alliance.pk}", None)
    org = Organisation.objects.filter(pk=int(payee_ref)).first() if str(payee_ref).isdigit() else None
    return (f"org:{org.pk}", org) if org else (f"ref:{payee_ref}", None)


def is_real_matter(rule_id: str, matter: str) -> bool:
    """A matter named by the world (a project, a standard, a platform: ``achievement:12``, ``rd:2019-01``),
    not the engine's synthetic ``<rule>:<trigger>`` key — those are the ones other packs may fund too."""
    return not matter.startswith(f"{rule_id}:")


def payments_for(alliance: Alliance, pack: Pack, *, exclude: int | None = None) -> list[dict[str, Any]]:
    """Every live grant of the alliance (approved, or proposed with a fixed amount), under any pack, as the
    engine's ``payments``: same pack → ``rule`` (already paid / top-ups), other packs → ``source``."""
    out = []
    qs = GrantProposal.objects.filter(alliance=alliance, status__in=ACTIVE_PROPOSAL).order_by("on", "id")
    for p in qs:
        if p.pk == exclude:
            continue
        amount = p.granted
        if amount is None or amount <= 0:
            continue
        row = {"id": p.ref, "article": p.article, "amount": str(amount), "date": p.on.isoformat(),
               "matter": p.matter, "payee": p.payee_ref or None, "year": p.year, "rule": f"{p.pack_id}#{p.rule}"}
        if p.pack_id != pack.id:
            row["source"] = p.citation
        out.append(row)
    # Money from outside the system that staff recorded: another policy paid the matter (Luoyang 第二十一条).
    for o in OutsideFunding.objects.filter(alliance=alliance).order_by("received_on", "id"):
        out.append({"id": o.ref, "article": "", "amount": str(o.amount), "date": o.received_on.isoformat(),
                    "matter": o.matter, "payee": None, "year": o.received_on.year, "source": o.source})
    return out


def active_ban(alliance: Alliance, on: dt.date) -> FundingBan | None:
    """The alliance's own ban (a member's ban, Jiangning 第十二条, stops that member, not the alliance)."""
    return FundingBan.objects.filter(alliance=alliance, organisation__isnull=True, since__lte=on).order_by(
        "since", "id").first()


def build_facts(alliance: Alliance, pack: Pack, on: dt.date, *, evidence: Iterable[Mapping[str, Any]] = (),
                flags: Iterable[str] = (), exclude: int | None = None) -> dict[str, Any]:
    # The whole supervision record (grades, rectifications, reports, findings): a consequence that
    # withdraws support (Luoyang 第九条, Jiangning 第十二条, Kunming 第十七条 …) must stop money too.
    from itisa.supervision.facts import supervision_facts

    facts = supervision_facts(alliance, on=on)
    extra = set(flags)
    if active_ban(alliance, on) is not None:
        extra.add(MATTER_FLAG_MISUSE)  # the engine's own consequence (Jiangning 第十三条) then blocks money too
    facts["flags"] = sorted(set(facts["flags"]) | extra)
    facts["events"] = [dict(e) for e in evidence]
    facts["payments"] = payments_for(alliance, pack, exclude=exclude)
    return facts


def as_decimal(v: Any) -> Decimal:
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Fraction):
        return Decimal(v.numerator) / Decimal(v.denominator)
    if isinstance(v, str) and "/" in v:
        n, d = v.split("/")
        return Decimal(n) / Decimal(d)
    return Decimal(str(v))


def default_district_share() -> Decimal | None:
    v = getattr(settings, "FUNDING_DEFAULT_DISTRICT_SHARE", None)
    return as_decimal(v) if v is not None else None


def split_amount(fund: Fund, engine_split: Mapping[str, Any] | None, amount: Decimal) -> dict[str, Any] | None:
    """Who pays a commitment where the text splits it (Jiangning 第十条3). The text gives no ratio, so the share
    is a bureau-set parameter: the fund's, else the configured default, else "not set" (shown as such)."""
    if not engine_split:
        return None
    share = engine_split.get("district_share")
    source = "pack"
    if share is None:
        share, source = fund.district_share, "fund"
    if share is None:
        share, source = default_district_share(), "default"
    if share is None:
        return {"article": engine_split.get("article"), "set_by": "bureau", "district_share": None,
                "note": "not set: the text gives no ratio; the finance bureau sets it"}
    share = as_decimal(share)
    district = (amount * share).quantize(YUAN, rounding=ROUND_HALF_UP)
    return {"article": engine_split.get("article"), "set_by": "bureau", "source": source,
            "district_share": str(share), "district_amount": str(district), "other_amount": str(amount - district)}
