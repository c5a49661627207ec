"""Read, validate and fingerprint policy packs (``policy/packs/<region>-<name>/<year>.yaml``).

The loader refuses a pack with a parameter value lacking a citation, inconsistent dates, unknown keys,
references to undefined parameters, or literal amounts inside rules (amounts live in cited parameters).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from .dates import parse_date
from .types import LEVELS, MEMBER_KINDS, ROLES, Citation, Parameter, ParameterValue, jsonable

PACKS_DIR = Path(__file__).parent / "packs"


class PackError(ValueError):
    """A pack that the loader refuses."""


# ------------------------------------------------------------------------------------------- schema
TOP_KEYS = {"schema_version", "pack", "identity", "parameters", "conditions", "procedures", "duties",
            "evaluation", "consequences", "money", "not_encoded", "readings", "naming", "report_contents", "targets",
            "review"}
READING_KEYS = {"id", "article", "words", "zh", "en", "status", "confirmed_by", "confirmed_on", "note"}
READING_STATUSES = {"confirmed", "unconfirmed"}
IDENTITY_KEYS = {"key", "title", "title_en", "doc_no", "cite_as", "issuers", "region", "region_name", "level",
                 "recognises", "adopted", "published", "in_force", "lapses", "supersedes", "fields", "source",
                 "note", "reading"}
DATED_KEYS = {"date", "article", "quote", "reading", "note", "assumed"}
#: in_force.assumed: the text gives no date; the day a bureau confirmed to apply it from (who and when)
ASSUMED_KEYS = {"date", "reason", "confirmed_by", "confirmed_on"}
SUPERSEDES_KEYS = {"doc_no", "title", "date", "article", "quote", "note"}
FIELDS_KEYS = {"article", "values", "open"}
PARAM_KEYS = {"label", "label_en", "unit", "kind", "reading", "note", "values"}
VALUE_KEYS = {"value", "article", "quote"}
UNITS = {"count", "months", "days", "years", "wan_yuan", "fraction"}
PARAM_KINDS = {"law", "reading", "bureau_set"}
CONDITION_KEYS = {"id", "article", "quote", "zh", "en", "check", "test", "question", "reading"}
TESTS: dict[str, set[str]] = {
    "member_count": {"min", "kinds", "roles", "legal_person", "in_region", "flags"},
    "member_share_in_region": {"threshold", "op", "kinds", "legal_person"},
    "lead": {"legal_person", "in_region", "kinds"},
    "kinds_present": {"groups"},
    "all_members": {"legal_person", "kinds", "flags"},
    "chain_coverage": {"positions", "kinds"},
    "founded_at_least": {"months", "since"},
    "flags": {"all", "any", "once"},
    "achievements": {"min", "kinds", "exempt_alliance_kinds"},
    "custom": {"name"},
    "no_open_objection": set(),
}
PROCEDURE_KEYS = {"id", "zh", "en", "article", "intake", "initial", "states", "transitions", "materials",
                  "periods", "note", "reading"}
INTAKE_MODES = {"yearly_call", "year_round", "public_call", "on_demand"}
STATE_KEYS = {"id", "zh", "en", "terminal"}
TRANSITION_KEYS = {"from", "to", "action", "role", "guard", "also", "produces", "article", "note", "reading"}
#: ``produces``: the fact a move creates for the engine — ``{recommended_by: <who>, level: <level>}``: the
#: alliance's next recognition at that level was recommended by <who> (read by level_recommended_by).
PRODUCES_KEYS = {"recommended_by", "level"}
MATERIAL_KEYS = {"id", "zh", "en", "article"}
PERIOD_KEYS = {"id", "zh", "en", "param", "unit", "starts_on", "article", "reading", "counting"}
PERIOD_UNITS = {"calendar_days", "months", "years"}
DUTY_KEYS = {"id", "kind", "zh", "en", "article", "quote", "actor", "schedule", "report_kind", "endorsed_by", "endorsers",
             "reading", "note"}
SCHEDULES: dict[str, set[str]] = {
    "yearly_by": {"month", "day", "first"},
    "yearly_in_month": {"month", "first"},
    "yearly": {"due", "first"},
    "every_years": {"years", "from"},
    "after_event": {"event", "period", "unit", "done_by", "counting"},
    "rectification": {"period"},
    "as_needed": set(),
}
EVALUATION_KEYS = {"article", "scale", "reading", "dimensions", "frequency", "note"}
CONSEQUENCE_KEYS = {"id", "article", "quote", "zh", "en", "when", "effects", "scope", "blocks_money", "question",
                    "note", "reading"}
WHENS: dict[str, set[str]] = {
    "grade": {"grades", "kind"},
    "grade_streak": {"grades", "years", "kind"},
    "rectification_failed": set(),
    "flag": {"flag"},
    "duty_missed": {"duty", "statuses"},
    "expert": set(),
    "custom": {"name"},
}
EFFECTS = {"warning", "rectification", "loses_support", "loses_title", "revoked", "plaque_withdrawn", "published",
           "funds_recovered", "no_further_applications"}
MONEY_KEYS = {"fund", "no_double_funding", "rules", "precedence"}
MECHANISMS: dict[str, set[str]] = {
    "fixed": {"amount"},
    "fixed_by_level": {"amounts"},
    "cumulative_topup": {"ceilings"},
    "per_member_fixed": {"amount"},
    "percentage_with_cap": {"rate", "cap", "cap_scope"},
    "multi_year": {"rate", "cap", "years"},
    "per_item": {"rates"},
    "yearly_cap": {"cap"},
    "range_decision": {"min", "max"},
    "matching": {"rates", "rate"},
}
RULE_COMMON = {"id", "article", "quote", "zh", "en", "mechanism", "trigger", "requires", "payee", "payee_filter",
               "fiscal_split", "note", "reading", "paid_after", "matching_required", "fund", "after_lapse",
               "level_words"}
TRIGGERS: dict[str, set[str]] = {
    "level": {"levels"},
    "event": {"kinds"},
    "achievement": {"kinds"},
    "yearly": set(),
}
REQUIRES: dict[str, set[str]] = {
    "recognised": {"zh", "en"},
    "recognised_for": {"years", "judged_on", "zh", "en"},
    "event_flag": {"flag", "zh", "en"},
    "flag": {"flag", "zh", "en"},
    "grade_in": {"grades", "zh", "en"},
    "level_recommended_by": {"by", "zh", "en"},
    "expert": {"question", "zh", "en"},
    "lead_in_region": {"zh", "en"},
}
PAYEES = {"lead", "alliance", "member", "event_payee", "entity"}
PAYEE_FILTER_KEYS = {"kinds", "legal_person", "in_region"}
# keys whose string value names a parameter of the pack
PARAM_REF_KEYS = {"min", "threshold", "months", "amount", "cap", "max", "years", "rate", "period", "param",
                  "district_share", "ratio", "valid_years", "switch"}


@dataclass(frozen=True)
class Pack:
    id: str  # "320115-jiangning/2019"
    key: str  # "jiangning" — the prefix of parameter names
    path: Path
    data: dict[str, Any]  # the validated YAML content
    parameters: dict[str, Parameter]  # by local name
    digest: str
    module: ModuleType | None = field(default=None, compare=False, hash=False)

    @property
    def identity(self) -> dict[str, Any]:
        return self.data["identity"]

    @property
    def doc(self) -> str:
        ident = self.identity
        return ident.get("doc_no") or ident.get("cite_as") or ident["title"]

    def cite(self, article: str, quote: str | None = None) -> Citation:
        return Citation(doc=self.doc, article=article, quote=quote, pack=self.id)

    @property
    def readings(self) -> dict[str, dict[str, Any]]:
        """The pack's readings (interpretive choices) by id."""
        return {r["id"]: r for r in self.data.get("readings") or ()}

    @property
    def in_force(self) -> dt.date | None:
        """The day the text applies from: its own date, else the assumed one a bureau confirmed (or None)."""
        inf = self.identity["in_force"]
        return inf.get("date") or (inf.get("assumed") or {}).get("date")

    @property
    def in_force_assumed(self) -> dict[str, Any] | None:
        """The text gives no in-force date: the assumption applied (date, reason, who confirmed it and when)."""
        inf = self.identity["in_force"]
        return inf.get("assumed") if inf.get("date") is None else None

    @property
    def lapses(self) -> dt.date | None:
        lapses = self.identity.get("lapses")
        return lapses.get("date") if lapses else None


