from django.contrib import admin

from itisa.core.admin import ReadOnlyAdminMixin
from itisa.funding.models import Budget, Fund, FundingBan, GrantProposal, LedgerEntry


@admin.register(Fund)
class FundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "article", "is_default", "district_share"]
    list_filter = ["jurisdiction", "is_default"]
    search_fields = ["name", "article", "jurisdiction__name"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["fund", "year", "amount", "allow_overcommit"]
    list_filter = ["year", "fund__jurisdiction"]
    search_fields = ["fund__name"]


@admin.register(GrantProposal)
class GrantProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "alliance",
        "citation",
        "rule",
        "matter",
        "amount",
        "range_min",
        "range_max",
        "status",
        "decided_amount",
        "on",
    ]
    list_filter = ["status", "pack_id", "mechanism"]
    search_fields = ["alliance__name", "matter", "rule", "article", "citation", "payee_organisation__name"]
    raw_id_fields = ["alliance", "payee_organisation", "fund", "decided_by", "created_by"]
    readonly_fields = ["result", "pack_digest", "inputs", "formula"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "booked_on", "fund", "alliance", "payee_organisation", "article", "matter", "amount"]
    list_filter = ["kind", "fund", "budget__year"]
    search_fields = ["alliance__name", "payee_organisation__name", "matter", "article", "payee_key"]
    raw_id_fields = ["fund", "budget", "alliance", "payee_organisation", "proposal", "related", "settles", "created_by"]


@admin.register(FundingBan)
class FundingBanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["alliance", "citation", "since", "jurisdiction"]
    search_fields = ["alliance__name", "citation", "reason"]
    raw_id_fields = ["alliance", "recovery"]
