"""Plain, frozen value types of the policy engine.

Everything a rule reads (Facts) and everything it returns (results) lives here. Results are
JSON-serialisable through ``to_dict()``: Decimal → string, Fraction → "p/q", date → ISO string.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

MEMBER_KINDS = (
    "enterprise", "university", "research_institute", "vocational_college", "intermediary",
    "new_rnd_institution", "medical_institution", "association", "bank", "investor", "other",
)
LEVELS = ("district", "municipal", "provincial", "national")
LEVEL_RANK = {lvl: i for i, lvl in enumerate(LEVELS)}
ROLES = ("lead_unit", "recommender", "county_bureau", "bureau", "expert", "third_party_evaluator", "public", "finance")
#: Guards a transition table may name; the workflow layer resolves each (a test checks it registers them all).
GUARDS = {
    "call_open": "the yearly call is open (or intake is year-round)",
    "materials_complete": "every material the procedure lists is attached",
    "eligible": "the engine's recognition conditions pass",
    "recommended": "a recommender has recommended the case",
    "expert_review_passed": "the expert review round passed",
    "site_visit_passed": "the site visit passed",
    "notice_elapsed_no_objection": "the public notice ran its period without an upheld objection",
    "objection_upheld": "an objection to the notice was upheld",
    "construction_period_elapsed": "the construction period has ended",
    "acceptance_passed": "the acceptance assessment passed",
    "all_members_consent": "every member consented",
    "recognised": "the alliance holds the recognition this text grants, on the day",
    "contract_signed": "the alliance's contract (合同书) has been signed (Kunming 第十四条)",
}


def jsonable(value: Any) -> Any:
    """Turn a result value into JSON-friendly data (exact: no floats)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return value


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)


# --------------------------------------------------------------------------- citations, parameters
@dataclass(frozen=True)
class Citation(_Dict):
    doc: str  # document number, or the title in 《》 when the text bears none
    article: str
    quote: str | None = None
    pack: str | None = None

    def __str__(self) -> str:
        return f"{self.doc} {self.article}"


@dataclass(frozen=True)
class ParameterValue(_Dict):
    start: dt.date
    value: Any  # Decimal (万元) | Fraction | int | None (bureau-set, not fixed by the text)
    citation: Citation
    overridden: bool = False


@dataclass(frozen=True)
class Parameter(_Dict):
    name: str  # full name, "<pack key>.<local name>", e.g. jiangning.recognition_award.district
    label: str
    label_en: str
    unit: str
    kind: str  # law | reading | bureau_set
    values: tuple[ParameterValue, ...]
    reading: str | None = None  # the words of its readings ("zh / en"), for pages
    note: str | None = None
    readings: tuple[str, ...] = ()  # ids of the pack's readings this value depends on


@dataclass(frozen=True)
class Reading(_Dict):
    """One interpretive choice of a pack: the words it reads, how, and who confirmed it (pack ``readings:``)."""

    id: str
    article: str
    words: str
    zh: str
    en: str
    status: str  # confirmed | unconfirmed
    confirmed_by: str | None = None
    confirmed_on: dt.date | None = None
    note: str | None = None


# --------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class Member(_Dict):
    org_id: str
    name: str = ""
    kind: str = "other"
    region: str = ""
    region_path: tuple[str, ...] = ()
    legal_person: bool = True
    chain_position: str | None = None
    role: str = "member"  # lead | core | member
    joined: dt.date | None = None
    left: dt.date | None = None
    flags: frozenset[str] = frozenset()  # per-member facts, e.g. signed_by_legal_rep (checked by all_members)

    def active_on(self, on: dt.date) -> bool:
        if self.joined is not None and self.joined > on:
            return False
        return not (self.left is not None and self.left <= on)


@dataclass(frozen=True)
class LevelRecord(_Dict):
    level: str
    since: dt.date
    jurisdiction: str = ""
    doc_no: str | None = None
    until: dt.date | None = None
    recommended_by: str | None = None


