"""A page rendered once per data version: the main lists and the dashboard are read many times between two
writes, and each read costs a handful of queries through the bureau scope and a template of a few hundred
rows' cells (docs/benchmarks.md, "Web throughput"). ``@per_version`` keeps the rendered body of a successful
``GET`` under a key of everything the body depends on:

* the data version: the last audit event (every write of a service is audited, so any change a page can show
  moves it; a source registered by the audit app — core imports no app);
* the person: the user's id (the access layer's scope and the navigation follow their roles, whose changes
  are audited writes too; every visitor who is not signed in is shown the same public page), the language,
  the day in Asia/Shanghai (deadlines and "overdue" are counted against it);
* the request: the full path with its query, and whether it is an HTMX fragment.

The page's forms carry a CSRF token of the visitor's own secret: it is taken out before the page is kept
(every token of this request's secret, wherever it stands) and each visitor's own is put in when it is served,
so no visitor is ever handed a token of another's secret.

A page is not kept, nor served from the cache, when the session holds a message to show, for an export
(``?export=``), for a query longer than any list's filters make, or for anything but a 200 HTML answer. What no audit event marks (a bulk load, a restore,
the clock within a day) is seen after at most ``ITISA_PAGE_CACHE_SECONDS`` (60 s by default; 0 turns the
cache off, as the test settings do except where a test turns it on). The permission check stays outside:
the decorator goes under ``@area``, so who may see a page is decided on every request.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]  # Django 4.1+
from django.utils import timezone
from django.utils.translation import get_language

_version: list[Callable[[], str]] = []
HOLE = b"\x00csrf-token\x00"  # where the visitor's own token goes (no page text holds a NUL byte)
_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # a masked token's shape
QUERY_AT_MOST = 300  # a longer query is no list's filters: not kept, so made-up queries cannot fill the cache


def set_version_source(source: Callable[[], str]) -> None:
    """Registered by the app that keeps the audit trail: a short string that moves with every write."""
    _version[:] = [source]


def seconds() -> int:
    return int(getattr(settings, "ITISA_PAGE_CACHE_SECONDS", 60))


def _key(request: HttpRequest, view: str) -> str | None:
    if (request.method not in ("GET", "HEAD") or "export" in request.GET or not _version or seconds() <= 0
            or len(request.META.get("QUERY_STRING", "")) > QUERY_AT_MOST):
        return None
    if len(get_messages(request)):  # a message is shown once: this page is not the cached one
        return None
    user = getattr(request, "user", None)
    parts = [view, _version[0](), str(getattr(user, "pk", None) or "-"), get_language() or "",
             timezone.localdate().isoformat(), "hx" if request.headers.get("HX-Request") else "",
             request.get_full_path()]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _without_tokens(request: HttpRequest, content: bytes) -> bytes:
    """*content* with every CSRF token of this request's secret replaced by :data:`HOLE`."""
    secret = request.META.get("CSRF_COOKIE", "")

    def hole(match: re.Match[bytes]) -> bytes:
        return HOLE if secret and _unmask_cipher_token(match.group().decode()) == secret else match.group()

    return _CANDIDATE.sub(hole, content)


def per_version(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The view's page, served from the cache while nothing it may show has changed (module docstring)."""
    name = f"{view.__module__}.{view.__name__}"

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = _key(request, name + repr((args, sorted(kwargs.items()))))
        if key is not None:
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content.replace(HOLE, get_token(request).encode()), content_type=content_type)
        response = view(request, *args, **kwargs)
        content_type = response.get("Content-Type", "")
        if (key is not None and isinstance(response, HttpResponse) and response.status_code == 200
                and content_type.startswith("text/html") and not response.cookies):
            cache.set(key, (_without_tokens(request, response.content), content_type), seconds())
        return response

    return wrapped
