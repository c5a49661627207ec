"""What a claim asks, derived from the pack's money rules — one form builder for every claim-based article.

A rule pays on a claim when its trigger is an ``event`` (the claim is that event), a ``yearly`` rule (the
claim is the year, e.g. Jiangning 第十条10), or when it requires the lead's matching (Kunming 第十二条: the
claim is the ``lead_matching`` proof, given to the engine as evidence). The fields follow the mechanism:
a rate needs its base, a yearly cap or multi-year rule the year, an ``event_payee`` the member that carries
it, an ``event_flag`` condition a box the lead ticks; a ``flag`` condition (``key_supported``) is the
bureau's decision, asked on the review form instead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from itisa.core.forms import BoundedDateField, DecimalInput, HtmlDateInput, TextField
from policy.api import Pack

RATE_MECHANISMS = ("matching", "percentage_with_cap", "multi_year")
YEAR_MECHANISMS = ("multi_year",)  # a yearly cap reads the year off the date
MATCHING_EVENT = "lead_matching"

FLAG_LABELS = {  # what the lead ticks (event flags) — the pack's own words are shown next to them
    "filed": _("The activity was filed with the bureau"),
    "led_by_alliance": _("The alliance led the activity"),
    "platform_recognised": _("The platform is recognised by the city bureau"),
    "major_contribution": _("The bureau found a major contribution"),
}


@dataclass(frozen=True)
class ClaimKind:
    """One kind of claim a pack accepts: the event kind, the rules it triggers and the fields it needs."""

    kind: str
    rules: tuple[dict[str, Any], ...]
    as_evidence: bool = False  # the event goes to the engine as evidence (lead matching), not as the claim
    fields: tuple[str, ...] = ()
    event_flags: tuple[tuple[str, str, str], ...] = ()  # (flag, zh, en)
    staff_flags: tuple[tuple[str, str, str], ...] = ()
    member_payee: bool = False
    member_kinds: tuple[str, ...] = field(default=())

    @property
    def article(self) -> str:
        return self.rules[0]["article"]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r["id"] for r in self.rules)

    def label(self) -> str:
        zh = (get_language() or "zh-hans").startswith("zh")
        return "；".join(r["zh"] for r in self.rules) if zh else "; ".join(r["en"] for r in self.rules)


def _kinds_of(rule: dict[str, Any]) -> list[tuple[str, bool]]:
    t = rule["trigger"]["type"]
    if t == "event":
        return [(k, False) for k in rule["trigger"]["kinds"]]
    if t == "yearly":
        return [(rule["id"], False)]
    if rule.get("matching_required"):
        return [(MATCHING_EVENT, True)]
    return []


def claim_kinds(pack: Pack) -> list[ClaimKind]:
    """Every kind of claim the pack pays on, in the pack's order."""
    grouped: dict[str, list[tuple[dict[str, Any], bool]]] = {}
    for r in (pack.data.get("money") or {}).get("rules") or ():
        for kind, ev in _kinds_of(r):
            grouped.setdefault(kind, []).append((r, ev))
    out = []
    for kind, pairs in grouped.items():
        rules = tuple(r for r, _ev in pairs)
        as_evidence = pairs[0][1]
        fields = ["date"]
        mechs = {r["mechanism"] for r in rules}
        if as_evidence or mechs & set(RATE_MECHANISMS) or "yearly_cap" in mechs:
            fields.append("base")
        if mechs & set(YEAR_MECHANISMS) or any(r["trigger"]["type"] == "yearly" for r in rules):
            fields.append("year")
        if any(r["trigger"]["type"] == "event" for r in rules):
            fields.append("matter")
        ev_flags: dict[str, tuple[str, str, str]] = {}
        st_flags: dict[str, tuple[str, str, str]] = {}
        for r in rules:
            for q in r.get("requires") or ():
                if q["type"] == "event_flag":
                    ev_flags[q["flag"]] = (q["flag"], q.get("zh", ""), q.get("en", ""))
                elif q["type"] == "flag":
                    st_flags[q["flag"]] = (q["flag"], q.get("zh", ""), q.get("en", ""))
        payee = any(r["payee"] == "event_payee" for r in rules)
        member_kinds = tuple(k for r in rules for k in ((r.get("payee_filter") or {}).get("kinds") or ()))
        out.append(
            ClaimKind(
                kind=kind,
                rules=rules,
                as_evidence=as_evidence,
                fields=tuple(fields),
                event_flags=tuple(ev_flags.values()),
                staff_flags=tuple(st_flags.values()),
                member_payee=payee,
                member_kinds=member_kinds,
            )
        )
    return out


