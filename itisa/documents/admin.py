from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.documents.models import Document


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "alliance", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256", "alliance__name"]
    raw_id_fields = ["alliance", "organisation"]
    readonly_fields = ["sha256", "size", "content_type", "uploaded_by", "uploaded_at"]

    # Uploads go through documents.services.document_upload, which checks type, size and hash.
