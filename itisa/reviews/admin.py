"""Admin: read-only (rows are written only through reviews.services, which check conflicts, freeze
sheets and record audit events)."""

from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.reviews.models import (
    DimensionScore,
    ExpertAssignment,
    ExpertProfile,
    QuestionAnswer,
    ScoreSheet,
    SiteVisit,
)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Kept for the names below; the rule itself lives in itisa.core.admin."""


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "title", "active", "updated_at"]
    list_filter = ["active", "fields"]
    search_fields = ["user__username", "user__full_name", "organisation__name", "organisation__credit_code", "title"]
    filter_horizontal = ["fields"]
    raw_id_fields = ["user", "organisation"]


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "expert", "round", "assigned_on", "assigned_by", "active"]
    list_filter = ["round", "active"]
    search_fields = [
        "case__alliance__name",
        "expert__user__username",
        "expert__user__full_name",
        "expert__organisation__name",
        "withdrawn_reason",
    ]


class DimensionScoreInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DimensionScore
    extra = 0
    can_delete = False
    readonly_fields = ["dimension_id", "article", "score"]


class QuestionAnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuestionAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["condition_id", "article", "answer", "comment"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ["case", "expert", "round", "submission", "mode", "score", "opinion", "submitted_at"]
    list_filter = ["round", "mode", "opinion"]
    search_fields = ["case__alliance__name", "expert__user__username", "expert__user__full_name", "pack_id", "comment"]
    inlines = [DimensionScoreInline, QuestionAnswerInline]


@admin.register(DimensionScore)
class DimensionScoreAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "dimension_id", "article", "score"]
    search_fields = ["dimension_id", "sheet__case__alliance__name", "sheet__expert__user__username"]


@admin.register(QuestionAnswer)
class QuestionAnswerAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "condition_id", "article", "answer"]
    list_filter = ["answer"]
    search_fields = ["condition_id", "comment", "sheet__case__alliance__name", "sheet__expert__user__username"]


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdmin):
    list_display = ["case", "visited_on", "result", "recorded_by", "recorded_at"]
    list_filter = ["result"]
    search_fields = ["case__alliance__name", "visitors", "findings"]
