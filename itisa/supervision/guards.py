"""The workflow guard that reads this app's consent records (Jiangning 第十二条 dissolution)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from itisa.supervision.models import Dissolution, DissolutionStatus
from itisa.supervision.services.endings import dissolution_missing_consents
from itisa.workflow.guards import guard
from itisa.workflow.models import Case


@guard("all_members_consent")
def all_members_consent(case: Case, on: date, context: dict[str, Any]) -> tuple[bool, str]:
    application = (Dissolution.objects.filter(alliance_id=case.alliance_id, status=DissolutionStatus.APPLIED)
                   .order_by("-applied_on").first())
    if application is None:
        return False, _("The lead unit has not applied to dissolve the alliance.")
    missing = dissolution_missing_consents(application, on)
    if missing:
        return False, _("Consent missing from: %(names)s") % {"names": "、".join(o.name for o in missing)}
    return True, _("Every member has consented.")
