"""Bad input and busy databases answered as the user's problem or a conflict, never as a server error.

* An id in the URL larger than any table can hold (``/documents/99999999999999999999/``) is a 404 before
  the view runs: SQLite cannot even bind it.
* A write that SQLite could not get the lock for within its busy timeout ("database is locked") is the
  same 409 conflict PostgreSQL's row locks lead to: nothing was saved, try again. Settings make SQLite
  take its write lock at ``BEGIN`` (``transaction_mode: IMMEDIATE``) so this is rare; this is the last resort.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from itisa.core.params import MAX_ID


def is_lock_error(exc: BaseException) -> bool:
    # "database is locked" (SQLITE_BUSY, past the busy timeout); "database table is locked" (SQLITE_LOCKED,
    # shared-cache in-memory databases, where the busy timeout does not apply).
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database table is locked" in text)


def conflict_response(request: HttpRequest) -> HttpResponse:
    return render(request, "core/conflict.html", status=409)


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not -MAX_ID <= value <= MAX_ID:
                raise Http404

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_lock_error(exception):
            return conflict_response(request)
        return None
