from __future__ import annotations

import io
from datetime import date

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.documents.services import document_upload
from itisa.notices.tests.fixtures import km, passing_reviews  # noqa: F401  (Kunming cases under notice)

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def person(django_user_model):
    def make(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username)
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return make


@pytest.fixture
def pdf(system_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(name: str = "材料.pdf", alliance=None):
        return document_upload(actor=system_actor, kind="other", name=name, stream=io.BytesIO(PDF), size=len(PDF),
                               alliance=alliance)

    return make


@pytest.fixture
def jiangning_case_setup(make_alliance, make_org, jurisdiction, person, system_actor):
    """A Jiangning alliance meeting 第六条2 (21 members, all local) with its lead office and a district officer."""
    from itisa.register.services import alliance_update, membership_add

    alliance = make_alliance("江宁区智能电网产业技术创新战略联盟", juris="jiangning-kjj",
                             lead=make_org("江宁龙头企业", region="320115"), founded_on=date(2019, 1, 2))
    for i in range(20):
        membership_add(actor=system_actor, alliance=alliance, organisation=make_org(f"江宁成员{i}", region="320115",
                       kind="enterprise" if i % 2 else "university"), joined_on=date(2019, 1, 2))
    alliance_update(actor=system_actor, alliance=alliance, reason="材料齐全", agreement_signed_by_all=True,
                    has_council=True, has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2,
                    has_funding_mechanism=True, has_short_term_plan=True, has_mid_term_plan=True,
                    has_long_term_plan=True, has_open_membership=True, has_ip_rules=True, has_benefit_sharing_rules=True,
                    outward_responsible_party=alliance.lead, has_charter=True, has_expert_committee=True,
                    has_office=True, has_fund_rules=True)
    return {
        "alliance": alliance,
        "lead": person("jn_lead", role="lead_unit", alliance=alliance),
        "staff": person("jn_staff", role="bureau_staff", jurisdiction=jurisdiction("jiangning-kjj")),
        "staff2": person("jn_staff2", role="bureau_staff", jurisdiction=jurisdiction("jiangning-kjj")),
        "other_staff": person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj")),
    }
