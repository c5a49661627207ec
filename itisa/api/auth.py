"""Who is calling: a personal token (Authorization: Bearer itisa_…), a logged-in browser session for
reading, or nobody (the public register, notices and regulations are open to anyone)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.base import AuthBase

from itisa.api.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


class SessionAuth(AuthBase):
    """A logged-in browser session, for GET requests only (no CSRF exposure: the API writes nothing by session)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "sessionid"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD") and user is not None and user.is_authenticated:
            return user
        return None


def caller(request: HttpRequest) -> Any:
    """The caller of a public endpoint: the token's user when one is offered (a bad one is refused, never
    downgraded to anonymous), else the session's user for reading, else the anonymous public."""
    if request.headers.get("Authorization"):
        user = token_auth(request)
        if user is None:
            raise AuthenticationError()
        return user
    user = session_auth(request)
    return user if user is not None else AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth()
PRIVATE = [token_auth, session_auth]
