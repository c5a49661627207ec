"""Back office for people. Accounts are edited here (Django's user admin), and every addition, change,
password reset and deletion writes an audit event. Role assignments are read-only here: they are
granted and revoked on the roles page through ``accounts.services`` (issue 9 §2)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.services import audit_record, snapshot
from itisa.core.admin import ReadOnlyAdminMixin


class RoleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["jurisdiction", "alliance", "organisation"]


def _safe(user: Any) -> dict[str, Any]:
    data = snapshot(user)
    data.pop("password", None)
    return data


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Profile"), {"fields": ("full_name", "phone", "organisation")}))
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["organisation"]
    inlines = [RoleInline]

    def _audit(self, request: Any, obj: Any, action: str, message: Any, *, after: bool = True) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=action,
                target=obj,
                after=_safe(obj) if after else None,
                reason=str(message)[:500],
            )

    def log_addition(self, request: Any, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "user.admin_add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: Any, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "user.admin_change", message)
        return super().log_change(request, obj, message)

    def log_deletion(self, request: Any, obj: Any, object_repr: str) -> Any:
        self._audit(request, obj, "user.admin_delete", object_repr, after=False)
        return super().log_deletion(request, obj, object_repr)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "alliance", "organisation", "recommender_kind", "active"]
    list_filter = ["role", "recommender_kind", "active"]
    search_fields = ["user__username", "user__full_name", "jurisdiction__name", "alliance__name"]
    raw_id_fields = ["user", "jurisdiction", "alliance", "organisation"]
