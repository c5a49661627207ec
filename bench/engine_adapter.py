"""Our engine's side of the benchmark: synthetic records → ``policy.types.Facts`` → the engine's calls.

Everything that depends on the engine's public API is in this file, so that the bench runner stays the
same when the API moves. ``status()`` says whether the engine is ready (``policy/SCHEMA.READY`` and the
calls below importable); ``run_bench.py`` skips the engine's rows, and says why, when it is not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
JIANGNING = "320115-jiangning/2019"
#: the what-if of the bulk run: the district recognition award (第十条1) 30 → 40 万元; and a value not run before
WHATIF_VALUE = "40"
WHATIF = {"jiangning.recognition_award.district": WHATIF_VALUE}
WHATIF_COLD = "41"
#: who grants each level to a Jiangning alliance (GB/T 2260): the district, Nanjing, Jiangsu, the nation
MEMBER_FIELDS = ("org_id", "kind", "region", "legal_person", "role")  # synthetic.MEMBER_FIELDS
_JURISDICTION = {"district": "320115", "municipal": "320100", "provincial": "320000", "national": ""}


def status() -> tuple[bool, str]:
    if not (ROOT / "policy" / "SCHEMA.READY").exists():
        return False, "policy/SCHEMA.READY does not exist yet"
    try:
        import policy.types  # noqa: F401
        from policy import api  # noqa: F401  # the single-case public calls
        from policy.batch import evaluate, prepare, register, run_register  # noqa: F401  # the vectorised path
    except ImportError as e:
        return False, f"engine API not importable: {e}"
    return True, "ready"


# ---- records → Facts ----------------------------------------------------------------------------------
def to_facts(record: dict[str, Any]):
    """The engine's Facts for one synthetic record (built from the frozen dataclasses directly)."""
    from policy.dates import region_path
    from policy.types import Achievement, Event, Facts, Grade, LevelRecord, Member, Payment

    paths: dict[str, tuple[str, ...]] = {}

    def path(region: str) -> tuple[str, ...]:
        p = paths.get(region)
        if p is None:
            p = paths[region] = region_path(region)
        return p

    members = tuple(
        Member(org_id=oid, kind=kind, region=region, region_path=path(region), legal_person=lp, role=role)
        for oid, kind, region, lp, role in record["members"]
    )
    events = [
        Event(id=f"p{i}", kind=kind, date=d, year=d.year, base=base, payee=payee)
        for i, (kind, payee, base, d) in enumerate(record["projects"])
    ]
    events += [
        Event(
            id=f"x{i}", kind="exchange_activity", date=d, year=d.year, base=spent,
            flags=frozenset(f for f, on in (("filed", filed), ("led_by_alliance", led)) if on),
        )
        for i, (spent, filed, led, d) in enumerate(record["exchanges"])
    ]
    return Facts(
        id=record["id"],
        name=record["name"],
        founded=record["founded"],
        region=record["region"],
        lead=record["lead"],
        members=members,
        levels=tuple(LevelRecord(level=lv, since=since, jurisdiction=_JURISDICTION[lv]) for lv, since in record["levels"]),
        flags=frozenset(record["flags"]),
        achievements=tuple(
            Achievement(id=f"s{i}", kind="standard", date=d, level=lv) for i, (lv, d) in enumerate(record["standards"])
        ),
        grades=tuple(Grade(year=y, grade=g) for y, g in record["grades"]),
        events=tuple(events),
        payments=tuple(
            Payment(id=f"pay{i}", article=art, amount=amount, date=d, rule=f"{JIANGNING}#recognition_award")
            for i, (art, amount, d) in enumerate(record["payments"])
        ),
    )


