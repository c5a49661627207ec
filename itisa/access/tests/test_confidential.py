"""Review is confidential (issue 9 §1): the applicant never sees expert identities or site-visit reports,
and cannot file documents of the bureau's kinds. Services check their rule whoever calls them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itisa.access import AccessDenied, can, system
from itisa.documents.models import Document, DocumentKind
from itisa.documents.services import document_upload
from tests.support import body

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 site visit report"


@pytest.fixture
def visit(client, cast_world):
    """The assigned expert records a site visit with a report, through the expert pages."""
    users, objects = cast_world
    expert, case = users["expert_assigned"], objects["case"]
    client.force_login(expert)
    response = client.post(
        reverse("experts:site_visit", kwargs={"pk": case.pk}),
        {
            "visited_on": "2020-06-01",
            "visitors": "专家组",
            "findings": "现场核实",
            "result": "pass",
            "document": SimpleUploadedFile("实地走访报告.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report = Document.objects.get(original_name="实地走访报告.pdf")
    assert report.kind == DocumentKind.SITE_VISIT_REPORT
    client.logout()
    return users, objects, report


def test_the_lead_does_not_see_the_site_visit_report_in_its_documents(client, visit):
    users, objects, report = visit
    lead, alliance = users["lead_own"], objects["alliance"]
    client.force_login(lead)
    url = reverse("leadunit:documents", kwargs={"pk": alliance.pk})
    page = client.get(url).content.decode()
    assert "规划.pdf" in page  # its own document is listed …
    assert "实地走访报告" not in page and str(users["expert_assigned"]) not in page  # … the expert's report is not
    for kind in ("csv", "xlsx"):
        exported = client.get(url, {"export": kind})
        assert exported.status_code == 200 and "实地走访报告".encode() not in body(exported)
    assert "实地走访报告" not in client.get(url, {"q": "实地"}, HTTP_HX_REQUEST="true").content.decode()
    download = reverse("leadunit:document", kwargs={"pk": alliance.pk, "did": report.pk})
    assert client.get(download).status_code == 404
    assert not can(lead, "documents.view", report)


def test_the_bureau_and_the_expert_still_see_the_report(visit):
    users, _objects, report = visit
    assert can(users["bureau_own"], "documents.view", report)
    assert can(users["expert_assigned"], "documents.view", report)
    assert not can(users["bureau_other"], "documents.view", report)
    assert not can(users["expert_unassigned"], "documents.view", report)


def test_an_experts_upload_of_another_kind_is_hidden_from_the_lead_too(visit):
    users, objects, _report = visit
    other = document_upload(
        actor=users["bureau_own"],
        kind="other",
        name="专家意见.pdf",
        stream=io.BytesIO(PDF),
        size=len(PDF),
        alliance=objects["alliance"],
    )
    other.uploaded_by = users["expert_assigned"]
    other.save(update_fields=["uploaded_by"])
    assert not can(users["lead_own"], "documents.view", other)


@pytest.mark.parametrize("kind", [DocumentKind.RECOGNITION, DocumentKind.SITE_VISIT_REPORT])
def test_a_lead_cannot_file_the_bureaus_kinds(client, cast_world, kind):
    users, objects = cast_world
    lead, alliance = users["lead_own"], objects["alliance"]
    with pytest.raises(AccessDenied):
        document_upload(
            actor=lead, kind=kind, name="假认定文件.pdf", stream=io.BytesIO(PDF), size=len(PDF), alliance=alliance
        )
    client.force_login(lead)
    response = client.post(
        reverse("leadunit:documents", kwargs={"pk": alliance.pk}),
        {"kind": kind, "file": SimpleUploadedFile("假认定文件.pdf", PDF)},
    )
    assert response.status_code in (200, 400)
    assert not Document.objects.filter(original_name="假认定文件.pdf").exists()
    page = client.get(reverse("leadunit:documents", kwargs={"pk": alliance.pk})).content.decode()
    assert f'value="{kind}"' not in page
    # The bureau may.
    document_upload(
        actor=users["bureau_own"],
        kind=kind,
        name="认定文件.pdf",
        stream=io.BytesIO(PDF),
        size=len(PDF),
        alliance=alliance,
    )


def test_an_association_recommender_acts_only_on_alliances_of_its_area_or_it_belongs_to(cast_world, person, make_org):
    """An association registered in Kunming has no role on a Jiangning case it is not a member of (docs/access.md:
    its area is the city where it is registered; Weinan 10 asks no membership inside that area)."""
    from itisa.access.workflow import case_roles
    from itisa.workflow.services import case_act

    _users, objects = cast_world
    case = objects["case"]
    association = person(
        "assoc",
        role="recommender",
        recommender_kind="association",
        organisation=make_org("昆明市某行业协会", region="530102", kind="association"),
    )
    assert "recommender" not in case_roles(association, case)
    with pytest.raises(AccessDenied):
        case_act(actor=association, case=case, action="recommend")


def test_register_services_check_their_rule(cast_world, person, make_org):
    from itisa.register.services import achievement_add, alliance_set_status, membership_add

    users, objects = cast_world
    alliance = objects["alliance"]
    org = make_org("江宁某企业", region="320115")
    for who in ("nobody", "lead_other", "bureau_other", "finance_own", "expert_assigned", "recommender"):
        with pytest.raises(AccessDenied):
            membership_add(actor=users[who], alliance=alliance, organisation=org, joined_on=date(2020, 1, 1))
        with pytest.raises(AccessDenied):
            alliance_set_status(actor=users[who], alliance=alliance, status="recognised", reason="x")
    with pytest.raises(AccessDenied):  # the lead keeps its facts but does not recognise itself
        alliance_set_status(actor=users["lead_own"], alliance=alliance, status="recognised", reason="x")
    membership_add(actor=users["lead_own"], alliance=alliance, organisation=org, joined_on=date(2020, 1, 1))
    achievement_add(
        actor=users["bureau_own"], alliance=alliance, kind="result", title="成果", achieved_on=date(2020, 5, 1)
    )


def test_no_actor_is_refused_and_a_system_actor_does_only_what_it_names(cast_world):
    from itisa.register.services import alliance_set_status
    from itisa.supervision.services import deadlines_scan

    _users, objects = cast_world
    with pytest.raises(AccessDenied):
        alliance_set_status(actor=None, alliance=objects["alliance"], status="recognised", reason="x")
    scan = system("deadline scan", "supervision.scan")
    with pytest.raises(AccessDenied):
        alliance_set_status(actor=scan, alliance=objects["alliance"], status="recognised", reason="x")
    run = deadlines_scan(actor=scan, on=date(2020, 12, 1))
    assert run.pk is not None
    seeding = system("demo seeding")
    alliance_set_status(actor=seeding, alliance=objects["alliance"], status="applying", reason="种子数据")
    from itisa.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="alliance.status").latest("pk").actor_repr == "system:demo seeding"


def test_templates_ask_the_same_module(cast_world):
    from django.template import Context, Template

    users, objects = cast_world
    template = Template(
        '{% load access %}{% if user|can:"pages.bureau" %}B{% endif %}'
        '{% can user "reviews.view_confidential" case as review %}{% if review %}R{% endif %}'
    )
    assert template.render(Context({"user": users["bureau_own"], "case": objects["case"]})) == "BR"
    assert template.render(Context({"user": users["bureau_other"], "case": objects["case"]})) == "B"
    assert template.render(Context({"user": users["lead_own"], "case": objects["case"]})) == ""


def test_the_bureau_sees_who_reviews_on_its_case_page(client, cast_world):
    users, objects = cast_world
    client.force_login(users["bureau_own"])
    page = client.get(reverse("staff:case", kwargs={"pk": objects["case"].pk})).content.decode()
    assert str(users["expert_assigned"]) in page  # the bureau sees who reviews


def test_an_experts_move_shows_as_the_expert_not_by_name_to_the_lead(client, cast_world):

    from itisa.workflow.models import CaseTransition

    users, objects = cast_world
    case, expert = objects["case"], users["expert_assigned"]
    # Jiangning's table gives experts no move of their own (第九条: the bureau returns for revision); a text
    # that lets the expert panel return an application records it like this:
    CaseTransition.objects.create(
        case=case, seq=case.transitions.count() + 1, from_state=case.state, to_state=case.state,
        action="return_for_revision", role="expert", actor=expert, actor_repr=str(expert), on=date(2020, 6, 2),
        reason="材料不全", pack_digest=case.pack_digest,
    )
    client.force_login(users["lead_own"])
    page = client.get(reverse("leadunit:application", kwargs={"pk": objects["alliance"].pk})).content.decode()
    assert "材料不全" in page  # the lead reads why …
    assert str(expert) not in page and expert.username not in page  # … never who
