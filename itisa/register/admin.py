from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.register.models import (
    Achievement,
    Alliance,
    ImportBatch,
    IndustryField,
    Jurisdiction,
    LevelRecord,
    Membership,
    Organisation,
    OrganisationName,
    Region,
)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_to", "successor"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "region", "parent", "policy_pack"]
    list_filter = ["level"]
    search_fields = ["code", "name", "region__name"]
    raw_id_fields = ["region", "parent"]


@admin.register(IndustryField)
class IndustryFieldAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "code", "article", "named_in_text", "active"]
    list_filter = ["jurisdiction", "named_in_text", "active"]
    search_fields = ["name", "code"]


class OrganisationNameInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Read-only: a rename goes through ``organisation_rename`` (audited)."""

    model = OrganisationName
    extra = 0
    can_delete = False
    readonly_fields = ("name", "used_until", "document_number")


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "other_id", "id_country", "kind", "region", "legal_person"]
    list_filter = ["kind", "legal_person", "chain_position", "id_country"]
    search_fields = ["name", "credit_code", "other_id", "former_names__name"]
    raw_id_fields = ["region"]
    inlines = [OrganisationNameInline]


@admin.register(OrganisationName)
class OrganisationNameAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "used_until", "document_number"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = ["organisation", "name", "used_until", "document_number"]


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organisation"]


class LevelInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LevelRecord
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "level", "status", "lead", "founded_on"]
    list_filter = ["jurisdiction", "level", "status", "kind"]
    search_fields = ["name", "lead__name", "lead__credit_code"]
    raw_id_fields = ["lead", "region", "outward_responsible_party", "industry_field"]
    inlines = [LevelInline, MembershipInline]
    list_select_related = ["jurisdiction", "lead"]


@admin.register(LevelRecord)
class LevelRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "level", "from_date", "jurisdiction", "document_number"]
    list_filter = ["level"]
    search_fields = ["alliance__name", "document_number"]
    raw_id_fields = ["alliance"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "organisation", "role", "joined_on", "left_on"]
    list_filter = ["role"]
    search_fields = ["alliance__name", "organisation__name", "organisation__credit_code"]
    raw_id_fields = ["alliance", "organisation"]
    list_select_related = ["alliance", "organisation"]


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "alliance", "kind", "standard_level", "achieved_on"]
    list_filter = ["kind", "standard_level"]
    search_fields = ["title", "reference", "alliance__name"]
    raw_id_fields = ["alliance", "organisation"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: imports are made on the staff import pages (register.imports, register.register_import)."""

    list_display = ["kind", "file_name", "rows", "created", "imported_by", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["kind", "file_name", "sha256", "rows", "created", "imported_by", "imported_at"]
