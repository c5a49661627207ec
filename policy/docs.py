"""Write one Markdown page per pack (docs/policy/packs/<folder>-<year>.md) from the pack itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .loader import Pack, all_packs, reading_ids, reading_text
from .rules.common import fmt
from .rules.procedure import guards_of

DOCS = Path(__file__).resolve().parent.parent / "docs" / "policy" / "packs"


def _v(v: Any) -> str:
    return "（未规定，由主管部门确定 / set by the bureau）" if v is None else fmt(v)


def page(pack: Pack) -> str:
    d, ident = pack.data, pack.identity
    L = [f"# {ident['title']}", "", f"*{ident.get('title_en', '')}*", "",
         "Generated from `" + f"policy/packs/{pack.id}.yaml" + "` by `python -m policy docs` — do not edit.", "",
         "| | |", "|---|---|", f"| pack | `{pack.id}` |", f"| document | {pack.doc} |",
         f"| issuers | {'、'.join(ident.get('issuers') or [])} |", f"| region | {ident['region']} {ident.get('region_name', '')} ({ident['level']}) |",
         f"| adopted / published | {ident.get('adopted') or '—'} / {ident.get('published') or '—'} |",
         f"| in force | {_in_force(pack)} ({ident['in_force']['article']}) |",
         f"| lapses (last day) | {pack.lapses or '—'}" + (f" ({ident['lapses']['article']})" if ident.get('lapses') else "") + " |",
         f"| supersedes | {'、'.join(s['doc_no'] + ' (' + s['article'] + ')' for s in ident.get('supersedes') or []) or '—'} |",
         f"| digest | `{pack.digest}` |", ""]
    L += ["## Parameters", "", "| name | label | unit | kind | from | value | article | quote |", "|---|---|---|---|---|---|---|---|"]
    for _name, p in pack.parameters.items():
        for v in p.values:
            L.append(f"| `{p.name}` | {p.label} | {p.unit} | {p.kind} | {v.start} | {_v(v.value)} | {v.citation.article} | {v.citation.quote or ''} |")
        if p.reading:
            L.append(f"| | *reading:* {p.reading} | | | | | | |")
    L += ["", "## Recognition conditions", "", "| id | article | check | condition | test / question |", "|---|---|---|---|---|"]
    for c in d.get("conditions") or ():
        how = c.get("test") if c["check"] == "machine" else c["question"]["zh"]
        L.append(f"| {c['id']} | {c['article']} | {c['check']} | {c['zh']} / {c['en']} | `{how}` |" if c["check"] == "machine"
                 else f"| {c['id']} | {c['article']} | {c['check']} | {c['zh']} / {c['en']} | {how} |")
        if c.get("reading"):
            L.append(f"| | | | *reading:* {reading_text(pack.readings, c['reading'])} | |")
    for p in d.get("procedures") or ():
        L += ["", f"## Procedure: {p['id']} — {p.get('zh', '')}", ""]
        if p.get("intake"):
            L.append(f"Intake: **{p['intake']['mode']}** ({p['intake'].get('article', '')})")
            L.append("")
        L += ["| from | action | role | guard | to | article |", "|---|---|---|---|---|---|"]
        L += [f"| {t['from']} | {t['action']} | {t['role']} | {' + '.join(guards_of(t))} | {t['to']} | {t['article']} |"
              + (f" produces `{t['produces']}`" if t.get("produces") else "") for t in p["transitions"]]
        if p.get("materials"):
            L += ["", "Materials:", ""] + [f"- {m['zh']} / {m.get('en', '')} ({m['article']})" for m in p["materials"]]
        if p.get("periods"):
            L += ["", "Periods:", ""] + [f"- {m['id']}: `{m['param']}` {m['unit']} ({m['article']})" for m in p["periods"]]
    L += ["", "## Duties and deadlines", "", "| id | kind | actor | schedule | article | duty |", "|---|---|---|---|---|---|"]
    for x in d.get("duties") or ():
        L.append(f"| {x['id']} | {x['kind']} | {x.get('actor', 'lead_unit')} | `{x['schedule']}` | {x['article']} | {x['zh']} / {x['en']} |")
    ev = d.get("evaluation")
    if ev:
        L += ["", "## Evaluation", "", f"Article {ev.get('article', '')}. Scale: " +
              ", ".join(f"{g['zh']} (`{g['id']}`)" for g in ev.get("scale") or [])]
        if ev.get("dimensions"):
            L += [""] + [f"- {g['zh']} / {g.get('en', '')} ({g.get('article', '')})" for g in ev["dimensions"]]
    L += ["", "## Consequences", "", "| id | article | when | effects | blocks money |", "|---|---|---|---|---|"]
    for c in d.get("consequences") or ():
        L.append(f"| {c['id']} | {c['article']} | `{c['when']}` | {', '.join(c['effects'])} | {bool(c.get('blocks_money'))} |")
    m = d.get("money") or {}
    L += ["", "## Money (万元)", ""]
    if m.get("fund"):
        L.append(f"Fund: {m['fund'].get('zh')} ({m['fund']['article']})")
    if m.get("no_double_funding"):
        L.append(f"Same matter not funded twice: {m['no_double_funding']['article']}")
    L += ["", "| id | article | mechanism | trigger | payee | values | rule |", "|---|---|---|---|---|---|---|"]
    for r in m.get("rules") or ():
        names = [r[k] for k in ("amount", "rate", "cap", "min", "max", "years") if r.get(k)]
        for k in ("amounts", "ceilings", "rates"):
            names += list((r.get(k) or {}).values())
        vals = "; ".join(f"{n} = {_v(pack.parameters[n].values[-1].value)}" for n in names)
        L.append(f"| {r['id']} | {r['article']} | {r['mechanism']} | `{r['trigger']}` | {r['payee']} | {vals} | {r['zh']} |")
    if m.get("precedence"):
        L += ["", "Precedence:", ""] + [f"- {p['rules']} → {p['winner']} ({p['article']}): {p['reason']}" for p in m["precedence"]]
    L += _law_sections(d)
    L += readings_section(pack)
    L += ["", "## Not encoded (deliberately)", "", "| article | reason |", "|---|---|"]
    L += [f"| {n['article']} | {n['reason']} |" for n in d.get("not_encoded") or ()]
    return "\n".join(L) + "\n"


def _law_sections(d: dict[str, Any]) -> list[str]:
    """Name and plaque, report contents, targets and review organisation (law the apps read)."""
    L: list[str] = []
    n = d.get("naming")
    if n:
        L += ["", "## Name and plaque", "", f"Name `{n['name']}`, plaque `{n.get('plaque', '')}` to "
              f"{n.get('plaque_to', '')} ({n['article']})"]
    if d.get("report_contents"):
        L += ["", "## Report contents", "", "| report | section | when | article |", "|---|---|---|---|"]
        L += [f"| {rc['report']} | {s['id']} {s.get('zh', '')} | {s.get('when', 'always')} | "
              f"{s.get('article', rc['article'])} |" for rc in d["report_contents"] for s in rc["sections"]]
    t = d.get("targets")
    if t:
        L += ["", f"## Targets ({t['article']}, by {t['by']})", "", "| id | target | minimum | measure |",
              "|---|---|---|---|"]
        L += [f"| {i['id']} | {i['zh']} | `{i['min']}` | {i['measure']} {i['level']} |" for i in t["items"]]
    r = d.get("review")
    if r:
        L += ["", "## Expert review", "", f"Organised by **{r['by']}** ({r['article']}): {r.get('quote', '')}"]
    return L


def _users(pack: Pack, rid: str) -> list[str]:
    """Ids of the elements whose ``reading:`` names this reading."""
    out: list[str] = []

    def walk(node: Any, owner: str) -> None:
        if isinstance(node, dict):
            me = str(node.get("id") or owner)
            if rid in reading_ids(node.get("reading")) and not isinstance(node.get("reading"), dict):
                out.append(me)
            for k, v in node.items():
                if k != "readings":
                    walk(v, me if "id" in node else (k if owner == "" else owner))
        elif isinstance(node, list):
            for v in node:
                walk(v, owner)

    for name, p in (pack.data.get("parameters") or {}).items():
        if rid in reading_ids(p.get("reading")):
            out.append(f"`{pack.key}.{name}`")
    walk({k: v for k, v in pack.data.items() if k != "parameters"}, "")
    return list(dict.fromkeys(out))


def readings_section(pack: Pack) -> list[str]:
    """The pack's readings: the words, how they are read, who confirmed it, and what rests on it."""
    L = ["", "## Readings (interpretive choices)", "",
         "| id | article | words | reading | status | confirmed by / on | used by |", "|---|---|---|---|---|---|---|"]
    for r in pack.data.get("readings") or ():
        who = f"{r.get('confirmed_by') or '—'} / {r.get('confirmed_on') or '—'}"
        L.append(f"| `{r['id']}` | {r['article']} | {r['words']} | {r['zh']} / {r['en']} | {r['status']} | {who} | "
                 f"{', '.join(_users(pack, r['id']))} |")
    return L


def write_all(out: str | Path | None = None) -> list[Path]:
    target = Path(out) if out else DOCS
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for pack in all_packs().values():
        path = target / f"{pack.id.replace('/', '-')}.md"
        path.write_text(page(pack), encoding="utf-8")
        paths.append(path)
    return paths


def _in_force(pack: Pack) -> str:
    a = pack.in_force_assumed
    if a is None:
        return str(pack.in_force or "—")
    who = f"confirmed by {a['confirmed_by']} on {a['confirmed_on']}" if a.get("confirmed_by") else "not yet confirmed"
    return f"not known — assumed {a['date']} ({who})"
