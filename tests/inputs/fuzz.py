"""The fuzz harness: find every GET parameter and every form a role sees, and the nasty values to send.

Pages are crawled as a user would (links and forms of the rendered HTML, same site only); a form is kept
with the values its page filled in, so a fuzzed request differs from a real one in one field only.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve

# A fixed, deterministic set: empty and invisible text, a search far past SQLite's LIKE limit, NUL
# (PostgreSQL refuses it), numbers that pin a worker when parsed or overflow a column, dates of year 1 and
# 9999, ids no table holds, SQL and HTML metacharacters, full-width digits, and bytes that are not UTF-8
# (``RAW`` values are sent percent-encoded as they are).
NASTY: tuple[str, ...] = (
    "",
    " \t ",
    "\u200b\u200c\u200d\ufeff",
    "\u3000",
    "x" * 60_000,
    "\x00",
    "a\x00b",
    "9" * 30,
    "1e30000000",
    "1e999999",
    "-1",
    "-99999999999999999999",
    "0",
    "99999999999999999999",
    "NaN",
    "Infinity",
    "0001-01-01",
    "9999-12-31",
    "2020-02-30",
    "'; DROP TABLE register_alliance; --",
    '<script>alert("x")</script>',
    "%s%n{0}${x}",
    "../../../etc/passwd",
    "１２３",
    "1/0",
)
RAW: tuple[str, ...] = ("%FF%FE%FD", "%C0%AF", "%ED%A0%80")
SKIP = ("/admin/", "/accounts/", "/i18n/", "/static/", "/media/", "/healthz")


@dataclass
class Form:
    page: str
    action: str
    method: str
    multipart: bool
    fields: dict[str, str] = field(default_factory=dict)  # name → value the page put in
    files: list[str] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.method, _shape(self.action), tuple(sorted(self.fields)))


def _shape(url: str) -> str:
    """/work/cases/17/decide/ → /work/cases/#/decide/: one representative per route."""
    parts = urlsplit(url)
    return "/".join("#" if p.isdigit() else p for p in parts.path.split("/"))


class _Page(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            self._form = Form(
                page=self.url,
                action=urljoin(self.url, a.get("action") or self.url),
                method=(a.get("method") or "get").lower(),
                multipart="multipart" in a.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                self._form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a or a["name"] not in self._form.fields:
                    self._form.fields[a["name"]] = a.get("value", "on") if "checked" in a or kind == "radio" else ""
            elif kind not in ("submit", "button", "reset", "image"):
                self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self._form.fields.setdefault(a["name"], "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form.fields[a["name"]] = ""
        elif tag == "button" and a.get("value"):
            self._form.fields.setdefault(a["name"], a["value"])
        if tag == "option" and self._form is not None and self._select:
            self._form.choices.setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a or not self._form.fields.get(self._select):
                self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(url: str, html: str) -> tuple[list[str], list[Form]]:
    page = _Page(url)
    page.feed(html)
    return page.links, page.forms


def internal(url: str) -> str | None:
    """The path and query of a same-site link worth following, or None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if any(parts.path.startswith(s) for s in SKIP) or "export=" in parts.query:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


DATES = ("0001-01-01", "9999-12-31", "2020-02-30", "1900-01-01")
NUMBERS = ("99999999999999999999", "-1", "1e30000000", "9" * 30)


_GET_NAME = re.compile(r"""(?:GET\.get\(|query_(?:text|int|date)\(request,)\s*["']([^"']+)["']""")


@functools.cache
def _names_in(module: str) -> tuple[str, ...]:
    source = inspect.getsource(importlib.import_module(module))
    return tuple(sorted(set(_GET_NAME.findall(source))))


def source_params(path: str) -> dict[str, str]:
    """The GET parameters the view module of ``path`` reads (``request.GET.get("on")``), links or not."""
    try:
        match = resolve(path)
    except Resolver404:
        return {}
    return dict.fromkeys(_names_in(match.func.__module__), "")


def values_for(name: str, current: str, start: int, count: int) -> list[str]:
    """A slice of NASTY, plus what hurts most a field of the kind its name or value shows (date, number)."""
    picked = list(rotate(NASTY, start, count))
    if (
        (len(current) == 10 and current[4:5] == "-" and current[7:8] == "-")
        or name in ("on", "from", "to")
        or name.endswith("_on")
    ):
        picked += [v for v in DATES if v not in picked]
    elif current.replace(".", "", 1).isdigit() or name in ("year", "page", "amount", "fund"):
        picked += [v for v in NUMBERS if v not in picked]
    return picked


def rotate(values: tuple[str, ...], start: int, count: int) -> Iterator[str]:
    """``count`` values from ``start`` on, wrapping: each field gets a different slice of the set."""
    for i in range(count):
        yield values[(start + i) % len(values)]
