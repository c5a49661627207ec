from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.recognition.models import DocumentNumberCounter, Recognition


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: recognitions are issued by the workflow and recalled through recognition.services."""

    list_display = ["document_number", "name", "level", "jurisdiction", "recognised_on", "status"]
    list_filter = ["status", "level", "jurisdiction", "year"]
    search_fields = ["document_number", "name", "alliance__name", "verification_code"]
    date_hierarchy = "recognised_on"
    readonly_fields = [f.name for f in Recognition._meta.concrete_fields]


@admin.register(DocumentNumberCounter)
class DocumentNumberCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an edited counter would issue a duplicate or leave a gap."""

    list_display = ["jurisdiction", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["jurisdiction__name", "jurisdiction__code"]
    readonly_fields = ["jurisdiction", "year", "last_number"]
