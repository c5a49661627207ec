from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.supervision.models import (
    AppliedConsequence,
    Deadline,
    Dissolution,
    DissolutionConsent,
    Finding,
    Grade,
    Notification,
    Rectification,
    Report,
    Revocation,
    ScanRun,
)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "kind", "year", "event_date", "filed_on", "due_on", "late", "endorsed_on"]
    list_filter = ["kind", "late", "endorsement_required", "pack_id"]
    search_fields = ["alliance__name", "summary", "article"]
    raw_id_fields = ["alliance", "document", "filed_by", "endorsed_by"]
    date_hierarchy = "filed_on"


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "label_zh", "period", "due_on", "status", "article", "last_scanned_on"]
    list_filter = ["status", "kind", "actor", "pack_id"]
    search_fields = ["alliance__name", "duty", "label_zh", "label_en", "article"]
    raw_id_fields = ["alliance"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["deadline", "status", "email", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["email", "deadline__alliance__name", "deadline__label_zh"]
    raw_id_fields = ["deadline", "recipient"]


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["on", "scheduled", "started_at", "finished_at", "alliances", "deadlines_created",
                    "deadlines_changed", "notifications"]
    list_filter = ["scheduled"]
    search_fields = ["on"]
    date_hierarchy = "on"


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "kind", "year", "grade_label", "graded_on", "article"]
    list_filter = ["kind", "grade", "pack_id"]
    search_fields = ["alliance__name", "grade", "grade_label"]
    raw_id_fields = ["alliance", "graded_by", "document"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "ordered_on", "due_on", "result", "responded_on", "judged_on", "article"]
    list_filter = ["result", "pack_id"]
    search_fields = ["alliance__name", "response", "judgement"]
    raw_id_fields = ["alliance", "grade", "response_document", "judged_by"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "kind", "found_on"]
    list_filter = ["kind"]
    search_fields = ["alliance__name", "description"]
    raw_id_fields = ["alliance", "recorded_by"]


@admin.register(AppliedConsequence)
class AppliedConsequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "consequence", "article", "status_before", "status_after", "applied_on"]
    list_filter = ["consequence", "pack_id"]
    search_fields = ["alliance__name", "consequence", "article", "engine_digest"]
    raw_id_fields = ["alliance", "applied_by"]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "article", "decided_on", "plaque_recall_ordered", "plaque_recalled_on"]
    list_filter = ["pack_id", "plaque_recall_ordered", "publication_required"]
    search_fields = ["alliance__name", "article", "reason"]
    raw_id_fields = ["alliance", "decided_by", "consequence"]


class ConsentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DissolutionConsent
    extra = 0
    raw_id_fields = ["organisation", "document", "recorded_by"]


@admin.register(Dissolution)
class DissolutionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "applied_on", "status", "decided_on", "article"]
    list_filter = ["status"]
    search_fields = ["alliance__name", "reason"]
    raw_id_fields = ["alliance", "applied_by", "decided_by"]
    inlines = [ConsentInline]


@admin.register(DissolutionConsent)
class DissolutionConsentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["dissolution", "organisation", "consented_on"]
    search_fields = ["organisation__name", "dissolution__alliance__name"]
    raw_id_fields = ["dissolution", "organisation", "document", "recorded_by"]
