"""A lead unit's office software applies through the API as the office does on the pages: it opens the
application under the bureau's call (Kunming 第九条), attaches the pack's materials, submits, and files the
yearly report (Kunming 第十四条) — each through the pages' own services, access rules and audit events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEvent
from itisa.documents.models import Document
from itisa.supervision.models import Report
from itisa.workflow.models import Case

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def km(make_alliance, make_org, django_user_model, jurisdiction, token_for):
    from itisa.workflow.services import call_create

    today = timezone.localdate()
    alliance = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj",
                             lead=make_org("昆明花卉龙头企业", region="530102"), founded_on=today - timedelta(days=400))
    other = make_alliance("昆明市中药材产业技术创新战略联盟", juris="kunming-kjj",
                          lead=make_org("昆明中药材龙头企业", region="530102"), founded_on=today - timedelta(days=400))
    staff = django_user_model.objects.create_user(username="km_staff", password="pw")
    RoleAssignment.objects.create(user=staff, role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    lead = django_user_model.objects.create_user(username="km_lead", password="pw")
    RoleAssignment.objects.create(user=lead, role="lead_unit", alliance=alliance)
    call = call_create(actor=staff, jurisdiction=jurisdiction("kunming-kjj"), year=today.year, title="年度联盟认定申报",
                       opens_on=today - timedelta(days=5), closes_on=today + timedelta(days=30))
    return {"alliance": alliance, "other": other, "lead": lead, "call": call,
            "auth": {"HTTP_AUTHORIZATION": f"Bearer {token_for(lead)}"}}


def post(client, url, km, **kwargs):
    return client.post(f"/api/v1{url}", content_type="application/json", **km["auth"], **kwargs)


def attach(client, km, case_id, material, body=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/api/v1/applications/{case_id}/materials", {
        "material": material, "file": SimpleUploadedFile(f"{material}.pdf", body, content_type="application/pdf")},
        **km["auth"])


def test_the_office_software_opens_attaches_and_submits_under_the_call(client, km):
    opened = post(client, "/applications", km, data={"alliance_id": km["alliance"].pk, "call_id": km["call"].pk})
    assert opened.status_code == 201, opened.content
    case_id = opened.json()["id"]
    assert opened.json()["state"] == "draft"
    for material in ("application", "agreement", "strategy_plan"):
        attached = attach(client, km, case_id, material)
        assert attached.status_code == 201, attached.content
        assert attached.json()["material"] == material and len(attached.json()["sha256"]) == 64
    listed = client.get(f"/api/v1/applications/{case_id}/materials", **km["auth"]).json()
    assert sorted(m["material"] for m in listed) == ["agreement", "application", "strategy_plan"]
    version = Case.objects.get(pk=case_id).lock_version
    submitted = post(client, f"/applications/{case_id}/actions", km,
                     data={"action": "submit", "expected_version": version})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    done = set(AuditEvent.objects.filter(actor=km["lead"]).values_list("action", flat=True))
    assert {"case.open", "document.upload", "case.material", "case.submit"} <= done


def test_without_the_call_the_text_refuses_and_nothing_is_opened(client, km):
    refused = post(client, "/applications", km, data={"alliance_id": km["alliance"].pk})
    assert refused.status_code == 422
    body = refused.json()["error"]
    assert body["code"] == "refused" and "第九条" in body["details"][0]["message"]
    assert not Case.objects.exists()


def test_an_unknown_procedure_is_refused_in_words(client, km):
    refused = post(client, "/applications", km, data={"alliance_id": km["alliance"].pk, "procedure": "no_such"})
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "procedure"
    assert not Case.objects.exists()


def test_another_alliance_is_not_found_and_nothing_is_opened(client, km):
    response = post(client, "/applications", km, data={"alliance_id": km["other"].pk, "call_id": km["call"].pk})
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_a_browser_session_cannot_write(client, km):
    client.force_login(km["lead"])
    response = client.post("/api/v1/applications", {"alliance_id": km["alliance"].pk, "call_id": km["call"].pk},
                           content_type="application/json")
    assert response.status_code == 401
    assert not Case.objects.exists()


def test_a_refused_upload_leaves_no_document_and_no_file(client, km, tmp_path):
    case_id = post(client, "/applications", km,
                   data={"alliance_id": km["alliance"].pk, "call_id": km["call"].pk}).json()["id"]
    refused = attach(client, km, case_id, "application", body=b"MZ\x90\x00")
    assert refused.status_code == 422
    unknown = attach(client, km, case_id, "no_such_material")
    assert unknown.status_code == 422
    assert not Document.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_an_act_on_a_version_already_moved_answers_409(client, km):
    case_id = post(client, "/applications", km,
                   data={"alliance_id": km["alliance"].pk, "call_id": km["call"].pk}).json()["id"]
    stale = post(client, f"/applications/{case_id}/actions", km, data={"action": "submit", "expected_version": 99})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert Case.objects.get(pk=case_id).state == "draft"


def test_a_yearly_report_filed_through_the_api_is_listed(client, km, system_actor):
    from itisa.register.services import alliance_set_status

    alliance_set_status(actor=system_actor, alliance=km["alliance"], status="recognised", reason="认定")
    year = timezone.localdate().year - 1
    sections = {name: f"{name}：本年度工作情况" for name in (
        "summary", "plan_execution", "fund_use", "results", "next_year_plan")}
    filed = post(client, "/reports", km,
                 data={"alliance_id": km["alliance"].pk, "kind": "annual_report", "year": year, **sections})
    assert filed.status_code == 201, filed.content
    assert filed.json()["year"] == year and filed.json()["article"]
    assert Report.objects.filter(alliance=km["alliance"], kind="annual_report", year=year).count() == 1
    listed = client.get("/api/v1/reports", **km["auth"]).json()["items"]
    assert [r["year"] for r in listed] == [year]
    again = post(client, "/reports", km,
                 data={"alliance_id": km["alliance"].pk, "kind": "annual_report", "year": year, **sections})
    assert again.status_code in (409, 422)
    assert Report.objects.filter(alliance=km["alliance"], kind="annual_report", year=year).count() == 1
