"""Session lifetime and the second factor, checked on every request.

Times are read from ``time.time()`` (the wall clock), not ``timezone.now()``, which tests move by days.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from itisa.accounts.twofactor import has_confirmed_totp, is_privileged, second_factor_required

STARTED, SEEN = "_itisa_started", "_itisa_seen"


def mark_session_start(request: Any) -> None:
    """Called at login: the session's clock starts (saved with the login, no extra write later)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[STARTED] = session[SEEN] = now


class SessionTimeoutMiddleware:
    """Log out after ``SESSION_IDLE_PRIVILEGED`` seconds idle (staff, finance, admin) or
    ``SESSION_IDLE_OTHER`` (everyone else), and ``SESSION_ABSOLUTE_LIFETIME`` after login in any case."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = float(session.get(STARTED) or now)
            seen = float(session.get(SEEN) or now)
            idle = settings.SESSION_IDLE_PRIVILEGED if is_privileged(user) else settings.SESSION_IDLE_OTHER
            if now - seen > idle or now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
            else:
                if STARTED not in session:  # a session from before this middleware
                    session[STARTED] = now
                if now - seen > 60 or SEEN not in session:  # one write a minute is precise enough
                    session[SEEN] = now
        return self.get_response(request)


EXEMPT = ("/accounts/2fa/", "/accounts/logout/", "/accounts/login/", "/i18n/", "/healthz")


class SecondFactorMiddleware:
    """A privileged person who has not shown a second factor this session is sent to enrol or verify;
    nothing else is served to them (needs ``django_otp.middleware.OTPMiddleware`` before it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(EXEMPT)
            and not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/")
            and second_factor_required(user)
        ):
            target = "accounts:otp_verify" if has_confirmed_totp(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