def claim_kind(pack: Pack, kind: str) -> ClaimKind | None:
    return next((k for k in claim_kinds(pack) if k.kind == kind), None)


BASE_HELP = {
    "matching": _("The allocation the project received (万元)."),
    "percentage_with_cap": _("The amount the rate applies to (万元): investment, operating funds or income."),
    "multi_year": _("The entity's sales of the year (万元)."),
    "yearly_cap": _("What the activity actually cost (万元)."),
}


class ClaimForm(forms.Form):
    """The claim's fields as the pack's rule needs them (built by ``claim_kinds``), plus the evidence."""

    def __init__(self, *args: Any, spec: ClaimKind, payees: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["date"] = BoundedDateField(
            label=_("Date of the happening"), widget=HtmlDateInput(), initial=timezone.localdate
        )
        if "base" in spec.fields:
            mech = next((r["mechanism"] for r in spec.rules if r["mechanism"] in BASE_HELP), "")
            label = _("Amount the lead unit matches (万元)") if spec.as_evidence else _("Base amount (万元)")
            self.fields["base"] = forms.DecimalField(
                label=label,
                min_value=Decimal("0"),
                max_digits=16,
                decimal_places=4,
                widget=DecimalInput(),
                required=spec.as_evidence or any(r["mechanism"] in RATE_MECHANISMS for r in spec.rules),
                help_text=BASE_HELP.get(mech, ""),
            )
        if "year" in spec.fields:
            self.fields["year"] = forms.IntegerField(
                label=_("Year claimed"), min_value=1990, max_value=2199, initial=lambda: dt.date.today().year
            )
        if "matter" in spec.fields:
            self.fields["matter"] = TextField(
                label=_("Reference of the matter"),
                max_length=120,
                required=False,
                help_text=_("The project, platform or activity number; the same matter is never paid twice."),
            )
        if spec.member_payee:
            self.fields["payee"] = forms.TypedChoiceField(
                label=_("Member unit that carries it"), coerce=int, choices=[("", "—"), *payees], required=False
            )
        for flag, zh, en in spec.event_flags:
            word = zh if (get_language() or "zh-hans").startswith("zh") else en
            self.fields[f"flag_{flag}"] = forms.BooleanField(label=word or FLAG_LABELS.get(flag, flag), required=False)
        self.fields["evidence"] = evidence_field()
        self.fields["note"] = TextField(
            label=_("Note to the bureau"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def event(self, claim_id: str) -> dict[str, Any]:
        """The claim as the facts format's ``events[]`` reads it (docs/policy/facts.md)."""
        d = self.cleaned_data
        ev: dict[str, Any] = {"id": claim_id, "kind": self.spec.kind, "date": d["date"].isoformat()}
        if d.get("base") is not None:
            ev["base"] = format(d["base"].normalize(), "f")
        if d.get("year"):
            ev["year"] = d["year"]
        if d.get("matter"):
            ev["matter"] = d["matter"].strip()
        if d.get("payee"):
            ev["payee"] = str(d["payee"])
        flags = [f for f, _zh, _en in self.spec.event_flags if d.get(f"flag_{f}")]
        if flags:
            ev["flags"] = flags
        return ev


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (Django's documented recipe); the view passes them on as a list."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def evidence_field() -> forms.FileField:
    return MultipleFileField(label=_("Evidence documents"), required=False, widget=MultipleFileInput())


class EvidenceForm(forms.Form):
    evidence = evidence_field()
    note = TextField(label=_("Note to the bureau"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def flag_words(pack_id: str, kind: str, flags: list[str]) -> list[str]:
    """The pack's words for the flags a claim states or the bureau found (people read words, not codes)."""
    from policy.api import get_pack

    spec = claim_kind(get_pack(pack_id), kind)
    zh = (get_language() or "zh-hans").startswith("zh")
    words = {
        f: (z if zh else e) or str(FLAG_LABELS.get(f, f))
        for f, z, e in ((spec.event_flags + spec.staff_flags) if spec else ())
    }
    return [words.get(f, str(FLAG_LABELS.get(f, f))) for f in flags]
