"""What a person must never read: raw identifiers (snake_case codes, pack ids, Python reprs, four-decimal
amounts, bare article numbers, region codes without names) and, on Chinese pages, English words.

Only the visible text of a page is scanned (text nodes outside script/style, plus button/option labels);
attribute values (URLs, ids, form names) are the machine's business."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Words that are fine in Chinese pages: names of formats, standards and products people know.
ASCII_ALLOW = {
    "PDF",
    "Excel",
    "CSV",
    "URL",
    "ICS",
    "API",
    "JSON",
    "HTML",
    "HTTP",
    "HTTPS",
    "XLSX",
    "TOTP",
    "LOGO",
    "ITISA",
    "Django",
    "iCalendar",
    "Google",
    "Microsoft",
    "Authenticator",
    "REST",
    "UTF",
    "Token",
    "English",
    "GB/T",
    "WCAG",
    "SHA",
    "www",
    "http",
    "https",
    "html",
    "json",
    "example",
    "demo",
}

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("snake_case code", re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.@-])")),
    ("kind:value code", re.compile(r"(?<![\w/])[a-z_]{3,}:[a-z0-9_]+(?![\w/])")),
    ("pack id", re.compile(r"\b\d{6}-[a-z]+/\d{4}\b")),
    ("empty list", re.compile(r"\[\]")),
    ("Python repr", re.compile(r"\['|\{'|'\]|\bNone\b")),
    ("four-decimal amount", re.compile(r"\b\d+\.\d{4}\b")),
    ("code transition", re.compile(r"\b[a-z_]{3,} ?→ ?[a-z_]{3,}\b")),
    # a formula as the engine once wrote it: a level code mapped to an amount, a function call, a decision "within"
    ("code mapped to an amount", re.compile(r"\b[a-z_]{3,} → \d")),
    ("formula operator", re.compile(r"\b(?:min|max)\(|\bdecision within \[")),
    ("amount with trailing zeros", re.compile(r"(?<![\d.A-Za-z_])\d+\.\d*0(?![\d.A-Za-z_])(?=\s*(?:万元|%|×|−|=|→|\)|）|,|，|$))")),
    (
        "bare article number",
        re.compile(r"(?<!Art\. )(?<![\w.])\d{1,2}\(\d{1,2}\)|条\d|(?:条件|article|art\.)\s*:?\s*\d+\b"),
    ),
    # an engine fact's id: an achievement (ach1), a member change (join7, leave25), a report (report1), a
    # rectification's rank (rectification-1); not the name of a digest (sha256 …)
    ("raw identifier", re.compile(r"(?<![\w/.@-])(?!sha\d+\b)[a-z]{2,}-?\d+(?![\w/.@-])")),
    ("region code without a name", re.compile(r"(?<![\w-])[1-8]\d{5}(?![\w-])(?!\s*[\u4e00-\u9fff(（])")),
]
ENGLISH_WORD = re.compile(r"(?<![\w@./-])[A-Za-z]{4,}(?![\w@/-])(?!\.[a-z]{2,4}\b)")


class _Text(HTMLParser):
    """Visible text chunks of a page."""

    SKIP = {"script", "style", "code", "pre", "svg", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        a = dict(attrs)
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.chunks.append(a["value"] or "")
        for name in ("title", "placeholder", "aria-label"):
            if a.get(name) and tag != "meta":
                self.chunks.append(a[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def findings(html: str, *, chinese: bool, allow: set[str] = frozenset()) -> list[tuple[str, str]]:  # type: ignore[assignment]
    """(what, snippet) for each offending text chunk."""
    out: list[tuple[str, str]] = []
    for chunk in visible_text(html):
        for what, pattern in PATTERNS:
            for m in pattern.finditer(chunk):
                if m.group(0) not in allow:
                    out.append((what, _snippet(chunk, m)))
                    break
        if chinese:
            for m in ENGLISH_WORD.finditer(chunk):
                if m.group(0) not in ASCII_ALLOW and m.group(0) not in allow:
                    out.append(("English in a Chinese page", _snippet(chunk, m)))
                    break
    return out


def _snippet(chunk: str, m: re.Match[str]) -> str:
    start, end = max(0, m.start() - 30), min(len(chunk), m.end() + 30)
    return chunk[start:end].replace("\n", " ")
