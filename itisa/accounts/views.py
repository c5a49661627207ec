"""The roles page of a bureau administrator: who holds which role in their bureau; grant and revoke."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itisa.access.accounts import manageable_jurisdiction_ids
from itisa.access.views import area
from itisa.accounts.forms import RoleGrantForm, RoleRevokeForm
from itisa.accounts.models import RoleAssignment
from itisa.accounts.services import role_grant, role_revoke
from itisa.core.forms import submitted


def _manager_or_403(request: HttpRequest) -> set[int] | None:
    return manageable_jurisdiction_ids(request.user)


def _scoped(ids: set[int] | None) -> QuerySet[RoleAssignment]:
    """Active assignments of the bureaus *ids* (every one for ``None``)."""
    rows = RoleAssignment.objects.filter(active=True).select_related(
        "user", "jurisdiction", "alliance__jurisdiction", "organisation"
    )
    if ids is not None:
        rows = rows.filter(Q(jurisdiction_id__in=ids) | Q(alliance__jurisdiction_id__in=ids))
    return rows.order_by("jurisdiction__code", "role", "user__username")


@area("pages.roles")
def roles(request: HttpRequest) -> HttpResponse:
    ids = _manager_or_403(request)
    form = RoleGrantForm(request.POST or None, manager=request.user)
    if request.method == "POST":
        granted = submitted(
            request, form,
            lambda d: role_grant(actor=request.user, user=d["username"], role=d["role"], jurisdiction=d["jurisdiction"],
                                 alliance=d["alliance"], recommender_kind=d["recommender_kind"], reason=d["reason"]),
            done=_("The role was granted."), then=reverse("accounts:roles"))
        if granted:
            return granted
    return render(
        request,
        "accounts/roles.html",
        {"form": form, "assignments": _scoped(ids)[:500], "revoke_form": RoleRevokeForm()},
    )


@area("pages.roles")
@require_POST
def role_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    ids = _manager_or_403(request)
    if pk > 2**62:
        raise Http404
    assignment = get_object_or_404(_scoped(ids), pk=pk)
    form = RoleRevokeForm(request.POST)
    revoked = submitted(request, form, lambda d: role_revoke(actor=request.user, assignment=assignment, reason=d["reason"]),
                        done=_("The role was revoked."), then=reverse("accounts:roles"))
    if revoked:
        return revoked
    grant = RoleGrantForm(manager=request.user)
    return render(
        request,
        "accounts/roles.html",
        {"form": grant, "assignments": _scoped(ids)[:500], "revoke_form": form, "revoke_pk": pk},
        status=400,
    )
