"""Response headers the security review asks for that Django does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on every page served to a
    logged-in person and on every download, so nothing private stays in a shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        )
        user = getattr(request, "user", None)
        download = "attachment" in response.headers.get("Content-Disposition", "") or getattr(
            response, "streaming", False
        )
        static = request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        if not static and (download or (user is not None and user.is_authenticated)):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
