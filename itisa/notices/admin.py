from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.notices.models import HolidayDay, HolidayYear, Objection, PublicNotice


class ObjectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Objection
    extra = 0
    can_delete = False
    fields = ("received_at", "name", "anonymous", "contact", "status", "resolved_by", "resolved_at")
    readonly_fields = fields


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: notices open when a case takes ``publish_notice`` (notices.services)."""

    list_display = ["title", "case", "published_on", "ends_on", "period_length", "period_unit", "status"]
    list_filter = ["status", "period_unit", "pack_id"]
    search_fields = ["title", "text", "case__alliance__name", "pack_id"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "case",
        "pack_id",
        "article",
        "published_on",
        "ends_on",
        "period_length",
        "period_unit",
        "title",
        "text",
        "status",
        "published_by",
        "created_at",
        "closed_at",
    ]
    inlines = [ObjectionInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: objections are filed and resolved through notices.services (with audit)."""

    list_display = ["notice", "received_at", "name", "anonymous", "status", "resolved_by", "resolved_at"]
    list_filter = ["status", "anonymous"]
    search_fields = ["notice__title", "notice__case__alliance__name", "name", "contact", "text", "resolution_reason"]
    readonly_fields = [
        "notice",
        "name",
        "contact",
        "text",
        "anonymous",
        "received_at",
        "source_ip",
        "submitted_by",
        "status",
        "resolution_reason",
        "resolved_by",
        "resolved_at",
    ]


class HolidayDayInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = HolidayDay
    extra = 0
    can_delete = False
    readonly_fields = ("day", "kind")


@admin.register(HolidayYear)
class HolidayYearAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: years are entered on the holiday calendar page (notices.holidays, audited)."""

    list_display = ["year", "document_number", "entered_by", "updated_at"]
    search_fields = ["document_number"]
    readonly_fields = ["year", "document_number", "entered_by", "updated_at"]
    inlines = [HolidayDayInline]


@admin.register(HolidayDay)
class HolidayDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["day", "kind", "calendar"]
    list_filter = ["kind"]
    search_fields = ["calendar__document_number"]
    readonly_fields = ["calendar", "day", "kind"]
