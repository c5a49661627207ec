"""Fuzz every query parameter and every form (issue 9 §4): no bad input reaches a server error, and a
refused POST changes no row of any table and no stored file.

The demo set is seeded once; each demo role (and an anonymous visitor) crawls the pages it can reach
(``fuzz.py``): every GET parameter found in links and search forms is sent every nasty value, every POST
form is sent its page's own values with one field replaced by a slice of the nasty values (and bad files
in its file fields). A request answered with a redirect was accepted (the forms' success path) and becomes
the new baseline; any other answer is a refusal and must leave the database and the media folder as they
were. The login and password forms are left to the accounts tests (a refused login is recorded by design).
"""

from __future__ import annotations

import os
import time
from collections import deque
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from itisa.accounts.models import User
from itisa.demo.seeding import seed_demo
from tests.inputs.fuzz import RAW, Form, _shape, internal, parse, query_params, source_params, values_for

pytestmark = pytest.mark.django_db
ROLES = (
    "staff_jiangning",
    "staff_henan",
    "recommender_luolong",
    "finance_jiangning",
    "lead_kunming",
    "lead_luoyang",
    "expert_demo",
)
PAGES_PER_ROLE = 30
START = ("/", "/my/", "/work/", "/review/", "/finance/", "/dashboards/", "/notices/")
PUBLIC = ("/register/", "/notices/", "/regulations/", "/verify/")  # crawled once, by the anonymous visitor
VALUES_PER_PARAM = 4  # a different slice of NASTY for each parameter, so the set is covered many times over
VALUES_PER_FIELD = 3
BAD_FILES = (
    ("report.pdf", b"<html><script>alert(1)</script></html>"),
    ("empty.pdf", b""),
    ("virus.exe", b"MZ\x90\x00"),
    ("成员.xlsx", b"PK\x03\x04" + b"\x00" * 64),
)


def _row_counts() -> tuple[int, ...]:
    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy} - {"django_session"}
    )
    # Table names come from the models, quoted by the backend; nothing here comes from a request.
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM {connection.ops.quote_name(t)}"  # noqa: S608
        for i, t in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(n for _i, n in sorted(cursor.fetchall()))


def _files(root: Any) -> int:
    return sum(len(files) for _dir, _dirs, files in os.walk(root))


