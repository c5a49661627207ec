"""``python -m policy lint [PACK]``: what a legal officer needs to trust a pack before signing it off.

Beyond the loader's refusals: the pack validates against the published JSON Schema
(docs/policy/pack.schema.json), every parameter is used, every reading is named by some element, every
article and numbered item of the text (policy/texts/) is encoded or listed in ``not_encoded`` with why,
every guard and role of a transition table exists, and every computable article has a YAML test case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .loader import PACKS_DIR, Pack, PackError, legacy_readings, load_pack_file, reading_ids
from .readings import _param_names
from .schema import as_json, pack_schema
from .types import GUARDS, ROLES

TEXTS = Path(__file__).parent / "texts"
#: a computable article without a YAML case is an error (every pack ships at least one case per such article)
CASE_SEVERITY = "error"
CN = "零一二三四五六七八九"


@dataclass(frozen=True)
class Finding:
    pack: str
    check: str  # loader | schema | parameter | reading | article | transition | case
    where: str
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.severity}: {self.pack} [{self.check}] {self.where}: {self.message}"


def cn_number(s: str) -> int:
    """第二十一条 → 21 (numbers up to 99)."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return CN.index(s)
    tens, _, units = s.partition("十")
    return (CN.index(tens) if tens else 1) * 10 + (CN.index(units) if units else 0)


ARTICLE_RE = re.compile(r"第([一二三四五六七八九十]+)条")
NUMBERED_RE = re.compile(r"(?m)^[ \t　]*(\d+)[.．](?!\d)")  # Weinan style: "6." at a line start
PAREN_RE = re.compile(r"[（(]([一二三四五六七八九十]+|\d+)[）)]")
ITEM_RE = re.compile(r"(?<![\d.])(\d+)、")  # Jiangning style: "1、"


def text_items(text: str) -> list[str]:
    """Every article and numbered item of a text, named as packs cite them.

    Styles: 第X条 with items （一） → ``第六条(一)`` or ``1、`` → ``第十条1``; numbered paragraphs ``6.`` with
    items （2） → ``6(2)``. An article or item counts only when it continues the numbering (so a cross-reference
    such as "依照第八条" inside 第十条 is not taken for a new article).
    """
    if not ARTICLE_RE.search(text):
        return _numbered_items(text)
    tokens = sorted(
        [(m.start(), "art", m.group(1)) for m in ARTICLE_RE.finditer(text)]
        + [(m.start(), "par", m.group(1)) for m in PAREN_RE.finditer(text)]
        + [(m.start(), "num", m.group(1)) for m in ITEM_RE.finditer(text)]
    )
    out: list[str] = []
    art, art_name, sub, style = 0, "", 0, ""
    for _pos, kind, raw in tokens:
        n = cn_number(raw)
        if kind == "art":
            if n == art + 1:
                art, art_name, sub, style = n, f"第{raw}条", 0, ""
                out.append(art_name)
            continue
        if not art or n != sub + 1 or (style and style != kind):
            continue
        sub, style = n, kind
        out.append(f"{art_name}({raw})" if kind == "par" else f"{art_name}{raw}")
    return out


def _numbered_items(text: str) -> list[str]:
    marks = sorted(
        [(m.start(), "art", m.group(1)) for m in NUMBERED_RE.finditer(text)]
        + [(m.start(), "par", m.group(1)) for m in PAREN_RE.finditer(text)]
    )
    out: list[str] = []
    art = sub = 0
    for _pos, kind, raw in marks:
        n = cn_number(raw)
        if kind == "art" and n == art + 1:
            art, sub = n, 0
            out.append(str(n))
        elif kind == "par" and art and raw.isdigit() and n == sub + 1:
            sub = n
            out.append(f"{art}({n})")
    return out


def norm(article: str) -> str:
    return re.sub(r"\s+", "", str(article)).replace("（", "(").replace("）", ")")


