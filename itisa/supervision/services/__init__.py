"""Every write of supervision. Each service: keyword-only, an explicit actor, one transaction, the
alliance row locked, an audit event, e-mails on commit, translated errors."""

from itisa.supervision.services.endings import (
    alliance_upgrade,
    dissolution_apply,
    dissolution_consent_record,
    dissolution_decide,
    dissolution_missing_consents,
    dissolution_plaque_issued,
    dissolution_plaque_returned,
)
from itisa.supervision.services.evaluation import (
    alliance_revoke,
    consequences_apply,
    finding_record,
    grade_record,
    rectification_judge,
    rectification_respond,
    revocation_plaque_recalled,
)
from itisa.supervision.services.reports import report_endorse, report_file
from itisa.supervision.services.scan import alliance_deadlines_refresh, deadlines_scan

__all__ = [
    "alliance_deadlines_refresh",
    "alliance_revoke",
    "alliance_upgrade",
    "consequences_apply",
    "deadlines_scan",
    "dissolution_apply",
    "dissolution_consent_record",
    "dissolution_decide",
    "dissolution_missing_consents",
    "dissolution_plaque_issued",
    "dissolution_plaque_returned",
    "finding_record",
    "grade_record",
    "rectification_judge",
    "rectification_respond",
    "report_endorse",
    "report_file",
    "revocation_plaque_recalled",
]