def _unknown(where: str, d: Any, allowed: set[str]) -> None:
    if not isinstance(d, dict):
        raise PackError(f"{where}: expected a mapping, got {type(d).__name__}")
    extra = set(d) - allowed
    if extra:
        raise PackError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")


def _need(where: str, d: dict[str, Any], *keys: str) -> None:
    for k in keys:
        if d.get(k) in (None, ""):
            raise PackError(f"{where}: missing {k!r}")


def parse_value(unit: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    if isinstance(raw, float):
        raise PackError(f"{where}: write {raw!r} as a string (\"{raw}\") — no binary floats in a pack")
    if unit == "wan_yuan":
        return Decimal(str(raw))
    if unit == "fraction":
        return Fraction(str(raw))
    if not isinstance(raw, int):
        raise PackError(f"{where}: {unit} must be an integer")
    return raw


READING_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def legacy_readings(ref: Any) -> tuple[str, ...]:
    """Free-text ``reading:`` values (the format before ``readings:``): still loaded and shown as text so a pack
    written the old way keeps working, but ``python -m policy lint`` refuses them."""
    if ref is None:
        return ()
    return tuple(x for x in ((ref,) if isinstance(ref, str) else ref) if not READING_ID.match(x))


def reading_ids(ref: Any) -> tuple[str, ...]:
    """The reading ids an element's ``reading:`` key names (one id or a list)."""
    if ref is None:
        return ()
    return tuple(x for x in ((ref,) if isinstance(ref, str) else ref) if READING_ID.match(x))


def reading_text(readings: dict[str, dict[str, Any]], ref: Any) -> str | None:
    """The words of the readings an element names, "zh / en" each, for pages that show them."""
    ids = (ref,) if isinstance(ref, str) else tuple(ref or ())
    if not ids:
        return None
    return "；".join(f"{readings[i]['zh']} / {readings[i].get('en', '')}" if i in readings else i for i in ids)


def _parameters(key: str, doc: str, pack_id: str, raw: dict[str, Any], lapses: dt.date | None,
                in_force: dt.date | None, readings: dict[str, dict[str, Any]] | None = None) -> dict[str, Parameter]:
    out: dict[str, Parameter] = {}
    for name, p in (raw or {}).items():
        where = f"parameter {name}"
        _unknown(where, p, PARAM_KEYS)
        _need(where, p, "label", "unit", "kind", "values")
        if p["unit"] not in UNITS:
            raise PackError(f"{where}: unit {p['unit']!r} not in {sorted(UNITS)}")
        if p["kind"] not in PARAM_KINDS:
            raise PackError(f"{where}: kind {p['kind']!r} not in {sorted(PARAM_KINDS)}")
        if p["kind"] == "reading" and not p.get("reading"):
            raise PackError(f"{where}: a reading must say how the text is read (key 'reading')")
        values = []
        for start, v in sorted(p["values"].items(), key=lambda kv: parse_date(kv[0])):  # type: ignore[arg-type,return-value]
            vwhere = f"{where} value of {start}"
            start_d = parse_date(start)
            if not isinstance(v, dict):
                raise PackError(f"{vwhere}: write {{value: …, article: …}} — a value without a citation is refused")
            _unknown(vwhere, v, VALUE_KEYS)
            if not v.get("article"):
                raise PackError(f"{vwhere}: no citation (article) — no citation, no value")
            if "value" not in v:
                raise PackError(f"{vwhere}: missing 'value'")
            if v["value"] is None and p["kind"] != "bureau_set":
                raise PackError(f"{vwhere}: only a bureau_set parameter may leave its value unset (null)")
            if lapses and start_d and start_d > lapses:
                raise PackError(f"{vwhere}: starts after the text lapses ({lapses})")
            if in_force and start_d and start_d < in_force:
                raise PackError(f"{vwhere}: starts before the text is in force ({in_force})")
            values.append(ParameterValue(
                start=start_d, value=parse_value(p["unit"], v["value"], vwhere),  # type: ignore[arg-type]
                citation=Citation(doc=doc, article=str(v["article"]), quote=v.get("quote"), pack=pack_id)))
        if not values:
            raise PackError(f"{where}: no values")
        out[name] = Parameter(name=f"{key}.{name}", label=p["label"], label_en=p.get("label_en", ""),
                              unit=p["unit"], kind=p["kind"], values=tuple(values),
                              reading=reading_text(readings or {}, p.get("reading")), note=p.get("note"),
                              readings=reading_ids(p.get("reading")))
    return out


def _refs(where: str, node: Any, params: dict[str, Parameter]) -> None:
    """Every parameter reference must exist; amounts and thresholds may not be literals."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in PARAM_REF_KEYS and not isinstance(v, (dict, list)):
                if isinstance(v, bool) or not isinstance(v, str):
                    raise PackError(f"{where}.{k}: {v!r} is a literal — put it in a cited parameter and name it")
                if v not in params:
                    raise PackError(f"{where}.{k}: unknown parameter {v!r}")
            elif k in {"ceilings", "rates", "amounts"} and isinstance(v, dict):
                for kk, vv in v.items():
                    if not isinstance(vv, str) or vv not in params:
                        raise PackError(f"{where}.{k}.{kk}: {vv!r} is not a parameter of the pack")
            else:
                _refs(f"{where}.{k}", v, params)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _refs(f"{where}[{i}]", v, params)


def _typed(where: str, d: dict[str, Any], table: dict[str, set[str]], tkey: str, common: set[str]) -> None:
    t = d.get(tkey)
    if t not in table:
        raise PackError(f"{where}: {tkey} {t!r} not in {sorted(table)}")
    _unknown(where, d, table[t] | common)


def validate(data: dict[str, Any], module: ModuleType | None = None) -> None:
    _unknown("pack", data, TOP_KEYS)
    _need("pack", data, "schema_version", "pack", "identity")
    if data["schema_version"] != 1:
        raise PackError(f"schema_version {data['schema_version']!r} not supported (1)")
    ident = data["identity"]
    _unknown("identity", ident, IDENTITY_KEYS)
    _need("identity", ident, "key", "title", "region", "level", "in_force")
    if not (ident.get("doc_no") or ident.get("cite_as")):
        raise PackError("identity: give doc_no, or cite_as when the text bears no number")
    if ident["level"] not in LEVELS:
        raise PackError(f"identity.level {ident['level']!r} not in {LEVELS}")
    for k in ("in_force", "lapses"):
        if ident.get(k) is not None:
            _unknown(f"identity.{k}", ident[k], DATED_KEYS)
            _need(f"identity.{k}", ident[k], "article")
            ident[k]["date"] = parse_date(ident[k].get("date"))
    assumed = ident["in_force"].get("assumed")
    if assumed is not None:
        _unknown("identity.in_force.assumed", assumed, ASSUMED_KEYS)
        _need("identity.in_force.assumed", assumed, "date", "reason")
        if ident["in_force"]["date"] is not None:
            raise PackError("identity.in_force: an assumed date only when the text gives none (date: null)")
        assumed["date"] = parse_date(assumed["date"])
        assumed["confirmed_on"] = parse_date(assumed.get("confirmed_on"))
    for k in ("adopted", "published"):
        ident[k] = parse_date(ident.get(k))
    in_force = ident["in_force"]["date"] or (assumed or {}).get("date")
    lapses = (ident.get("lapses") or {}).get("date")
    if in_force and lapses and lapses < in_force:
        raise PackError(f"identity: lapses {lapses} before in force {in_force}")
    if ident["adopted"] and ident["published"] and ident["published"] < ident["adopted"]:
        raise PackError("identity: published before adopted")
    if ident["adopted"] and in_force and in_force < ident["adopted"]:
        raise PackError("identity: in force before adopted")
    for i, s in enumerate(ident.get("supersedes") or ()):
        _unknown(f"identity.supersedes[{i}]", s, SUPERSEDES_KEYS)
        _need(f"identity.supersedes[{i}]", s, "doc_no", "article")
        s["date"] = parse_date(s.get("date"))
    if ident.get("fields") is not None:
        _unknown("identity.fields", ident["fields"], FIELDS_KEYS)
    pack_id = data["pack"]
    params = _parameters(ident["key"], ident.get("doc_no") or ident.get("cite_as") or ident["title"], pack_id,
                         data.get("parameters") or {}, lapses, in_force)
    customs = getattr(module, "CONDITION_TESTS", {}) if module else {}
    custom_whens = getattr(module, "CONSEQUENCE_TESTS", {}) if module else {}
    ids: set[str] = set()

    def uid(kind: str, x: str) -> None:
        if (kind, x) in ids:
            raise PackError(f"duplicate {kind} id {x!r}")
        ids.add((kind, x))  # type: ignore[arg-type]

    for i, c in enumerate(data.get("conditions") or ()):
        where = f"conditions[{i}]"
        _unknown(where, c, CONDITION_KEYS)
        _need(where, c, "id", "article", "zh", "en", "check")
        uid("condition", c["id"])
        if c["check"] == "machine":
            _need(where, c, "test")
            _typed(f"{where}.test", c["test"], TESTS, "type", {"type"})
            if c["test"]["type"] == "custom" and c["test"].get("name") not in customs:
                raise PackError(f"{where}: custom test {c['test'].get('name')!r} not in rules.py CONDITION_TESTS")
            member_kinds = [] if c["test"]["type"] == "achievements" else [c["test"].get("kinds") or []]
            for g in list(c["test"].get("groups", [])) + member_kinds:
                for k in g:
                    if k not in MEMBER_KINDS:
                        raise PackError(f"{where}: unknown member kind {k!r}")
        elif c["check"] == "expert":
            _need(where, c, "question")
        else:
            raise PackError(f"{where}: check must be machine or expert")
    for i, p in enumerate(data.get("procedures") or ()):
        where = f"procedures[{i}]"
        _unknown(where, p, PROCEDURE_KEYS)
        _need(where, p, "id", "initial", "states", "transitions")
        uid("procedure", p["id"])
        if p.get("intake"):
            _unknown(f"{where}.intake", p["intake"], {"mode", "article", "quote"})
            if p["intake"].get("mode") not in INTAKE_MODES:
                raise PackError(f"{where}.intake.mode must be one of {sorted(INTAKE_MODES)}")
        states = set()
        for s in p["states"]:
            _unknown(f"{where}.states", s, STATE_KEYS)
            states.add(s["id"])
        if p["initial"] not in states:
            raise PackError(f"{where}: initial state {p['initial']!r} not among states")
        seen = set()
        for j, t in enumerate(p["transitions"]):
            tw = f"{where}.transitions[{j}]"
            _unknown(tw, t, TRANSITION_KEYS)
            _need(tw, t, "from", "to", "action", "role", "article")
            if t["from"] not in states or t["to"] not in states:
                raise PackError(f"{tw}: unknown state")
            if t["role"] not in ROLES:
                raise PackError(f"{tw}: role {t['role']!r} not in {ROLES}")
            if t.get("also") is not None and (not isinstance(t["also"], list) or not t.get("guard")
                                              or not all(isinstance(g, str) for g in t["also"])):
                raise PackError(f"{tw}: also must be a list of guard names beside a guard")
            if t.get("produces") is not None:
                _unknown(f"{tw}.produces", t["produces"], PRODUCES_KEYS)
                _need(f"{tw}.produces", t["produces"], "recommended_by", "level")
            key = (t["from"], t["action"], t["role"], t.get("guard"), tuple(t.get("also") or ()))
            if key in seen:
                raise PackError(f"{tw}: duplicate transition")
            seen.add(key)
        for m in p.get("materials") or ():
            _unknown(f"{where}.materials", m, MATERIAL_KEYS)
            _need(f"{where}.materials", m, "id", "article")
        for m in p.get("periods") or ():
            _unknown(f"{where}.periods", m, PERIOD_KEYS)
            _need(f"{where}.periods", m, "id", "param", "unit", "article")
            if m["unit"] not in PERIOD_UNITS:
                raise PackError(f"{where}.periods: unit must be one of {sorted(PERIOD_UNITS)}")
    for i, d in enumerate(data.get("duties") or ()):
        where = f"duties[{i}]"
        _unknown(where, d, DUTY_KEYS)
        _need(where, d, "id", "kind", "article", "zh", "en", "schedule")
        uid("duty", d["id"])
        _typed(f"{where}.schedule", d["schedule"], SCHEDULES, "type", {"type"})
        if d.get("actor", "lead_unit") not in ROLES:
            raise PackError(f"{where}: actor not in {ROLES}")
    ev = data.get("evaluation")
    grades: set[str] = set()
    if ev:
        _unknown("evaluation", ev, EVALUATION_KEYS)
        for g in ev.get("scale") or ():
            _unknown("evaluation.scale", g, {"id", "zh", "en", "valid_years", "article"})
            grades.add(g["id"])
        for g in ev.get("dimensions") or ():
            _unknown("evaluation.dimensions", g, {"id", "zh", "en", "article"})
    for i, c in enumerate(data.get("consequences") or ()):
        where = f"consequences[{i}]"
        _unknown(where, c, CONSEQUENCE_KEYS)
        _need(where, c, "id", "article", "zh", "en", "when", "effects")
        uid("consequence", c["id"])
        _typed(f"{where}.when", c["when"], WHENS, "type", {"type"})
        if c["when"]["type"] == "custom" and c["when"].get("name") not in custom_whens:
            raise PackError(f"{where}: custom test not in rules.py CONSEQUENCE_TESTS")
        if c["when"]["type"] == "expert":
            _need(where, c, "question")
        for g in c["when"].get("grades", ()):
            if g not in grades:
                raise PackError(f"{where}: grade {g!r} not in the evaluation scale")
        for e in c["effects"]:
            if e not in EFFECTS:
                raise PackError(f"{where}: effect {e!r} not in {sorted(EFFECTS)}")
    money = data.get("money") or {}
    _unknown("money", money, MONEY_KEYS)
    rule_ids: set[str] = set()
    for i, r in enumerate(money.get("rules") or ()):
        where = f"money.rules[{i}]"
        _need(where, r, "id", "article", "mechanism", "trigger", "payee", "zh", "en")
        _typed(where, r, MECHANISMS, "mechanism", RULE_COMMON)
        uid("rule", r["id"])
        rule_ids.add(r["id"])
        _typed(f"{where}.trigger", r["trigger"], TRIGGERS, "type", {"type"})
        for q in r.get("requires") or ():
            _typed(f"{where}.requires", q, REQUIRES, "type", {"type"})
            for g in q.get("grades", ()):
                if g not in grades:
                    raise PackError(f"{where}: grade {g!r} not in the evaluation scale")
        if r["payee"] not in PAYEES:
            raise PackError(f"{where}: payee {r['payee']!r} not in {sorted(PAYEES)}")
        if r.get("payee_filter"):
            _unknown(f"{where}.payee_filter", r["payee_filter"], PAYEE_FILTER_KEYS)
        for lvl, w in (r.get("level_words") or {}).items():  # a level's words in explanations (zh, en)
            if not isinstance(w, dict) or not w.get("zh"):
                raise PackError(f"{where}.level_words.{lvl}: give the words as {{zh: …, en: …}}")
            _unknown(f"{where}.level_words.{lvl}", w, {"zh", "en"})
        if r.get("fiscal_split"):
            _unknown(f"{where}.fiscal_split", r["fiscal_split"], {"article", "district_share", "note", "quote", "zh", "en"})
        if r.get("after_lapse"):
            _unknown(f"{where}.after_lapse", r["after_lapse"], {"switch", "article", "reading"})
            _need(f"{where}.after_lapse", r["after_lapse"], "switch", "article")
        if r.get("matching_required"):
            _unknown(f"{where}.matching_required", r["matching_required"], {"ratio", "article", "quote"})
    for i, p in enumerate(money.get("precedence") or ()):
        _unknown(f"money.precedence[{i}]", p, {"rules", "winner", "article", "reason"})
        _need(f"money.precedence[{i}]", p, "rules", "winner", "article", "reason")
        if not set(p["rules"]) <= rule_ids or p["winner"] not in p["rules"]:
            raise PackError(f"money.precedence[{i}]: unknown rules")
    for k in ("fund", "no_double_funding"):
        if money.get(k):
            _unknown(f"money.{k}", money[k], {"zh", "en", "article", "quote"})
            _need(f"money.{k}", money[k], "article")
    for i, n in enumerate(data.get("not_encoded") or ()):
        _unknown(f"not_encoded[{i}]", n, {"article", "reason"})
        _need(f"not_encoded[{i}]", n, "article", "reason")
    for sec in ("conditions", "procedures", "duties", "consequences", "money", "evaluation"):
        _refs(sec, data.get(sec), params)
    from .sections import validate as validate_sections

    validate_sections(data, params)
    _readings(data)


def _readings(data: dict[str, Any]) -> None:
    """The ``readings`` section is well formed, and every ``reading:`` key names one of its ids."""
    known: set[str] = set()
    for i, r in enumerate(data.get("readings") or ()):
        where = f"readings[{i}]"
        _unknown(where, r, READING_KEYS)
        _need(where, r, "id", "article", "words", "zh", "en", "status")
        if r["id"] in known:
            raise PackError(f"duplicate reading id {r['id']!r}")
        known.add(r["id"])
        if r["status"] not in READING_STATUSES:
            raise PackError(f"{where}: status {r['status']!r} not in {sorted(READING_STATUSES)}")
        if r["status"] == "confirmed":
            _need(where, r, "confirmed_by", "confirmed_on")
        r["confirmed_on"] = parse_date(r.get("confirmed_on"))

    def walk(where: str, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "reading":
                    if not (isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))):
                        raise PackError(f"{where}.reading: name a reading id (or a list of ids) of `readings`")
                    for rid in reading_ids(v):
                        if rid not in known:
                            raise PackError(f"{where}.reading: {rid!r} is not in `readings`")
                else:
                    walk(f"{where}.{k}", v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(f"{where}[{i}]", v)

    for sec in TOP_KEYS - {"readings"}:
        walk(sec, data.get(sec))


def _canonical(data: Any) -> bytes:
    return json.dumps(jsonable(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _load_module(path: Path) -> ModuleType | None:
    rules = path.parent / "rules.py"
    if not rules.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"policy_pack_rules_{path.parent.name.replace('-', '_')}", rules)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


#: libyaml's safe loader where PyYAML has it (the same documents, ~7× faster: a first ``prepare`` loads every pack)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_pack_file(path: str | Path) -> Pack:
    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    raw_digest_src = _canonical(data)
    module = _load_module(path)
    try:
        validate(data, module)
    except PackError as e:
        raise PackError(f"{path}: {e}") from None
    expected = f"{path.parent.name}/{path.stem}"
    if data["pack"] != expected:
        raise PackError(f"{path}: pack id {data['pack']!r} must be {expected!r} (its folder/file name)")
    ident = data["identity"]
    h = hashlib.sha256(raw_digest_src)
    if module is not None:
        h.update((path.parent / "rules.py").read_bytes())
    params = _parameters(ident["key"], ident.get("doc_no") or ident.get("cite_as") or ident["title"], data["pack"],
                         data.get("parameters") or {}, (ident.get("lapses") or {}).get("date"),
                         ident["in_force"]["date"] or (ident["in_force"].get("assumed") or {}).get("date"),
                         {r["id"]: r for r in data.get("readings") or ()})
    return Pack(id=data["pack"], key=ident["key"], path=path, data=data, parameters=params,
                digest="sha256:" + h.hexdigest(), module=module)


@cache
def _load_all() -> tuple[dict[str, Pack], dict[str, str]]:
    out: dict[str, Pack] = {}
    errors: dict[str, str] = {}
    for f in sorted(PACKS_DIR.glob("*/*.yaml")):
        try:
            pack = load_pack_file(f)
        except (PackError, yaml.YAMLError, KeyError, TypeError, ValueError) as e:
            errors[f"{f.parent.name}/{f.stem}"] = str(e)
            continue
        out[pack.id] = pack
    return out, errors


def _all() -> dict[str, Pack]:
    return _load_all()[0]


def all_packs() -> dict[str, Pack]:
    """Every valid pack under policy/packs (cached for the process); see :func:`pack_errors` for the others."""
    return _all()


def pack_errors() -> dict[str, str]:
    """Packs the loader refused, with the reason (they are never used)."""
    return _load_all()[1]


def get_pack(ref: str | Pack) -> Pack:
    """A pack by id ("320115-jiangning/2019"), key ("jiangning"), folder ("320115-jiangning") or region code."""
    if isinstance(ref, Pack):
        return ref
    packs = _all()
    if ref in packs:
        return packs[ref]
    hits = [p for p in packs.values() if ref in (p.key, p.path.parent.name, p.identity["region"])]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:  # several texts of one jurisdiction: the newest
        return max(hits, key=lambda p: p.in_force or dt.date.min)
    if ref in pack_errors():
        raise PackError(f"pack {ref!r} was refused: {pack_errors()[ref]}")
    raise KeyError(f"no pack {ref!r}; known: {', '.join(sorted(packs))}")
