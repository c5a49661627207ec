"""One public page: what a verification code printed on a recognition document or plaque stands for."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from itisa.recognition.selectors import verify_certificate


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    facts = verify_certificate(code)
    if facts is None:
        raise Http404
    response = render(request, "recognition/verify.html", {"facts": facts, "code": code})
    # The status can change (a recall): never served from a cache; not for search engines.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
