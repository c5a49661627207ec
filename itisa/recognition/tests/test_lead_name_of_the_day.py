"""Documents keep the name of their day (issue 11): a lead renamed after its recognition is addressed on a
re-rendered recognition document by the name it bore when recognised."""

from __future__ import annotations

from datetime import date

import pytest

from itisa.recognition.services import _pdf_context
from itisa.register.services import organisation_rename
from itisa.workflow.services import case_act

pytestmark = pytest.mark.django_db


def test_a_rename_after_recognition_leaves_the_documents_name(km):
    case = km["case_at"]("notice", published_on=date(2024, 6, 3))
    r = case_act(actor=km["staff"], case=case, action="recognise", on=date(2024, 6, 12)).case.recognition
    lead = r.alliance.lead
    former = lead.name
    organisation_rename(actor=km["staff"], organisation=lead, name="云南花卉集团股份有限公司", on=date(2025, 3, 1))
    r.refresh_from_db()
    assert r.alliance.lead.name == "云南花卉集团股份有限公司"
    assert _pdf_context(r)["lead_name"] == former