@dataclass(frozen=True)
class Achievement(_Dict):
    id: str
    kind: str  # ip | standard | result | industrialisation_project
    date: dt.date | None = None
    level: str | None = None  # for standards: international | national | industry
    matter: str | None = None
    title: str | None = None  # what people call it (the register's title); explanations name it by this


@dataclass(frozen=True)
class Report(_Dict):
    kind: str
    year: int | None = None
    filed: dt.date | None = None


@dataclass(frozen=True)
class Grade(_Dict):
    year: int
    grade: str
    kind: str = "yearly"  # yearly | cycle | re_review
    date: dt.date | None = None


@dataclass(frozen=True)
class Event(_Dict):
    """A claim or a dated happening: a project allocation, sales of a year, a filed exchange activity…"""

    id: str
    kind: str
    date: dt.date | None = None
    year: int | None = None
    base: Decimal | None = None  # the amount a percentage applies to (万元)
    decided: Decimal | None = None  # the amount a decision picked within a range (万元)
    matter: str | None = None
    payee: str | None = None  # org id
    level: str | None = None
    flags: frozenset[str] = frozenset()
    data: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.data).get(key, default)


@dataclass(frozen=True)
class Payment(_Dict):
    id: str
    article: str
    amount: Decimal
    date: dt.date | None = None
    matter: str | None = None
    payee: str | None = None
    rule: str | None = None  # "<pack>#<rule id>" when paid under a pack rule
    source: str | None = None  # another policy, when not this pack
    year: int | None = None


@dataclass(frozen=True)
class Rectification(_Dict):
    ordered: dt.date
    due: dt.date | None = None
    result: str | None = None  # pass | fail | None (pending)
    year: int | None = None


@dataclass(frozen=True)
class Objection(_Dict):
    """An objection to a public notice (公示异议). ``result`` None while unresolved."""

    raised: dt.date
    notice: str | None = None  # the notice's id or procedure, as the bridge names it
    resolved: dt.date | None = None
    result: str | None = None  # upheld | dismissed | None

    def open_on(self, on: dt.date) -> bool:
        """Raised by ``on`` and not resolved (or resolved only after ``on``), or upheld."""
        if self.raised > on:
            return False
        settled = self.resolved is not None and self.resolved <= on and self.result is not None
        return not settled or self.result == "upheld"


@dataclass(frozen=True)
class Facts(_Dict):
    id: str
    name: str = ""
    field: str | None = None
    kind: str = "rd"  # rd | platform
    founded: dt.date | None = None
    operating_since: dt.date | None = None  # when it started operating, if not its founding (facts.md)
    region: str = ""
    lead: str | None = None  # org id of the lead unit
    members: tuple[Member, ...] = ()
    levels: tuple[LevelRecord, ...] = ()
    flags: frozenset[str] = frozenset()
    achievements: tuple[Achievement, ...] = ()
    reports: tuple[Report, ...] = ()
    grades: tuple[Grade, ...] = ()
    events: tuple[Event, ...] = ()
    payments: tuple[Payment, ...] = ()
    rectifications: tuple[Rectification, ...] = ()
    objections: tuple[Objection, ...] = ()

    def lead_member(self) -> Member | None:
        for m in self.members:
            if (self.lead is not None and m.org_id == self.lead) or (self.lead is None and m.role == "lead"):
                return m
        return None


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class TraceStep(_Dict):
    what: str
    zh: str = ""
    en: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)
    formula: str | None = None
    result: Any = None
    citation: Citation | None = None


@dataclass(frozen=True)
class Refusal(_Dict):
    code: str  # not_in_force | not_yet_in_force | not_eligible | already_paid | double_funding | ...
    zh: str
    en: str
    citation: Citation | None = None
    rule: str | None = None
    matter: str | None = None
    earlier: dict[str, Any] | None = None


