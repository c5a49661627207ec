"""Every route of the site and what it asks the access module: the area (``pages.*``, 403 when refused,
the login page for an anonymous visitor) and, for a route about one object, the object rule and the URL
argument naming the object (404 when refused: existence itself is private). The permission-matrix test walks
the URL configuration and fails on a route missing here."""

from __future__ import annotations

from typing import NamedTuple


class Route(NamedTuple):
    area: str
    action: str | None = None  # the object rule
    obj: str | None = None  # the kind of object the URL's first argument names


PUBLIC = Route("pages.public")
LEAD = Route("pages.leadunit", "register.lead", "alliance")
WORK_CASE = Route("pages.work", "workflow.work_case", "case")
BUREAU_CASE = Route("pages.bureau", "reviews.assign", "case")
SUPERVISED = Route("pages.bureau", "supervision.view_alliance", "alliance")
EXPERT_CASE = Route("pages.experts", "reviews.expert_case", "case")
COMMITMENT = Route("pages.finance", "funding.view_ledger", "commitment")

ROUTES: dict[str, Route] = {
    "set_language": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_change": Route("pages.signed_in"),
    "accounts:password_done": Route("pages.signed_in"),
    "recognition:verify": PUBLIC,
    "public:register": PUBLIC,
    "public:alliance": PUBLIC,  # the public register only: a non-public alliance is 404 to everyone here
    "public:revoked": PUBLIC,
    "public:document": PUBLIC,  # recognition documents of public alliances only
    "public:notices": PUBLIC,
    "public:notice": PUBLIC,
    "public:packs": PUBLIC,
    "public:pack": PUBLIC,
    "core:home": PUBLIC,
    "exports:mine": Route("pages.signed_in"),
    "exports:download": Route("pages.signed_in", "exports.download", "export"),
    "core:healthz": PUBLIC,
    "leadunit:home": Route("pages.leadunit"),
    **{
        f"leadunit:{name}": LEAD
        for name in (
            "alliance",
            "deadlines_ics",
            "facts",
            "members",
            "member_add",
            "member_end",
            "member_import",
            "import_template",
            "member_import_confirm",
            "documents",
            "document",
            "achievements",
            "application",
            "eligibility",
            "application_open",
            "application_material",
            "application_act",
            "procedures",
            "procedure_open",
            "case",
            "case_material",
            "case_act",
            "reports",
            "report_new",
            "money",
            "claims",
            "claim_new",
            "claim_preview",
            "claim",
            "rectifications",
            "rectification",
            "dissolution",
            "dissolution_apply",
            "dissolution_consent",
        )
    },
    "staff:home": Route("pages.work"),
    "staff:case": WORK_CASE,
    "staff:decide": WORK_CASE,
    "staff:document": WORK_CASE,
    "staff:objection_resolve": Route("pages.work", "notices.resolve", "case"),
    "staff:experts": BUREAU_CASE,
    "staff:unassign": BUREAU_CASE,
    "staff:alliances": Route("pages.bureau"),
    "staff:alliance": SUPERVISED,
    "staff:grade": SUPERVISED,
    "staff:consequences_apply": SUPERVISED,
    "staff:rectification_judge": SUPERVISED,
    "staff:revoke": SUPERVISED,
    "staff:compare": SUPERVISED,
    "staff:finding_new": SUPERVISED,
    "staff:alliance_document": SUPERVISED,
    "staff:dissolution": SUPERVISED,
    "staff:dissolution_plaque": SUPERVISED,
    "staff:revocation_plaque": SUPERVISED,
    "staff:recognition_recall": SUPERVISED,  # recognition.recall asked again: the recognising bureau only
    "staff:dissolutions": Route("pages.bureau"),
    "staff:open_case": SUPERVISED,  # workflow.open_case is asked again by case_open (the alliance's own bureau)
    "staff:record_level": SUPERVISED,  # register.record_level: the recognising bureau's staff (alliance_upgrade)
    "staff:money": Route("pages.bureau"),
    "staff:propose": Route("pages.bureau"),
    "staff:alliance_options": Route("pages.bureau"),  # scoped by work_alliances (visible_to)
    "staff:proposal": Route("pages.bureau", "funding.view_proposal", "proposal"),
    "staff:claims": Route("pages.bureau"),
    "staff:claim": Route("pages.bureau"),  # the claim is looked up among visible_to(funding.view_claim): 404
    "staff:claim_document": Route("pages.bureau"),
    "staff:outside_funding": Route("pages.bureau"),
    "staff:deadlines": Route("pages.bureau"),
    "staff:calls": Route("pages.bureau"),
    "staff:call": Route("pages.bureau", "workflow.view_call", "call"),
    "staff:reports": Route("pages.recommender"),
    "staff:endorse": Route("pages.recommender", "supervision.view_report", "report"),
    # Entering the register by hand: organisations, the bureau's own alliances, members of an alliance in scope.
    "staff:organisation_new": Route("pages.bureau"),
    "staff:alliance_new": Route("pages.bureau"),
    "staff:members": Route("pages.bureau", "register.edit_alliance", "alliance"),
    # An organisation that is or was a member of that alliance (else 404); register.edit_organisation: any bureau.
    "staff:organisation": Route("pages.bureau", "register.edit_alliance", "alliance"),
    # The expert pool is shared by the bureaux (reviews.manage_experts): any expert's page opens to bureau staff.
    "staff:pool": Route("pages.bureau"),
    "staff:expert_new": Route("pages.bureau"),
    "staff:expert": Route("pages.bureau"),
    "experts:home": Route("pages.experts"),
    "experts:case": EXPERT_CASE,
    "experts:sheet": EXPERT_CASE,
    "experts:case_act": EXPERT_CASE,
    "experts:site_visit": EXPERT_CASE,
    "experts:material": EXPERT_CASE,
    "finance:home": Route("pages.finance"),
    "finance:ledger": Route("pages.finance"),
    "finance:pay": COMMITMENT,
    "finance:claw_back": COMMITMENT,
    "finance:simulate": Route("pages.finance"),
    # Funds and budgets: the fund's own bureau (staff and finance); inspections of fund use: the alliance's bureau.
    "finance:funds": Route("pages.finance"),
    # funding.view_fund reads the fund's jurisdiction (money belongs to the fund's bureau): 404 outside it.
    "finance:fund": Route("pages.finance", "funding.view_fund", "fund_jurisdiction"),
    "finance:inspections": Route("pages.finance"),
    "finance:inspection": Route("pages.finance", "supervision.inspect", "alliance"),
    "dashboards:home": Route("pages.dashboards"),
    # Accounts: two-step sign-in for anyone signed in; role management for bureau administrators.
    "accounts:otp_verify": Route("pages.signed_in"),
    "accounts:otp_setup": Route("pages.signed_in"),
    "accounts:otp_recovery": Route("pages.signed_in"),
    "accounts:roles": Route("pages.roles"),
    "accounts:role_revoke": Route("pages.roles"),
    # Health checks (no data) and the GB/T 2260 picker (public reference data).
    "core:readyz": PUBLIC,
    "core:region_options": PUBLIC,
    # The national register: imports and the holiday calendar are the bureau's.
    "register:organisations_template": Route("pages.bureau"),
    "register:organisations_import": Route("pages.bureau"),
    "register:register_template": Route("pages.bureau"),
    "register:register_import": Route("pages.bureau"),
    "notices:holidays": Route("pages.bureau"),
    # API tokens: each person their own.
    "api:tokens": Route("pages.signed_in"),
    "api:token_revoke": Route("pages.signed_in", "api.own_token", "token"),
    # The REST API answers for itself (401 in its error shape, never a login redirect); every endpoint
    # reads through the access module's querysets (itisa/api/scope.py), so its rows are the pages' rows.
    **{
        f"api-v1:{name}": PUBLIC
        for name in (
            "api-root",
            "openapi-json",
            "openapi-view",
            "alliances",
            "alliance",
            "members",
            "levels",
            "achievements",
            "organisations",
            "organisation",
            "notices",
            "notice",
            "regulations",
            "eligibility",
            "entitlements",
            "deadlines",
            "applications",
            "application",
            "materials",
            "reports",
            "application_act",
            "material_attach",
            "application_open",
            "report_new",
        )
    },
}