class Fuzzer:
    def __init__(self, client: Any, media: Any) -> None:
        self.client, self.media = client, media
        self.sent = 0
        self.failures: list[str] = []

    def _check(self, response: Any, what: str) -> None:
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {what}")

    def crawl(self, skip: tuple[str, ...] = ()) -> tuple[dict[str, dict[str, str]], list[Form]]:
        """(path → its GET parameters, forms) reachable from each role's home pages, less ``skip``ped paths."""
        seen_shapes: set[str] = set()
        gets: dict[str, dict[str, str]] = {}
        forms: dict[Any, Form] = {}
        queue = deque(START)
        visited = 0
        while queue and visited < PAGES_PER_ROLE:
            url = queue.popleft()
            shape = _shape(url) + "?" + ",".join(sorted(query_params(url)))
            if shape in seen_shapes:
                continue
            seen_shapes.add(shape)
            if any(url.startswith(p) for p in skip):
                continue
            response = self.client.get(url)
            visited += 1
            self._check(response, f"GET {url} (crawl)")
            if response.status_code in (301, 302) and (target := internal(response["Location"])):
                queue.appendleft(target)
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            links, page_forms = parse(url, response.content.decode("utf-8", "replace"))
            path = urlsplit(url).path
            gets.setdefault(path, source_params(path)).update(query_params(url))
            for form in page_forms:
                target = internal(form.action)
                if target is None:
                    continue
                if form.method == "get":
                    gets.setdefault(urlsplit(target).path, {}).update(form.fields)
                else:
                    forms.setdefault(form.key, form)
            for link in links:
                target = internal(link)
                if target is not None:
                    queue.append(target)
                    if "?" in target:
                        gets.setdefault(urlsplit(target).path, {}).update(query_params(target))
        return gets, list(forms.values())

    def fuzz_gets(self, gets: dict[str, dict[str, str]], done: set[tuple[str, str]]) -> None:
        for n, (path, params) in enumerate(sorted(gets.items())):
            for m, name in enumerate(sorted(params)):
                if (_shape(path), name) in done:
                    continue
                done.add((_shape(path), name))
                for value in values_for(name, params[name], 7 * n + m, VALUES_PER_PARAM):
                    url = f"{path}?{urlencode({**params, name: value})}"
                    self._check(self.client.get(url), f"GET {path} {name}={value[:30]!r}")
                raw = RAW[(n + m) % len(RAW)]
                self._check(self.client.get(f"{path}?{quote(name)}={raw}"), f"GET {path} {name}={raw}")
            if (_shape(path), "page") not in done:
                done.add((_shape(path), "page"))
                for value in ("9" * 30, "-1", "\x00"):
                    self._check(self.client.get(f"{path}?{urlencode({'page': value})}"), f"GET {path} page")

    def _post(self, form: Form, data: dict[str, Any], raw: str | None = None) -> Any:
        path = urlsplit(form.action).path
        if form.multipart:
            return self.client.post(path, data)
        if raw is not None:
            return self.client.post(path, raw, content_type="application/x-www-form-urlencoded")
        return self.client.post(path, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")

    def fuzz_form(self, form: Form, start: int) -> None:
        path = urlsplit(form.action).path
        names = [*sorted(form.fields), *form.files]
        for i, name in enumerate(names):
            cases: list[tuple[str, Any, str | None]] = []
            if name in form.files:
                cases = [(f"{name}={fname}", SimpleUploadedFile(fname, content), None) for fname, content in BAD_FILES]
            else:
                cases = [
                    (f"{name}={v[:30]!r}", v, None)
                    for v in values_for(name, form.fields[name], start + i, VALUES_PER_FIELD)
                ]
                if not form.multipart:
                    body = urlencode({k: v for k, v in form.fields.items() if k != name})
                    cases.append((f"{name}=<not UTF-8>", None, f"{body}&{quote(name)}={RAW[i % len(RAW)]}"))
            for label, value, raw in cases:
                data: dict[str, Any] = dict(form.fields)
                if value is not None:
                    data[name] = value
                before_rows, before_files = _row_counts(), _files(self.media)
                response = self._post(form, data, raw)
                what = f"POST {path} {label} → {response.status_code}"
                self._check(response, what)
                if response.status_code in (301, 302, 303):
                    continue  # accepted: the page's own success path (e.g. an optional note left empty)
                if _row_counts() != before_rows:
                    self.failures.append(f"rows changed by a refused {what}")
                if _files(self.media) != before_files:
                    self.failures.append(f"files changed by a refused {what}")


def test_no_bad_input_reaches_a_server_error_or_leaves_a_trace(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    started = time.monotonic()
    seed_demo(alliances=6, today=timezone.localdate())  # today: the demo's public notice is open
    seeded = time.monotonic() - started
    client.raise_request_exception = False
    fuzzer = Fuzzer(client, tmp_path)
    forms_done: set[Any] = set()
    params_done: set[tuple[str, str]] = set()
    routes: set[str] = set()
    for role in (None, *ROLES):
        client.logout()
        if role is not None:
            client.force_login(User.objects.get(username=role))
        gets, forms = fuzzer.crawl(skip=PUBLIC if role else ())
        routes |= {_shape(p) for p in gets}
        fuzzer.fuzz_gets(gets, params_done)
        for n, form in enumerate(forms):
            if form.key in forms_done:
                continue
            forms_done.add(form.key)
            fuzzer.fuzz_form(form, n)
    elapsed = time.monotonic() - started
    print(
        f"fuzz: {fuzzer.sent} requests over {len(routes)} routes, {len(params_done)} GET parameters and "
        f"{len(forms_done)} forms in {elapsed:.0f} s (seeding {seeded:.0f} s)"
    )
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
    assert fuzzer.sent >= 200 and len(forms_done) >= 10 and len(routes) >= 20 and len(params_done) >= 20
