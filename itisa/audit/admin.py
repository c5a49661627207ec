from django.contrib import admin

from itisa.audit.models import AuditEvent
from itisa.core.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the trail is written by services and never edited by hand."""

    list_display = ["at", "actor_repr", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_repr", "action", "target_repr", "target_id", "reason"]
    date_hierarchy = "at"
