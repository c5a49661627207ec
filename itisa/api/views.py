"""The page where a user creates and revokes personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from itisa.access import can
from itisa.api.forms import TokenCreateForm
from itisa.api.models import ApiToken
from itisa.api.services import api_token_create, api_token_revoke
from itisa.core.forms import attach_service_errors


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            form = TokenCreateForm()
    own = ApiToken.objects.filter(user_id=int(request.user.pk or 0))
    return render(request, "api/tokens.html", {"form": form, "tokens": own, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    if not can(request.user, "api.own_token", token):
        raise Http404
    if request.POST.get("confirm") != "1":  # irreversible: only the confirming button revokes
        messages.error(request, _("Confirm to revoke the token."))
        return redirect("api:tokens")
    try:
        api_token_revoke(actor=request.user, token=token)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The token was revoked: programs using it can no longer connect."))
    return redirect("api:tokens")