def covers(cited: str, item: str) -> bool:
    """Whether a citation names this article or item (or a part of it): 第十条10 does not cover 第十条1,
    第十条1 covers 第十条."""
    c, i = norm(cited), norm(item)
    return c == i or (c.startswith(i) and (i.endswith("条") or not c[len(i)].isdigit()))


def cites_text(cited: str, items: list[str]) -> bool:
    """Whether a citation names an article or item the text has: the longest item it starts with must leave
    no further number (第十条3后段 and 第十条 preamble are fine; 第六条9 and 12(9) are not)."""
    c = norm(cited)
    hits = [norm(i) for i in items if covers(c, i)]
    if not hits:
        return False
    rest = c[len(max(hits, key=len)) :]
    return not rest or not (rest[0].isdigit() or rest[0] == "(")


def parent(item: str) -> str | None:
    """The article an item belongs to: 第六条(一) → 第六条, 第十条1 → 第十条, 6(2) → 6."""
    m = re.match(r"^(第[一二三四五六七八九十]+条)(.+)$", norm(item)) or re.match(r"^(\d+)(\(.+)$", norm(item))
    return m.group(1) if m else None


def item_covered(item: str, encoded: set[str], listed: set[str]) -> bool:
    """An item is covered when cited (or a part of it is), when its whole article is listed as not encoded,
    or when the pack encodes its article as a whole and cites none of the article's items separately."""
    if any(covers(c, item) for c in encoded | listed):
        return True
    art = parent(item)
    if art is None:
        return False
    if art in {norm(x) for x in listed}:
        return True
    whole = art in {norm(x) for x in encoded}
    split = any(norm(c) != art and covers(c, art) for c in encoded | listed)
    return whole and not split


def _articles(node: Any, out: set[str], skip: frozenset[str] = frozenset({"not_encoded", "readings"})) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in skip:
                continue
            if k == "article" and isinstance(v, (str, int)):
                out.add(str(v))
            else:
                _articles(v, out, frozenset())
    elif isinstance(node, list):
        for v in node:
            _articles(v, out, frozenset())
    return out


def encoded_articles(pack: Pack) -> set[str]:
    """Articles the pack encodes (every ``article`` outside ``not_encoded`` and ``readings``)."""
    return _articles(pack.data, set())


def computable_articles(pack: Pack) -> set[str]:
    """Articles that produce an answer the engine computes: machine conditions, money rules, scheduled duties,
    consequences a fact can trigger — each should have a YAML test case."""
    d = pack.data
    arts = {c["article"] for c in d.get("conditions") or () if c["check"] == "machine"}
    arts |= {r["article"] for r in (d.get("money") or {}).get("rules") or ()}
    arts |= {x["article"] for x in d.get("duties") or () if x["schedule"]["type"] != "as_needed"}
    arts |= {c["article"] for c in d.get("consequences") or () if c["when"]["type"] != "expert"}
    return {str(a) for a in arts}


def _schema(pack_id: str, data: Any) -> list[Finding]:
    v = jsonschema.Draft202012Validator(pack_schema())
    return [
        Finding(pack_id, "schema", "/".join(str(p) for p in e.absolute_path) or "(top)", e.message)
        for e in sorted(v.iter_errors(as_json(data)), key=lambda e: list(map(str, e.absolute_path)))
    ]


