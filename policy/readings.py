"""Which of a pack's readings (interpretive choices, pack ``readings:``) an answer depends on.

An element depends on the readings its ``reading:`` key names and on those of the parameters it uses. The
public API (:mod:`policy.api`) stamps every result and item with these ids, so a decision says which
readings it rests on; pages resolve the ids to the words, the reading and who confirmed it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from .loader import PARAM_REF_KEYS, Pack, legacy_readings, reading_ids, reading_text
from .types import (
    ConsequencesResult,
    DeadlinesResult,
    EligibilityResult,
    EntitlementsResult,
    Reading,
    TextStatus,
    TraceStep,
)

R = TypeVar("R")


def readings(pack: Pack) -> tuple[Reading, ...]:
    """The pack's readings as values (for pages and the CLI)."""
    return tuple(
        Reading(
            id=r["id"],
            article=str(r["article"]),
            words=r["words"],
            zh=r["zh"],
            en=r["en"],
            status=r["status"],
            confirmed_by=r.get("confirmed_by"),
            confirmed_on=r.get("confirmed_on"),
            note=r.get("note"),
        )
        for r in pack.data.get("readings") or ()
    )


def _param_names(node: Any, out: list[str]) -> list[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in PARAM_REF_KEYS and isinstance(v, str):
                out.append(v)
            elif k in {"ceilings", "rates", "amounts"} and isinstance(v, dict):
                out.extend(x for x in v.values() if isinstance(x, str))
            elif k != "reading":
                _param_names(v, out)
    elif isinstance(node, list):
        for v in node:
            _param_names(v, out)
    return out


def depends(pack: Pack, element: dict[str, Any] | None) -> tuple[str, ...]:
    """Reading ids of one pack element (condition, rule, duty, period, consequence…), its own first."""
    if not element:
        return ()
    ids = list(reading_ids(element.get("reading")))
    for name in _param_names(element, []):
        p = pack.parameters.get(name)
        if p is not None:
            ids.extend(p.readings)
    when = element.get("when") or {}
    if when.get("type") == "duty_missed":  # a missed duty: the duty's readings (its schedule) decide it
        ids.extend(depends(pack, _index(pack, "duties").get(when.get("duty", ""))))
    if _reads_grades(element):  # a grade: the evaluation scale's reading decides what the grades mean
        ids.extend(reading_ids((pack.data.get("evaluation") or {}).get("reading")))
    return tuple(dict.fromkeys(ids))


def _reads_grades(node: Any) -> bool:
    if isinstance(node, dict):
        return "grades" in node or any(_reads_grades(v) for k, v in node.items() if k != "reading")
    if isinstance(node, list):
        return any(_reads_grades(v) for v in node)
    return False


def text_readings(pack: Pack) -> tuple[str, ...]:
    """Readings of the text itself (its identity, in force, lapse): every answer under the text rests on them."""
    ident = pack.identity
    ids = [
        *reading_ids(ident.get("reading")),
        *reading_ids((ident.get("in_force") or {}).get("reading")),
        *reading_ids((ident.get("lapses") or {}).get("reading")),
    ]
    return tuple(dict.fromkeys(ids))


def _index(pack: Pack, section: str) -> dict[str, dict[str, Any]]:
    d = pack.data
    if section == "rules":
        return {r["id"]: r for r in (d.get("money") or {}).get("rules") or ()}
    if section == "periods":
        return {f"{p['id']}.{m['id']}": m for p in d.get("procedures") or () for m in p.get("periods") or ()}
    return {x["id"]: x for x in d.get(section) or ()}


def _step(pack: Pack, ids: tuple[str, ...]) -> TraceStep:
    return TraceStep(
        "readings",
        "本结论所依据的解读：" + "、".join(ids),
        "Readings this answer rests on: " + ", ".join(ids),
        {"readings": list(ids), "text": reading_text(pack.readings, list(ids))},
    )


def _merge(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for g in groups for i in g))


def annotate(pack: Pack, result: R) -> R:
    """The result with ``readings`` set on it and on each item (and a trace step naming them)."""
    base = text_readings(pack)
    rep = dataclasses.replace
    if isinstance(result, EligibilityResult):
        idx = _index(pack, "conditions")
        conds = tuple(
            rep(
                c,
                readings=depends(pack, idx.get(c.id)),
                # the words of its readings (and of a free-text reading written the old way, which lint refuses)
                reading=reading_text(
                    pack.readings,
                    [*legacy_readings((idx.get(c.id) or {}).get("reading")), *depends(pack, idx.get(c.id))],
                )
                or None,
            )
            for c in result.conditions
        )
        ids = _merge(base, *(c.readings for c in conds))
        trace = result.trace + ((_step(pack, ids),) if ids and result.trace else ())
        return rep(result, conditions=conds, readings=ids, trace=trace)  # type: ignore[return-value]
    if isinstance(result, EntitlementsResult):
        idx = _index(pack, "rules")
        ents = tuple(rep(e, readings=depends(pack, idx.get(e.rule))) for e in result.entitlements)
        ids = _merge(base, *(e.readings for e in ents))
        trace = result.trace + ((_step(pack, ids),) if ids and result.trace else ())
        return rep(result, entitlements=ents, readings=ids, trace=trace)  # type: ignore[return-value]
    if isinstance(result, DeadlinesResult):
        idx = {**_index(pack, "periods"), **_index(pack, "duties")}
        dls = tuple(
            rep(
                x,
                readings=depends(pack, idx.get(x.duty)),
                # the rules put an element's `reading` in the note: show its words, not its id
                note=reading_text(pack.readings, x.note) if x.note in pack.readings else x.note,
            )
            for x in result.deadlines
        )
        return rep(result, deadlines=dls, readings=_merge(base, *(x.readings for x in dls)))  # type: ignore[return-value]
    if isinstance(result, ConsequencesResult):
        idx = _index(pack, "consequences")
        cs = tuple(rep(c, readings=depends(pack, idx.get(c.id))) for c in result.consequences)
        return rep(result, consequences=cs, readings=_merge(base, *(c.readings for c in cs)))  # type: ignore[return-value]
    if isinstance(result, TextStatus):
        return rep(result, readings=base)  # type: ignore[return-value]
    return result
