from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from itisa.access import visible_to
from itisa.accounts.selectors import role_assignments_of


def home(request: HttpRequest) -> HttpResponse:
    alliances = visible_to(request.user, "register.view_alliance").order_by("-updated_at")[:20]
    return render(request, "core/home.html", {"alliances": alliances, "roles": role_assignments_of(request.user)})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True, "database": connection.vendor})
