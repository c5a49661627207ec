from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.workflow.models import Call, Case, CaseMaterial, CaseTransition, Submission


@admin.register(Call)
class CallAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "year", "pack_id", "opens_on", "closes_on"]
    list_filter = ["jurisdiction", "year"]
    search_fields = ["title", "pack_id"]


class TransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CaseTransition
    extra = 0
    can_delete = False
    readonly_fields = (
        "seq",
        "from_state",
        "to_state",
        "action",
        "role",
        "actor_repr",
        "at",
        "on",
        "reason",
        "article",
        "engine_digest",
    )
    fields = readonly_fields


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: cases move only through workflow.services.case_act."""

    list_display = ["alliance", "procedure_id", "state", "pack_id", "jurisdiction", "closed", "updated_at"]
    list_filter = ["procedure_id", "state", "closed", "jurisdiction"]
    search_fields = ["alliance__name", "pack_id"]
    readonly_fields = [
        "alliance",
        "jurisdiction",
        "call",
        "pack_id",
        "pack_digest",
        "procedure_id",
        "state",
        "closed",
        "lock_version",
        "opened_on",
    ]
    inlines = [TransitionInline]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "number", "submitted_by", "submitted_at", "digest"]
    search_fields = ["case__alliance__name", "digest"]
    readonly_fields = ["case", "number", "submitted_by", "submitted_at", "facts", "eligibility", "materials", "digest"]


@admin.register(CaseTransition)
class CaseTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "seq", "from_state", "to_state", "action", "role", "actor_repr", "at", "article"]
    list_filter = ["action", "role"]
    search_fields = ["case__alliance__name", "actor_repr", "reason", "article"]


@admin.register(CaseMaterial)
class CaseMaterialAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "material_id", "document", "attached_at"]
    search_fields = ["case__alliance__name", "material_id"]
