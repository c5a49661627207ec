"""The lead-unit cast: a Kunming alliance (its text is in force, applications under a yearly call) and a Weinan
alliance (year-round), each with its own lead-unit office; the two must never see each other."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from itisa.accounts.models import RoleAssignment

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(django_user_model):
    def make(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username,
                                                     email=f"{username}@example.cn")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return make


@pytest.fixture
def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return lambda name="材料.pdf", body=PDF: SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def km(make_alliance, make_org, person, jurisdiction):
    """A Kunming alliance with only its lead, an open call, the lead's office and the bureau's staff."""
    from itisa.workflow.services import call_create

    today = timezone.localdate()
    alliance = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj",
                             lead=make_org("昆明花卉龙头企业", region="530102"), founded_on=today - timedelta(days=400))
    staff = person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    call = call_create(actor=staff, jurisdiction=jurisdiction("kunming-kjj"), year=today.year, title="年度联盟认定申报",
                       opens_on=today - timedelta(days=5), closes_on=today + timedelta(days=30))
    return {"alliance": alliance, "lead": person("km_lead", role="lead_unit", alliance=alliance), "staff": staff,
            "call": call}


@pytest.fixture
def wn(make_alliance, make_org, person, jurisdiction):
    """A Weinan alliance (year-round applications, recommended by a city department) and its lead's office."""
    today = timezone.localdate()
    alliance = make_alliance("渭南市装备制造产业技术创新战略联盟", juris="weinan-kjj",
                             lead=make_org("渭南装备龙头企业", region="610502"), founded_on=today - timedelta(days=400))
    return {"alliance": alliance, "lead": person("wn_lead", role="lead_unit", alliance=alliance),
            "recommender": person("wn_rec", role="recommender", recommender_kind="city_department",
                                  jurisdiction=jurisdiction("weinan-kjj"))}


@pytest.fixture
def document_of(system_actor):
    from itisa.documents.services import document_upload

    def make(alliance, name="章程.pdf"):
        return document_upload(actor=system_actor, kind="agreement", name=name, stream=io.BytesIO(PDF),
                               size=len(PDF), alliance=alliance)

    return make
