"""Every write about support money. Each service: permission, one transaction, the row it decides locked,
an audit event, side effects on commit. The engine computes; these services record and check.

Refusals of the engine (not in force, already paid, double funding, support withdrawn, period over,
ineligible payee …) are *returned* with the run and written to the audit trail, not stored as proposals:
a proposal is something a person can approve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.access import requires
from itisa.audit.services import audit_record, snapshot
from itisa.core.dates import check_date
from itisa.core.params import is_blank
from itisa.funding import engine_io
from itisa.funding.models import (
    Budget,
    EntryKind,
    Fund,
    FundingBan,
    GrantProposal,
    LedgerEntry,
    ProposalStatus,
)
from itisa.register.models import Alliance, Jurisdiction
from policy.api import Pack, entitlements
from policy.types import Entitlement, EntitlementsResult

ZERO = Decimal("0")


class GrantConflict(ValidationError):
    """The proposal or commitment changed since the actor saw it (another decision won), or the engine no
    longer gives what was proposed."""


@dataclass
class ProposalRun:
    """What one engine run proposed and what it refused (refusals are shown, not stored)."""

    result: EntitlementsResult
    proposals: list[GrantProposal] = field(default_factory=list)
    refusals: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PaymentResult:
    payment: LedgerEntry
    offsets: list[LedgerEntry]

    @property
    def net(self) -> Decimal:
        return self.payment.amount - sum((o.amount for o in self.offsets), ZERO)


def _today() -> dt.date:
    return timezone.localdate()


def _money(value: Any, field_name: str = "amount") -> Decimal:
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        raise ValidationError({field_name: ValidationError(_("Enter an amount in 万元, e.g. 12.5."),
                                                           code="invalid_amount")}) from None
    if d != d.quantize(engine_io.YUAN):
        raise ValidationError({field_name: ValidationError(
            _("Amounts are kept to the yuan (four decimal places of 万元)."), code="too_precise")})
    return d


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "—"
    s = format(d.normalize(), "f")
    return s


# ---------------------------------------------------------------- funds and budgets


def _fund_jurisdiction(commitment: LedgerEntry) -> Jurisdiction:
    """Money is the fund's bureau's (docs/access.md), whichever alliance it goes to."""
    return commitment.fund.jurisdiction


@requires("funding.manage_fund", "jurisdiction")
def fund_create(*, actor: Any, jurisdiction: Jurisdiction, name: str, article: str = "", is_default: bool = False,
                district_share: Decimal | None = None, reason: str = "") -> Fund:
    """Register a fund of a bureau (the text's named fund, or one the bureau chose where the text names none)."""
    if is_blank(name):
        raise ValidationError({"name": ValidationError(_("A name is required."), code="required")})
    with transaction.atomic():
        fund = Fund(jurisdiction=jurisdiction, name=name.strip(), article=article, is_default=is_default,
                    district_share=district_share)
        fund.full_clean()
        fund.save()
        audit_record(actor=actor, action="fund.create", target=fund, after=snapshot(fund), reason=reason)
    return fund


@requires("funding.manage_fund", lambda kw: kw["fund"].jurisdiction)
def budget_set(*, actor: Any, fund: Fund, year: int, amount: Decimal, allow_overcommit: bool = False,
               reason: str = "") -> Budget:
    """Set (or change) a fund's budget for a fiscal year. A budget cannot drop below what is already
    committed net of recoveries unless overcommitment is allowed."""
    amount = _money(amount)
    if amount < 0:
        raise ValidationError({"amount": ValidationError(_("A budget cannot be negative."), code="negative")})
    with transaction.atomic():
        budget, created = Budget.objects.select_for_update().get_or_create(
            fund=fund, year=year, defaults={"amount": amount, "allow_overcommit": allow_overcommit})
        before = None if created else snapshot(budget)
        budget.amount, budget.allow_overcommit = amount, allow_overcommit
        if not allow_overcommit:
            from itisa.funding.selectors import budget_line

            line = budget_line(budget)
            if line.left < 0:
                raise ValidationError({"amount": ValidationError(
                    _("%(fund)s %(year)s: %(committed)s 万元 is already committed; the budget cannot be lower "
                      "unless overcommitment is allowed."), code="below_committed",
                    params={"fund": fund.name, "year": year, "committed": _fmt(line.committed - line.recovered)})})
        budget.save()
        audit_record(actor=actor, action="budget.set", target=budget, before=before, after=snapshot(budget),
                     reason=reason)
    return budget


# ---------------------------------------------------------------- proposals


def _refusal(code: str, message: str, *, citation: str = "", rule: str | None = None, matter: str | None = None,
             earlier: str | None = None, new: str | None = None, zh: str = "", en: str = "") -> dict[str, Any]:
    return {"code": code, "message": message, "zh": zh, "en": en or message, "citation": citation, "rule": rule,
            "matter": matter, "earlier": earlier, "new": new}


def _engine_refusal(r: Any) -> dict[str, Any]:
    cite = f"{r.citation.doc} {r.citation.article}" if r.citation else ""
    earlier = (r.earlier or {}).get("payment")
    return {"code": r.code, "message": r.en, "zh": r.zh, "en": r.en, "citation": cite, "rule": r.rule,
            "matter": r.matter, "earlier": earlier, "new": None}


def _ban_refusal(ban: FundingBan) -> dict[str, Any]:
    return _refusal("banned", _("No further applications are accepted from this alliance since %(since)s "
                                "(%(citation)s)." ) % {"since": ban.since.isoformat(), "citation": ban.citation},
                    citation=ban.citation, earlier=f"FB-{ban.pk}")


def _member_ban(pack: Pack, organisation: Any, on: dt.date) -> FundingBan | None:
    """A member organisation's ban imposed by the bureau whose text pays (Jiangning 第十二条, 第十三条)."""
    if organisation is None:
        return None
    jur = engine_io.pack_jurisdiction(pack)
    qs = FundingBan.objects.filter(organisation=organisation, since__lte=on)
    return (qs.filter(jurisdiction=jur) if jur is not None else qs).order_by("since", "id").first()


def _describe(pack: Pack, ent: Entitlement) -> str:
    return f"{pack.doc} {ent.citation.article} {ent.rule} {ent.matter}"


def _other_pack_duplicate(alliance: Alliance, pack: Pack, ent: Entitlement) -> GrantProposal | None:
    """A live grant for the same real-world matter under another rule or pack (any alliance)."""
    if not engine_io.is_real_matter(ent.rule, ent.matter):
        return None
    qs = GrantProposal.objects.filter(matter=ent.matter, status__in=[ProposalStatus.PROPOSED,
                                                                      ProposalStatus.APPROVED])
    # The same rule for the same alliance is the engine's business (it sees this alliance's payments);
    # any other live grant of the same matter — another rule, another pack, another alliance — is a double.
    return qs.exclude(pack_id=pack.id, rule=ent.rule, alliance=alliance).order_by("on", "id").first()


def _rules_for(pack: Pack, claim: Mapping[str, Any] | None, rules: Iterable[str] | None) -> set[str] | None:
    """Rule ids a run proposes: all (None), those a claim's kind triggers, narrowed by ``rules``."""
    wanted: set[str] | None = set(rules) if rules is not None else None
    if claim is not None:
        kind = claim.get("kind")
        hit = {r["id"] for r in (pack.data.get("money") or {}).get("rules") or ()
               if (r["trigger"]["type"] == "event" and kind in r["trigger"].get("kinds", ()))
               or (r["trigger"]["type"] == "yearly" and kind == r["id"])}
        wanted = hit if wanted is None else wanted & hit
    return wanted


@requires("funding.decide", lambda kw: kw["alliance"].jurisdiction)
def grant_propose(
    *,
    actor: Any,
    alliance: Alliance,
    pack: str | Pack,
    on: dt.date,
    claim: Mapping[str, Any] | None = None,
    year: int | None = None,
    evidence: Iterable[Mapping[str, Any]] = (),
    flags: Iterable[str] = (),
    rules: Iterable[str] | None = None,
    reason: str = "",
) -> ProposalRun:
    """Ask the engine what ``alliance`` is entitled to under ``pack`` on ``on`` and record each entitlement
    as a proposal.

    ``claim`` is one event (a standard, an exchange activity with its spend as ``base``, a year's sales, a
    national allocation …) and restricts event rules to it; ``evidence`` are further facts events (e.g.
    ``lead_matching`` for Kunming 第十二条); ``flags`` are facts the bureau asserts that the register does not
    hold (e.g. ``key_supported``, Luoyang 第十二条). With a claim only the rules the claim triggers are
    proposed (``rules`` narrows further: rule ids of the pack). Every live grant of the alliance goes to the engine as
    ``payments`` so its own "already paid", top-up and double-funding logic apply."""
    check_date("on", on, "planned")
    pack = engine_io.pack_of(pack)
    claim = dict(claim) if claim else None
    evidence = [dict(e) for e in evidence]
    flags = sorted(set(flags))
    with transaction.atomic():
        locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
        facts = engine_io.build_facts(locked, pack, on, evidence=evidence, flags=flags)
        result = entitlements(pack, facts, on, event=claim, year=year)
        run = ProposalRun(result=result)
        ban = engine_io.active_ban(locked, on)
        if ban is not None:
            run.refusals.append(_ban_refusal(ban))
        wanted = _rules_for(pack, claim, rules)
        run.refusals.extend(_engine_refusal(r) for r in result.refusals if wanted is None or r.rule in wanted
                            or r.rule is None)
        for c in result.conflicts:
            run.refusals.append(_refusal("conflict", c.en, zh=c.zh, matter=c.matter, rule=",".join(c.rules)))
        result_json = result.to_dict()
        for ent in result.entitlements if ban is None else ():
            if wanted is not None and ent.rule not in wanted:
                continue
            if ent.status == "nothing_due":
                run.refusals.append(_refusal("nothing_due", ent.en, zh=ent.zh, rule=ent.rule, matter=ent.matter,
                                             citation=f"{ent.citation.doc} {ent.citation.article}"))
                continue
            if ent.status == "conditional":  # a condition of payment is unmet (Kunming 第十二条's matching)
                unmet_zh = "；".join(c.split(" / ")[0] for c in ent.conditions)
                unmet_en = "; ".join(c.split(" / ")[-1] for c in ent.conditions)
                run.refusals.append(_refusal("conditional", f"{ent.en} — {unmet_en}", zh=f"{ent.zh}——{unmet_zh}",
                                             rule=ent.rule, matter=ent.matter,
                                             citation=f"{ent.citation.doc} {ent.citation.article}"))
                continue
            if ent.status not in ("due", "decision"):
                continue
            payee_key, payee_org = engine_io.payee_of(locked, pack, ent.rule, ent.payee, claim)
            member_ban = _member_ban(pack, payee_org, on)
            if member_ban is not None and payee_org is not None:  # Jiangning 第十二条: 取消…成员单位享受区级扶持政策权利
                run.refusals.append(_refusal(
                    "member_banned",
                    _("%(org)s no longer receives this bureau's support since %(since)s (%(citation)s).")
                    % {"org": payee_org.name, "since": member_ban.since.isoformat(), "citation": member_ban.citation},
                    citation=member_ban.citation, rule=ent.rule, matter=ent.matter))
                continue
            earlier = _other_pack_duplicate(locked, pack, ent)
            if earlier is not None:
                run.refusals.append(_refusal(
                    "double_funding",
                    _("The same matter %(matter)s is already funded by %(earlier)s (%(earlier_citation)s); "
                      "%(new)s is not funded again.") % {"matter": ent.matter, "earlier": earlier.ref,
                                                        "earlier_citation": earlier.citation,
                                                        "new": _describe(pack, ent)},
                    rule=ent.rule, matter=ent.matter, earlier=earlier.ref, new=_describe(pack, ent),
                    citation=f"{ent.citation.doc} {ent.citation.article}"))
                continue
            live = GrantProposal.objects.filter(alliance=locked, pack_id=pack.id, rule=ent.rule, matter=ent.matter,
                                                payee_key=payee_key,
                                                status__in=[ProposalStatus.PROPOSED, ProposalStatus.APPROVED]).first()
            if live is not None:
                run.refusals.append(_refusal(
                    "already_proposed",
                    _("%(new)s is already proposed or granted as %(earlier)s; not proposed twice.")
                    % {"new": _describe(pack, ent), "earlier": live.ref},
                    rule=ent.rule, matter=ent.matter, earlier=live.ref, new=_describe(pack, ent)))
                continue
            lo, hi = ent.range if ent.range else (None, None)
            proposal = GrantProposal(
                alliance=locked, pack_id=pack.id, pack_digest=result.digest, rule=ent.rule,
                mechanism=ent.mechanism, article=ent.citation.article,
                citation=f"{ent.citation.doc} {ent.citation.article}", matter=ent.matter, on=on, year=ent.year,
                asked_year=year, payee_ref=ent.payee or "", payee_key=payee_key, payee_organisation=payee_org,
                fund=engine_io.fund_for(pack, ent.rule), amount=ent.amount, range_min=lo, range_max=hi,
                is_range=ent.range is not None and ent.amount is None, cap=ent.cap, cap_applied=ent.cap_applied,
                formula=ent.formula, inputs=_jsonable(ent.inputs), conditions=list(ent.conditions),
                fiscal_split=_jsonable(ent.fiscal_split), explanation=f"{ent.zh}\n{ent.en}", claim=claim,
                evidence=evidence, asserted_flags=flags, result=result_json, created_by=_user(actor))
            try:
                with transaction.atomic():
                    proposal.save()
            except IntegrityError:  # a concurrent run recorded it first
                run.refusals.append(_refusal("already_proposed", _("%(new)s was proposed at the same time by "
                                                                   "someone else.") % {"new": _describe(pack, ent)},
                                             rule=ent.rule, matter=ent.matter))
                continue
            audit_record(actor=actor, action="grant.propose", target=proposal,
                         after={"pack": pack.id, "digest": result.digest, "rule": ent.rule, "matter": ent.matter,
                                "amount": ent.amount, "range": [lo, hi], "formula": ent.formula}, reason=reason)
            run.proposals.append(proposal)
        if run.refusals:
            audit_record(actor=actor, action="grant.refused", target=locked,
                         after={"pack": pack.id, "digest": result.digest, "on": on, "claim": claim,
                                "refusals": run.refusals}, reason=reason)
    return run


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _jsonable(v: Any) -> Any:
    from policy.types import jsonable

    return jsonable(v)


# ---------------------------------------------------------------- decisions


def _recheck(proposal: GrantProposal) -> Entitlement:
    """The engine's answer for this proposal now: same facts date, the ledger as it stands (without the
    proposal itself). Raises GrantConflict when the entitlement is no longer given."""
    pack = engine_io.pack_of(proposal.pack_id)
    facts = engine_io.build_facts(proposal.alliance, pack, proposal.on, evidence=proposal.evidence,
                                  flags=proposal.asserted_flags, exclude=proposal.pk)
    res = entitlements(pack, facts, proposal.on, event=proposal.claim, year=proposal.asked_year)
    for ent in res.entitlements:
        if ent.rule == proposal.rule and ent.matter == proposal.matter and (ent.payee or "") == proposal.payee_ref:
            return ent
    why = next((r for r in res.refusals if r.rule in (proposal.rule, None) and r.matter in (proposal.matter, None)),
               None)
    if why is None:
        why = next((r for r in res.refusals if r.rule == proposal.rule), None)
    detail = why.en if why is not None else _("the engine no longer gives it")
    raise GrantConflict(_("%(proposal)s is no longer due: %(why)s"), code="no_longer_due",
                        params={"proposal": proposal.ref, "why": detail})


def _range_text(lo: Decimal | None, hi: Decimal | None) -> str:
    if lo is None and hi is None:
        return _("no bounds in the text; the bureau sets the amount")
    if lo is None:
        return _("up to %(max)s 万元") % {"max": _fmt(hi)}
    return _("%(min)s–%(max)s 万元") % {"min": _fmt(lo), "max": _fmt(hi)}


def _check_range(proposal: GrantProposal, amount: Decimal, lo: Decimal | None, hi: Decimal | None) -> None:
    if (lo is not None and amount < lo) or (hi is not None and amount > hi):
        raise ValidationError({"amount": ValidationError(
            _("%(amount)s 万元 is outside the range %(citation)s allows (%(range)s)."), code="outside_range",
            params={"amount": _fmt(amount), "citation": proposal.citation, "range": _range_text(lo, hi)})})


def _yearly_total(proposal: GrantProposal) -> Decimal:
    agg = GrantProposal.objects.filter(alliance=proposal.alliance, pack_id=proposal.pack_id, rule=proposal.rule,
                                       year=proposal.year, status=ProposalStatus.APPROVED
                                       ).exclude(pk=proposal.pk).aggregate(s=Sum("decided_amount"))
    return agg["s"] or ZERO


def _lock_budget(fund: Fund, year: int) -> Budget:
    budget = Budget.objects.select_for_update().filter(fund=fund, year=year).first()
    if budget is None:
        raise ValidationError(_("%(fund)s has no budget for %(year)s."), code="no_budget",
                              params={"fund": fund.name, "year": year})
    return budget


def _charge(budget: Budget, amount: Decimal) -> None:
    from itisa.funding.selectors import budget_line

    line = budget_line(budget)
    if line.left - amount < 0 and not budget.allow_overcommit:
        raise ValidationError(
            _("%(fund)s %(year)s has %(left)s 万元 left; %(amount)s 万元 would overcommit it."),
            code="over_budget", params={"fund": budget.fund.name, "year": budget.year, "left": _fmt(line.left),
                                        "amount": _fmt(amount)})


@requires("funding.decide", lambda kw: kw["proposal"].alliance.jurisdiction)
def grant_decide(
    *,
    actor: Any,
    proposal: GrantProposal,
    approve: bool,
    amount: Decimal | None = None,
    reason: str = "",
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> GrantProposal:
    """Approve (booking a commitment against the fund's budget of the decision year) or reject a proposal.

    The amount is the rule's where the text fixes one; where the text gives a range (Luoyang 第十三条
    100–300, Jiangning 第十条10 10–30, 第十条4 up to 50, 第十条6 up to 30 a year) the decision picks within
    it; where the text gives none (Weinan 16) the decision supplies it. Deciding an already decided
    proposal, or one that changed since ``expected_version``, is a GrantConflict and changes nothing."""
    on = on or _today()
    with transaction.atomic():
        locked = GrantProposal.objects.select_for_update(of=("self",)).select_related("alliance", "fund").get(pk=proposal.pk)
        if expected_version is not None and locked.lock_version != expected_version:
            raise GrantConflict(_("%(proposal)s changed since you opened it (version %(now)s, you saw %(seen)s)."),
                                code="stale", params={"proposal": locked.ref, "now": locked.lock_version,
                                                      "seen": expected_version})
        if locked.status != ProposalStatus.PROPOSED:
            raise GrantConflict(_("%(proposal)s is already %(status)s (by %(who)s on %(day)s)."),
                                code="already_decided",
                                params={"proposal": locked.ref, "status": locked.get_status_display(),
                                        "who": str(locked.decided_by or "—"),
                                        "day": locked.decided_on.isoformat() if locked.decided_on else "—"})
        before = snapshot(locked)
        if not approve:
            if is_blank(reason):
                raise ValidationError({"reason": ValidationError(_("A rejection needs a reason."),
                                                                 code="reason_required")})
            locked.status = ProposalStatus.REJECTED
        else:
            decided = _decided_amount(locked, amount)
            ban = engine_io.active_ban(locked.alliance, on)
            if ban is not None:
                raise ValidationError(_ban_refusal(ban)["message"], code="banned")
            if locked.fund is None:
                raise ValidationError(_("No fund pays %(citation)s: register the bureau's fund first."),
                                      code="no_fund", params={"citation": locked.citation})
            budget = _lock_budget(locked.fund, on.year)
            _charge(budget, decided)
            locked.status = ProposalStatus.APPROVED
            locked.decided_amount = decided
            entry = LedgerEntry.objects.create(
                kind=EntryKind.COMMITMENT, fund=locked.fund, budget=budget, alliance=locked.alliance,
                payee_key=locked.payee_key, payee_organisation=locked.payee_organisation, pack_id=locked.pack_id,
                rule=locked.rule, article=locked.article, matter=locked.matter, amount=decided, booked_on=on,
                proposal=locked, fiscal_split=engine_io.split_amount(locked.fund, locked.fiscal_split, decided),
                note=reason, created_by=_user(actor))
            audit_record(actor=actor, action="ledger.commit", target=entry, after=snapshot(entry), reason=reason)
        locked.decided_by = _user(actor)
        locked.decided_on = on
        locked.decision_reason = reason
        locked.lock_version += 1
        locked.save()
        audit_record(actor=actor, action="grant.approve" if approve else "grant.reject", target=locked,
                     before={k: before[k] for k in ("status", "decided_amount", "lock_version")},
                     after={"status": locked.status, "decided_amount": locked.decided_amount,
                            "lock_version": locked.lock_version}, reason=reason)
    return locked


def _decided_amount(locked: GrantProposal, amount: Decimal | None) -> Decimal:
    current = _recheck(locked)
    if not locked.is_range:
        if current.amount != locked.amount:
            raise GrantConflict(_("%(proposal)s: the engine now gives %(now)s 万元 instead of %(then)s; "
                                  "propose again."), code="changed",
                                params={"proposal": locked.ref, "now": _fmt(current.amount),
                                        "then": _fmt(locked.amount)})
        if amount is not None and _money(amount) != locked.amount:
            raise ValidationError({"amount": ValidationError(
                _("%(citation)s fixes the amount at %(fixed)s 万元; a decision cannot change it."),
                code="fixed_amount", params={"citation": locked.citation, "fixed": _fmt(locked.amount)})})
        assert locked.amount is not None
        return locked.amount
    if amount is None:
        raise ValidationError({"amount": ValidationError(
            _("%(citation)s leaves the amount to the decision (%(range)s): enter it."), code="amount_required",
            params={"citation": locked.citation, "range": _range_text(locked.range_min, locked.range_max)})})
    decided = _money(amount)
    if decided <= 0:
        raise ValidationError({"amount": ValidationError(_("An approved amount must be more than zero."),
                                                         code="not_positive")})
    _check_range(locked, decided, locked.range_min, locked.range_max)
    lo, hi = current.range if current.range else (None, None)
    if locked.mechanism == "yearly_cap" and locked.cap is not None:
        # The cap is for the year across claims (Jiangning 第十条6): what others got since counts.
        room = max(ZERO, locked.cap - _yearly_total(locked))
        hi = room if hi is None else min(hi, room)
    _check_range(locked, decided, lo, hi)
    return decided


# ---------------------------------------------------------------- payments, recoveries, offsets


def _sum(qs: Any) -> Decimal:
    return qs.aggregate(s=Sum("amount"))["s"] or ZERO


def _lock_commitment(entry: LedgerEntry) -> LedgerEntry:
    locked = LedgerEntry.objects.select_for_update(of=("self",)).select_related("alliance__jurisdiction", "fund", "budget").get(
        pk=entry.pk)
    if locked.kind != EntryKind.COMMITMENT:
        raise ValidationError(_("%(entry)s is not a commitment."), code="not_commitment",
                              params={"entry": locked.ref})
    return locked


def outstanding_receivables(payee_key: str) -> list[tuple[LedgerEntry, Decimal]]:
    """Recoveries against a payee not yet settled, oldest first, with what is left of each."""
    out = []
    for rec in LedgerEntry.objects.select_for_update().filter(kind=EntryKind.RECOVERY, payee_key=payee_key
                                                              ).order_by("booked_on", "id"):
        left = rec.amount - _sum(LedgerEntry.objects.filter(kind=EntryKind.OFFSET, related=rec))
        if left > 0:
            out.append((rec, left))
    return out


@requires("funding.pay", lambda kw: _fund_jurisdiction(kw["commitment"]))
def grant_pay(*, actor: Any, commitment: LedgerEntry, on: dt.date, amount: Decimal | None = None,
              reason: str = "") -> PaymentResult:
    """Pay (the rest of) a commitment. What the payee owes from earlier recoveries is withheld first, as
    offset entries against this payment (oldest receivable first)."""
    check_date("on", on)  # booked today or a little ahead, never in the far future
    with transaction.atomic():
        locked = _lock_commitment(commitment)
        if LedgerEntry.objects.filter(kind=EntryKind.RECOVERY, related=locked).exists():
            raise GrantConflict(_("%(entry)s was clawed back; it is not paid any more."), code="clawed_back",
                                params={"entry": locked.ref})
        paid = _sum(LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, related=locked))
        remaining = locked.amount - paid
        if remaining <= 0:
            raise GrantConflict(_("%(entry)s is already paid in full."), code="already_paid",
                                params={"entry": locked.ref})
        pay = remaining if amount is None else _money(amount)
        if pay <= 0 or pay > remaining:
            raise ValidationError({"amount": ValidationError(
                _("%(entry)s has %(remaining)s 万元 left to pay."), code="overpay",
                params={"entry": locked.ref, "remaining": _fmt(remaining)})})
        payment = LedgerEntry.objects.create(
            kind=EntryKind.PAYMENT, fund=locked.fund, budget=locked.budget, alliance=locked.alliance,
            payee_key=locked.payee_key, payee_organisation=locked.payee_organisation, pack_id=locked.pack_id,
            rule=locked.rule, article=locked.article, matter=locked.matter, amount=pay, booked_on=on,
            related=locked, proposal=locked.proposal, note=reason, created_by=_user(actor))
        audit_record(actor=actor, action="ledger.pay", target=payment, after=snapshot(payment), reason=reason)
        offsets = []
        room = pay
        for rec, left in outstanding_receivables(locked.payee_key):
            if room <= 0:
                break
            take = min(room, left)
            off = LedgerEntry.objects.create(
                kind=EntryKind.OFFSET, fund=rec.fund, budget=rec.budget, alliance=rec.alliance,
                payee_key=rec.payee_key, payee_organisation=rec.payee_organisation, pack_id=rec.pack_id,
                rule=rec.rule, article=rec.article, matter=rec.matter, amount=take, booked_on=on, related=rec,
                settles=payment, note=_("Withheld from %(payment)s to settle %(recovery)s.")
                % {"payment": payment.ref, "recovery": rec.ref}, created_by=_user(actor))
            audit_record(actor=actor, action="ledger.offset", target=off, after=snapshot(off), reason=reason)
            offsets.append(off)
            room -= take
    return PaymentResult(payment, offsets)


GROUNDS = ("misuse", "revocation")


@requires("funding.pay", lambda kw: _fund_jurisdiction(kw["commitment"]))
def grant_claw_back(*, actor: Any, commitment: LedgerEntry, on: dt.date, ground: str, reason: str,
                    amount: Decimal | None = None) -> LedgerEntry:
    """Record a clawback receivable against the payee for money paid under ``commitment``. On ``misuse``,
    where the text bars further applications (Jiangning 第十三条 不再受理其公共政策支持资金申请) the alliance
    is banned from new proposals, citing that article."""
    check_date("on", on)
    if ground not in GROUNDS:
        raise ValidationError({"ground": ValidationError(_("“%(value)s” is not a valid choice."),
                                                         code="invalid_choice", params={"value": ground})})
    if is_blank(reason):
        raise ValidationError({"reason": ValidationError(_("A clawback needs a reason."), code="reason_required")})
    with transaction.atomic():
        locked = _lock_commitment(commitment)
        paid = _sum(LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, related=locked))
        recovered = _sum(LedgerEntry.objects.filter(kind=EntryKind.RECOVERY, related=locked))
        open_ = paid - recovered
        if open_ <= 0:
            raise GrantConflict(_("Nothing paid under %(entry)s is left to recover."), code="nothing_to_recover",
                                params={"entry": locked.ref})
        take = open_ if amount is None else _money(amount)
        if take <= 0 or take > open_:
            raise ValidationError({"amount": ValidationError(
                _("At most %(open)s 万元 paid under %(entry)s can be recovered."), code="over_recovery",
                params={"open": _fmt(open_), "entry": locked.ref})})
        rec = LedgerEntry.objects.create(
            kind=EntryKind.RECOVERY, fund=locked.fund, budget=locked.budget, alliance=locked.alliance,
            payee_key=locked.payee_key, payee_organisation=locked.payee_organisation, pack_id=locked.pack_id,
            rule=locked.rule, article=locked.article, matter=locked.matter, amount=take, booked_on=on,
            related=locked, proposal=locked.proposal, note=f"{ground}: {reason}", created_by=_user(actor))
        audit_record(actor=actor, action="ledger.recover", target=rec, after=snapshot(rec), reason=reason)
        if ground == "misuse":
            _ban_if_text_says_so(actor, locked, rec, on, reason)
    return rec


