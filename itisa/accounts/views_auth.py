"""Django's login, logout and password pages, with the password change audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from itisa.audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_done")

    def form_valid(self, form: Any) -> Any:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(
                actor=self.request.user,
                action="auth.password_change",
                target=self.request.user,  # type: ignore[arg-type]
                after={"ip": self.request.META.get("REMOTE_ADDR", "")},
            )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_done.html"
