from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from itisa.accounts.selectors import role_assignments_of
from itisa.register.selectors import alliances_visible_to


def home(request: HttpRequest) -> HttpResponse:
    alliances = alliances_visible_to(request.user).order_by("-updated_at")[:20]
    return render(request, "core/home.html", {"alliances": alliances, "roles": role_assignments_of(request.user)})