def _ban_if_text_says_so(actor: Any, commitment: LedgerEntry, rec: LedgerEntry, on: dt.date, reason: str) -> None:
    pack = engine_io.pack_of(commitment.pack_id)
    for c in pack.data.get("consequences") or ():
        if "no_further_applications" in (c.get("effects") or ()):
            jur = engine_io.pack_jurisdiction(pack) or commitment.alliance.jurisdiction
            locked_alliance = Alliance.objects.select_for_update().get(pk=commitment.alliance_id)
            ban = FundingBan.objects.create(alliance=locked_alliance, jurisdiction=jur, pack_id=pack.id,
                                            article=c["article"], citation=f"{pack.doc} {c['article']}", since=on,
                                            recovery=rec, reason=reason)
            audit_record(actor=actor, action="funding.ban", target=ban, after=snapshot(ban), reason=reason)
            return


@requires("supervision.decide", "alliance")
def member_bans_record(*, actor: Any, alliance: Alliance, organisations: Iterable[Any], pack: Pack, article: str,
                       on: dt.date, reason: str) -> list[FundingBan]:
    """Where the text stops the members' support with the alliance's (Jiangning 第十二条 取消联盟及其成员单位
    享受区级扶持政策权利), one ban per member organisation, citing the article. Called inside the supervision
    service that applies the consequence; a member already banned under that article keeps its ban."""
    check_date("on", on)
    jur = engine_io.pack_jurisdiction(pack) or alliance.jurisdiction
    bans = []
    for org in organisations:
        if FundingBan.objects.filter(alliance=alliance, organisation=org, pack_id=pack.id, article=article).exists():
            continue
        ban = FundingBan.objects.create(alliance=alliance, organisation=org, jurisdiction=jur, pack_id=pack.id,
                                        article=article, citation=f"{pack.doc} {article}", since=on, reason=reason)
        audit_record(actor=actor, action="funding.member_ban", target=ban, after=snapshot(ban), reason=reason)
        bans.append(ban)
    return bans