@dataclass(frozen=True)
class ConditionResult(_Dict):
    id: str
    status: str  # pass | fail | review | unknown
    check: str  # machine | expert
    zh: str
    en: str
    citation: Citation
    detail: dict[str, Any] = field(default_factory=dict)
    question: dict[str, str] | None = None
    reading: str | None = None
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class EligibilityResult(_Dict):
    pack: str
    digest: str
    alliance: str
    on: dt.date
    status: str  # eligible | not_eligible | review | not_in_force
    conditions: tuple[ConditionResult, ...]
    refusals: tuple[Refusal, ...]
    review_questions: tuple[dict[str, Any], ...]
    trace: tuple[TraceStep, ...]
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class Entitlement(_Dict):
    rule: str
    mechanism: str
    citation: Citation
    matter: str
    payee: str | None
    amount: Decimal | None  # None when a decision must pick within `range`
    range: tuple[Decimal | None, Decimal | None] | None
    status: str  # due | decision | conditional (a condition of payment unmet, named in ``conditions``) | nothing_due
    formula: str  # in words, "中文 / English" (rules/formula.py): 万元, 10%, 最高…万元 citing the article
    inputs: dict[str, Any]
    cap: Decimal | None = None
    cap_applied: bool = False
    fund: str | None = None
    fiscal_split: dict[str, Any] | None = None
    conditions: tuple[str, ...] = ()
    year: int | None = None
    zh: str = ""
    en: str = ""
    trace: tuple[TraceStep, ...] = ()
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class Conflict(_Dict):
    matter: str
    rules: tuple[str, ...]
    zh: str
    en: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class EntitlementsResult(_Dict):
    pack: str
    digest: str
    alliance: str
    on: dt.date
    status: str  # ok | nothing_due | not_in_force | conflict
    entitlements: tuple[Entitlement, ...]
    refusals: tuple[Refusal, ...]
    conflicts: tuple[Conflict, ...]
    total: Decimal  # sum of fixed amounts (ranges not counted)
    trace: tuple[TraceStep, ...]
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class Deadline(_Dict):
    duty: str
    kind: str
    actor: str
    zh: str
    en: str
    citation: Citation
    period: str | None  # "2020", "2019-03-01/2022-03-01", event id …
    due: dt.date | None
    window_start: dt.date | None
    status: str  # upcoming | due_today | overdue | done | late | unscheduled
    filed: dt.date | None = None
    days_left: int | None = None
    note: str | None = None
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class DeadlinesResult(_Dict):
    pack: str
    digest: str
    alliance: str
    on: dt.date
    status: str  # ok | not_in_force | nothing_due
    deadlines: tuple[Deadline, ...]
    refusals: tuple[Refusal, ...]
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class Consequence(_Dict):
    id: str
    status: str  # triggered | review
    effects: tuple[str, ...]
    scope: str
    blocks_money: bool
    citation: Citation
    zh: str
    en: str
    reason: dict[str, Any] = field(default_factory=dict)
    question: dict[str, str] | None = None
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class ConsequencesResult(_Dict):
    pack: str
    digest: str
    alliance: str
    on: dt.date
    status: str  # none | triggered | review | not_in_force
    consequences: tuple[Consequence, ...]
    refusals: tuple[Refusal, ...]
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on


@dataclass(frozen=True)
class TextStatus(_Dict):
    pack: str
    doc: str
    title: str
    region: str
    level: str
    status: str  # in_force | lapsed | not_yet_in_force
    in_force: dt.date | None
    lapses: dt.date | None
    citation: Citation | None
    zh: str
    en: str
    supersedes: tuple[dict[str, Any], ...] = ()
    readings: tuple[str, ...] = ()  # ids of the pack's readings this result depends on
    in_force_known: bool = True  # False: the text gives no in-force date; ``assumption`` says what is applied
    assumption: dict[str, Any] | None = None  # {date, reason, confirmed_by, confirmed_on}


@dataclass(frozen=True)
class GoverningText(_Dict):
    query: str
    on: dt.date
    governing: tuple[str, ...]  # pack ids in force on the date
    texts: tuple[TextStatus, ...]
