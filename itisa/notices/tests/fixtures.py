"""Kunming cases driven to the public notice through the workflow (shared by notices and recognition tests)."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.documents.services import document_upload
from itisa.workflow import guards
from itisa.workflow.services import call_create, case_act, case_attach_material, case_open

PDF = b"%PDF-1.7\n%%EOF\n"
KUNMING_MATERIALS = ["application", "agreement", "strategy_plan"]
_n = itertools.count(1)


@pytest.fixture
def passing_reviews():
    """Test-only overrides: eligibility and the expert review are other apps' business (and tested
    there); these tests start where the bureau proposes. Restored afterwards."""
    saved = dict(guards.GUARDS)
    guards.GUARDS["eligible"] = lambda case, on, context: (True, "test: eligible")
    guards.GUARDS["expert_review_passed"] = lambda case, on, context: (True, "test: expert review passed")
    yield
    guards.GUARDS.clear()
    guards.GUARDS.update(saved)


@pytest.fixture
def km(db, django_user_model, jurisdiction, make_org, make_alliance, system_actor, passing_reviews, settings,
       tmp_path):
    """The Kunming cast: two bureau staff, a public user, and a factory of cases under notice."""
    settings.MEDIA_ROOT = tmp_path
    kunming = jurisdiction("kunming-kjj")

    def person(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username,
                                                     email=f"{username}@example.cn")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    staff = person("km_staff", role="bureau_staff", jurisdiction=kunming)
    calls: dict[int, object] = {}

    def case_at(state: str = "notice", *, topic: str = "花卉", published_on: date = date(2024, 6, 3),
                alliance_name: str | None = None):
        """A Kunming case moved through the pack's table up to *state* ("proposed" or "notice")."""
        year = published_on.year
        if year not in calls:
            calls[year] = call_create(actor=staff, jurisdiction=kunming, year=year, title=f"{year}年度联盟认定",
                                      opens_on=date(year, 1, 2), closes_on=date(year, 1, 31))
        n = next(_n)
        alliance = make_alliance(alliance_name or f"昆明{topic}产业技术创新战略联盟", juris="kunming-kjj",
                                 lead=make_org(f"昆明{topic}牵头企业{n}", region="530102"))
        lead = person(f"km_lead{n}", role="lead_unit", alliance=alliance)
        day = date(year, 1, 10)
        case = case_open(actor=lead, alliance=alliance, call=calls[year], on=day)
        for material in KUNMING_MATERIALS:
            doc = document_upload(actor=system_actor, kind="other", name=f"{material}.pdf", stream=io.BytesIO(PDF),
                                  size=len(PDF), alliance=alliance)
            case_attach_material(actor=lead, case=case, material_id=material, document=doc)
        case_act(actor=lead, case=case, action="submit", on=day)
        for action in ("start_formal_review", "pass_formal_review", "propose"):
            case_act(actor=staff, case=case, action=action, on=date(year, 2, 1))
        if state == "notice":
            case_act(actor=staff, case=case, action="publish_notice", on=published_on)
        case.refresh_from_db()
        return case

    return {"kunming": kunming, "staff": staff, "person": person, "case_at": case_at}
