from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from itisa.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["jurisdiction", "alliance", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Profile"), {"fields": ("full_name", "phone", "organisation")}))
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["organisation"]
    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "alliance", "organisation", "recommender_kind", "active"]
    list_filter = ["role", "recommender_kind", "active"]
    search_fields = ["user__username", "user__full_name", "jurisdiction__name", "alliance__name"]
    raw_id_fields = ["user", "jurisdiction", "alliance", "organisation"]
