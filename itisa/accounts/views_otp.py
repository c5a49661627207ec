"""The second factor (TOTP, RFC 6238) with one-time recovery codes: enrol, verify, renew the codes.

Enrolment shows a QR code (segno, as an inline SVG image) and the key in text, asks for a first code
to confirm, then shows ten recovery codes once. Every success and failure is audited.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from itisa.accounts.twofactor import has_confirmed_totp
from itisa.audit.services import audit_record
from itisa.core.forms import TextField

RECOVERY_CODES = 10


class TokenForm(forms.Form):
    token = TextField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


def _audit(request: HttpRequest, action: str, **after: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action=action,
            target=request.user,  # type: ignore[arg-type]
            after={"ip": request.META.get("REMOTE_ADDR", ""), **after},
        )


def _new_recovery_codes(user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    if has_confirmed_totp(request.user):
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()  # type: ignore[misc]
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)  # type: ignore[misc]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(request.user)
                audit_record(
                    actor=request.user,
                    action="auth.otp_enrol",
                    target=request.user,  # type: ignore[arg-type]
                    after={"ip": request.META.get("REMOTE_ADDR", "")},
                )
            otp_login(request, device)
            return render(request, "accounts/otp_recovery.html", {"codes": codes, "next": _next(request)})
        form.add_error("token", _("The code is not right. Check the time on your phone and try again."))
        _audit(request, "auth.otp_failed", stage="enrol")
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr": qr, "secret": _base32(device.bin_key), "next": _next(request)},
    )


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not has_confirmed_totp(request.user):
        return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            _audit(request, "auth.otp_recovery_used" if isinstance(device, StaticDevice) else "auth.otp_verify")
            return redirect(_next(request))
        form.add_error("token", _("The code is not right."))
        _audit(request, "auth.otp_failed", stage="verify")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only in a session verified by a second factor."""
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:otp_verify")
    if request.method != "POST":
        return render(request, "accounts/otp_recovery.html", {"codes": None})
    with transaction.atomic():
        codes = _new_recovery_codes(request.user)
        audit_record(actor=request.user, action="auth.otp_recovery_renewed", target=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/otp_recovery.html", {"codes": codes, "next": "/"})