def lint_pack(pack: Pack, *, cases: bool = True) -> list[Finding]:
    pid, d = pack.id, pack.data
    out: list[Finding] = []
    raw = yaml.safe_load(pack.path.read_text("utf-8"))
    out += _schema(pid, raw)
    # parameters: every one used by some element (a rule, condition, duty, period …)
    used = set(_param_names({k: v for k, v in d.items() if k not in ("parameters", "readings")}, []))
    for name in pack.parameters:
        if name not in used:
            out.append(
                Finding(pid, "parameter", f"parameters.{name}", "not used by any condition, rule, duty or period")
            )
    # readings: each named by some element; confirmed ones say who and when (the loader checks the shape)
    named: set[str] = set()
    legacy: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "reading":
                    named.update(reading_ids(v))
                    legacy.extend(legacy_readings(v))
                elif k != "readings":
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(d)
    for text in legacy:
        out.append(
            Finding(pid, "reading", text[:40], "free text in `reading:` — write it in `readings:` and name its id")
        )
    for rid in pack.readings:
        if rid not in named:
            out.append(Finding(pid, "reading", f"readings.{rid}", "no element names this reading (reading: <id>)"))
    # the text: every article and item encoded or listed as not encoded
    src = TEXTS / Path(pack.identity.get("source") or "").name
    if not src.is_file():
        out.append(Finding(pid, "article", "identity.source", f"text {src.name} not in policy/texts/"))
    else:
        encoded = encoded_articles(pack)
        listed = {str(n["article"]) for n in d.get("not_encoded") or ()}
        items = text_items(src.read_text("utf-8"))
        # the other way round: every article the pack cites is one the text has (catches 第十条11 for 第十条1)
        for cited in sorted(_articles(d, set(), frozenset())):
            if not cites_text(cited, items):
                out.append(Finding(pid, "citation", cited, "the text has no such article or item"))
        for item in items:
            if not item_covered(item, encoded, listed):
                out.append(Finding(pid, "article", item, "neither encoded nor listed in not_encoded (with why)"))
    # a public notice (公示) means objections: the engine must answer "not while an objection is open"
    notices = [
        p["id"]
        for p in d.get("procedures") or ()
        for x in p.get("periods") or ()
        if x.get("starts_on") == "notice_published"
    ]
    if notices and not any(c.get("test", {}).get("type") == "no_open_objection" for c in d.get("conditions") or ()):
        out.append(
            Finding(
                pid,
                "procedure",
                f"procedures.{notices[0]}",
                "a public notice without a no_open_objection condition (objections would not bar recognition)",
            )
        )
    # transition tables: roles and guards exist, states reachable names
    for p in d.get("procedures") or ():
        for j, t in enumerate(p["transitions"]):
            where = f"procedures.{p['id']}.transitions[{j}]"
            if t["role"] not in ROLES:
                out.append(Finding(pid, "transition", where, f"role {t['role']!r} not in {ROLES}"))
            for g in ([t["guard"]] if t.get("guard") else []) + list(t.get("also") or ()):
                if g not in GUARDS:
                    out.append(
                        Finding(pid, "transition", where, f"guard {g!r} is not a known guard (policy.types.GUARDS)")
                    )
    if cases:
        from .cases import case_files, load_cases

        covered: set[str] = set()
        for f in case_files(pack):
            for c in load_cases(f):
                covered.update(norm(a) for a in c.articles)
        for art in sorted(computable_articles(pack)):
            if not any(covers(a, art) or covers(art, a) for a in covered):
                out.append(
                    Finding(
                        pid,
                        "case",
                        art,
                        f"computable article without a YAML test case ({pack.path.parent.name}/tests/*.yaml)",
                        CASE_SEVERITY,
                    )
                )
    return out


def lint(ref: str | None = None) -> list[Finding]:
    """Findings for one pack (id, key, folder, region) or every pack file under policy/packs."""
    files = sorted(PACKS_DIR.glob("*/*.yaml"))
    out: list[Finding] = []
    matched = False
    for f in files:
        pid = f"{f.parent.name}/{f.stem}"
        try:
            pack = load_pack_file(f)
        except (PackError, yaml.YAMLError, KeyError, TypeError, ValueError) as e:
            if ref is None or ref in (pid, f.parent.name):
                out.append(Finding(pid, "loader", str(f), str(e)))
            continue
        if ref is not None and ref not in (pack.id, pack.key, f.parent.name, pack.identity["region"]):
            continue
        out += lint_pack(pack)
        matched = True
    if ref is not None and not out and not matched:
        out.append(Finding(ref, "loader", ref, "no such pack under policy/packs"))
    return out
