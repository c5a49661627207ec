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


def status() -> tuple[bool, str]:
    if not (ROOT / "policy" / "SCHEMA.READY").exists():
        return False, "policy/SCHEMA.READY does not exist yet"
    try:
        import policy.types  # noqa: F401
        from policy import api  # noqa: F401  # ENGINE HOOK: the module holding the public calls
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
        levels=tuple(LevelRecord(level=lv, since=since, jurisdiction=record["region"]) for lv, since in record["levels"]),
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


# ---- ENGINE HOOK: the calls (filled in once policy/SCHEMA.md says what they are) -------------------
def packs() -> list[str]:
    raise NotImplementedError("ENGINE HOOK: list the packs")


def single(pack: str, facts, on: date) -> Any:
    """One alliance under one pack: eligibility + entitlements + deadlines, with the full trace."""
    raise NotImplementedError("ENGINE HOOK: single case")


def batch(pack: str, facts_list, on: date) -> Any:
    """The whole register through the engine's batch / what-if path."""
    raise NotImplementedError("ENGINE HOOK: batch path")


def comparable(result: Any) -> dict[str, Any]:
    """One single-case result as the OpenFisca outputs' names and units (bool, date, Decimal 万元)."""
    raise NotImplementedError("ENGINE HOOK: extract comparable figures")


def comparable_batch(result: Any) -> list[dict[str, Any]]:
    raise NotImplementedError("ENGINE HOOK: extract comparable figures from the batch result")