# ---- records → tables → columns (no Facts) ---------------------------------------------------------------
def to_tables(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The same records as ``to_facts`` reads, as the plain tables of ``policy.api.columns_from_records``
    (one pass over the records; child rows name their alliance by its position in the alliances table, as a
    loader reading rows in the alliances' order has them). The members are the records' own tuples, read in
    place (``Rows``); levels, grades, payments and standards are the records' own tuples gathered, then made
    columns, with the columns they lack (a level's jurisdiction, an id, a payment's rule, a standard's kind)
    added whole; events are one tuple per project or exchange (ids and flag tuples made once, not per row)."""
    import operator

    import numpy as np

    from policy.api import Rows, batch

    ids, names, founded, regions, leads, flags = [], [], [], [], [], []
    mem: list[tuple[Any, ...]] = []
    lv: list[tuple[Any, ...]] = []
    gr: list[tuple[Any, ...]] = []
    pay: list[tuple[Any, ...]] = []
    std: list[tuple[Any, ...]] = []
    m_at: list[int] = []
    lv_at: list[int] = []
    gr_at: list[int] = []
    pay_at: list[int] = []
    std_at: list[int] = []
    ev: list[tuple[Any, ...]] = []
    p_ids: list[str] = []
    x_ids: list[str] = []
    exchange_flags = [[(), ("led_by_alliance",)], [("filed",), ("filed", "led_by_alliance")]]  # [filed][led]
    for k, r in enumerate(records):
        ids.append(r["id"])
        names.append(r["name"])
        founded.append(r["founded"])
        regions.append(r["region"])
        leads.append(r["lead"])
        flags.append(r["flags"])
        x = r["members"]
        mem += x
        m_at.append(len(x))
        x = r["levels"]
        lv += x
        lv_at.append(len(x))
        x = r["grades"]
        gr += x
        gr_at.append(len(x))
        x = r["payments"]
        pay += x
        pay_at.append(len(x))
        x = r["standards"]
        std += x
        std_at.append(len(x))
        x = r["projects"]
        if x:
            if len(x) > len(p_ids):
                p_ids += [f"p{i}" for i in range(len(p_ids), len(x))]
            for i, (kind, payee, base, d) in enumerate(x):
                ev.append((k, p_ids[i], kind, d, d.year, base, payee, ()))
        x = r["exchanges"]
        if x:
            if len(x) > len(x_ids):
                x_ids += [f"x{i}" for i in range(len(x_ids), len(x))]
            for i, (spent, filed, led, d) in enumerate(x):
                ev.append((k, x_ids[i], "exchange_activity", d, d.year, spent, None, exchange_flags[filed][led]))

    def at(counts: list[int]) -> np.ndarray:
        return np.repeat(np.arange(len(records)), counts)

    def ranked(a: np.ndarray, prefix: str) -> list[str]:
        """``prefix`` and each row's position in its alliance's list (rows grouped by alliance)."""
        rank = np.arange(len(a)) - np.searchsorted(a, a)
        names = [f"{prefix}{i}" for i in range(int(rank.max()) + 1 if len(rank) else 0)]
        return list(map(names.__getitem__, rank.tolist()))

    pay_a, std_a = at(pay_at), at(std_at)
    events = batch.table_from_rows(("alliance", "id", "kind", "date", "year", "base", "payee", "flags"), ev)
    events["alliance"] = np.array(events["alliance"], dtype=np.int64)  # positions in the alliances table
    return {
        "alliances": {"id": ids, "name": names, "founded": founded, "region": regions, "lead": leads,
                      "flags": flags},
        # the records' own member tuples, read in place
        "members": Rows(MEMBER_FIELDS, mem, {"alliance": at(m_at)}),
        # the records' own tuples of the small lists, as columns
        "levels": {**batch.table_from_rows(("level", "since"), lv), "alliance": at(lv_at),
                   "jurisdiction": list(map(_JURISDICTION.__getitem__, map(operator.itemgetter(0), lv)))},
        "grades": {**batch.table_from_rows(("year", "grade"), gr), "alliance": at(gr_at)},
        "payments": {**batch.table_from_rows(("article", "amount", "date"), pay), "alliance": pay_a,
                     "id": ranked(pay_a, "pay"), "rule": [f"{JIANGNING}#recognition_award"] * len(pay)},
        "achievements": {"alliance": std_a, "id": ranked(std_a, "s"), "kind": ["standard"] * len(std),
                         **batch.table_from_rows(("level", "date"), std)},
        "events": events,
    }


def columns_from_tables(tables: dict[str, Any]) -> Any:
    """Tables → columns: ``policy.api.columns_from_records``."""
    from policy import api

    return api.columns_from_records(tables)


def columns(records: list[dict[str, Any]]) -> Any:
    """Records → columns, the direct path: ``to_tables`` then ``policy.api.columns_from_records``."""
    return columns_from_tables(to_tables(records))


# ---- the calls ----------------------------------------------------------------------------------------
_PACKS: dict[str, Any] = {}
SKIPPED: dict[str, str] = {}  # pack files that did not load, with the loader's message


def packs() -> list[str]:
    """Every pack file that loads; one that does not is skipped and named in ``SKIPPED`` (the engine's
    ``all_packs()`` refuses them all when one is broken, so the files are loaded one by one here)."""
    from policy.loader import PACKS_DIR, load_pack_file

    if not _PACKS:
        for f in sorted(PACKS_DIR.glob("*/*.yaml")):
            try:
                pack = load_pack_file(f)
            except Exception as e:
                SKIPPED[str(f.relative_to(ROOT))] = str(e).splitlines()[0][:160]
                continue
            _PACKS[pack.id] = pack
    return sorted(_PACKS)


def _pack(pack: str):
    packs()
    return _PACKS[pack]


def single(pack: str, facts, on: date) -> Any:
    """One alliance under one pack: eligibility + entitlements + deadlines, each with its full trace,
    through the public single-case API."""
    from policy import api

    p = _pack(pack)
    return (api.check_eligibility(p, facts, on), api.entitlements(p, facts, on), api.deadlines(p, facts, on))


def batch_path() -> str:
    """The engine's bulk path: the vectorised register."""
    return "policy.batch.run_register (vectorised)"


def register(facts_list) -> Any:
    """Facts → numpy columns (``policy.batch.register``): the one-off, cacheable conversion, outside the clock."""
    from policy import batch

    return batch.register(facts_list)


def batch(pack: str, reg: Any, on: date, overrides: dict[str, Any] | None = None) -> Any:
    """The whole register through the engine's vectorised path: eligibility + entitlements + deadlines, as
    columns (``policy.vector.VectorResult``)."""
    from policy import batch as b

    return b.run_register(_pack(pack), reg, on, overrides)


def prepare(pack: str, reg: Any, on: date) -> Any:
    """The parameter-free part of the vectorised path (``policy.batch.prepare``): the analogue of OpenFisca's
    records → arrays, once per pack, register and date."""
    from policy import batch as b

    return b.prepare(_pack(pack), reg, on)


def evaluate(prepared: Any, overrides: dict[str, Any] | None = None) -> Any:
    """Evaluation of a prepared register under these overrides (``policy.batch.evaluate``): the what-if loop."""
    from policy import batch as b

    return b.evaluate(prepared, overrides)


def batch_rows(res: Any) -> list[Any]:
    """The vector result as one ``policy.batch.BatchRow`` per alliance (what the scalar ``summary`` gives)."""
    return res.rows()


def scalar_rows(pack: str, facts_list, on: date, overrides: dict[str, Any] | None = None) -> list[Any]:
    """The same rows through the scalar (per alliance) path, for the what-if agreement check."""
    from policy import batch as b

    return b.run_batch(_pack(pack), facts_list, on, overrides, vector=False)


def machine_conditions(pack: str) -> list[str]:
    from policy.engine import compiled

    return [c["id"] for c, _ in compiled(_pack(pack)).conditions if c["check"] == "machine"]


_CONDITION = {
    "members_kinds": "meets_members_legal_persons",
    "members_include_enterprise": "meets_enterprise_member",
    "founded_three_months": "meets_min_age",
    "members_at_least_20": "meets_min_members",
    "local_share_two_thirds": "meets_district_share",
    "lead_local_leading": "meets_lead_condition",
    "agreement_and_organs": "meets_agreement_and_organs",
    "plans": "meets_development_plans",
    "openness_and_ip": "meets_openness",
}
_FIXED = {
    "recognition_award": "one_off_subsidy",
    "national_member_award": "national_member_award",
    "project_matching": "matching_support",
    "standard_award": "standards_award",
}


def _money(ents, refusals) -> dict[str, Any]:
    from decimal import Decimal

    zero = Decimal(0)
    out: dict[str, Any] = {k: zero for k in (*_FIXED.values(), "exchange_subsidy_max", "operating_subsidy_min",
                                             "operating_subsidy_max")}
    for e in ents:
        if e.rule in _FIXED:
            out[_FIXED[e.rule]] += e.amount or zero
        elif e.rule == "exchange_subsidy" and e.range:
            out["exchange_subsidy_max"] += e.range[1] or zero
        elif e.rule == "operating_subsidy" and e.range:
            out["operating_subsidy_min"] += e.range[0] or zero
            out["operating_subsidy_max"] += e.range[1] or zero
    fixed = sum((out[k] for k in _FIXED.values()), zero)
    out["total_min"] = fixed + out["operating_subsidy_min"]
    out["total_max"] = fixed + out["exchange_subsidy_max"] + out["operating_subsidy_max"]
    out["support_withdrawn"] = any(r.code == "support_withdrawn" for r in refusals)
    return out


def comparable(result: Any) -> dict[str, Any]:
    """One single-case result under the OpenFisca outputs' names and units (bool, date, Decimal 万元)."""
    el, en, dl = result
    out: dict[str, Any] = {}
    machine = [c for c in el.conditions if c.check == "machine"]
    out["eligible"] = bool(machine) and all(c.status == "pass" for c in machine)
    for c in machine:
        if c.id in _CONDITION:
            out[_CONDITION[c.id]] = c.status == "pass"
        if c.id == "founded_three_months":
            out["eligible_from_date"] = c.detail.get("satisfied_from")
    out.update(_money(en.entitlements, en.refusals))
    dues = [d.due for d in dl.deadlines if d.duty == "operating_evaluation" and d.due is not None]
    out["operating_evaluation_due_date"] = min(dues) if dues else None
    return out


_UNIT = 10000  # yuan per 万元: the vector columns are integer yuan


def _yuan(x: int) -> Any:
    from decimal import Decimal

    return Decimal(int(x)) / _UNIT


def vector_columns(pack: str, res: Any) -> dict[str, Any]:
    """The vector result as numpy columns under the OpenFisca outputs' names: bools, and money in integer
    yuan (1/10000 万元) — every alliance, no Python object per alliance."""
    import numpy as np

    if res.scalar.any() or any(k.startswith("money:") for k in res.fallbacks):
        raise NotImplementedError(f"{pack}: alliances or money rules on the scalar fallback ({res.fallbacks}); "
                                  "vector_columns reads the columns only")
    codes = {cid: res.conditions[:, j] for j, cid in enumerate(res.condition_ids)}
    machine = machine_conditions(pack)
    out: dict[str, Any] = {}
    out["eligible"] = np.logical_and.reduce([codes[c] == 0 for c in machine]) if machine else np.zeros(res.n, bool)
    for cid in machine:
        if cid in _CONDITION:
            out[_CONDITION[cid]] = codes[cid] == 0  # kernels.PASS
    zero = np.zeros(res.n, dtype=np.int64)
    rules = res.rules
    for rid, name in _FIXED.items():
        out[name] = rules[rid].due if rid in rules else zero
    out["exchange_subsidy_max"] = rules["exchange_subsidy"].hi if "exchange_subsidy" in rules else zero
    out["operating_subsidy_min"] = rules["operating_subsidy"].lo if "operating_subsidy" in rules else zero
    out["operating_subsidy_max"] = rules["operating_subsidy"].hi if "operating_subsidy" in rules else zero
    fixed = sum((out[k] for k in _FIXED.values()), zero)
    out["total_min"] = fixed + out["operating_subsidy_min"]
    out["total_max"] = fixed + out["exchange_subsidy_max"] + out["operating_subsidy_max"]
    out["support_withdrawn"] = res.withdrawn
    return out


MONEY_COLUMNS = (*_FIXED.values(), "exchange_subsidy_max", "operating_subsidy_min", "operating_subsidy_max",
                 "total_min", "total_max")


def comparable_batch(pack: str, res: Any, k: int) -> list[dict[str, Any]]:
    """The first ``k`` alliances of the vector result as the single path's ``comparable`` rows (Decimal 万元)."""
    cols = vector_columns(pack, res)
    rows = []
    for i in range(min(k, res.n)):
        row: dict[str, Any] = {}
        for name, col in cols.items():
            row[name] = _yuan(col[i]) if name in MONEY_COLUMNS else bool(col[i])
        rows.append(row)
    return rows
