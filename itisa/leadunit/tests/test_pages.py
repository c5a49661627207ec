"""Every page renders for the alliance's own lead-unit office; every URL is 404 for another alliance's
office (page, fragment, export, file), and anonymous users are sent to log in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from itisa.core.identifiers import make_uscc
from itisa.funding.claim_services import claim_file
from itisa.leadunit import urls as leadunit_urls
from itisa.register.models import Membership, Organisation
from itisa.supervision.models import Dissolution, Rectification
from itisa.workflow.services import case_open
from tests.support import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(wn, document_of):
    """One of everything hanging from the Weinan alliance."""
    alliance = wn["alliance"]
    today = timezone.localdate()
    case = case_open(actor=wn["lead"], alliance=alliance)
    order = Rectification.objects.create(alliance=alliance, pack_id="610500-weinan/2015", article="15",
                                         ordered_on=today, due_on=today + timedelta(days=180), months=6)
    claim = claim_file(actor=wn["lead"], alliance=alliance, pack="weinan", kind="re_review_passed",
                       event={"id": "new", "kind": "re_review_passed", "date": today.isoformat()})
    dissolution = Dissolution.objects.create(alliance=alliance, pack_id="610500-weinan/2015", article="15",
                                             reason="任务完成", applied_on=today)
    return {"pk": alliance.pk, "mid": Membership.objects.get(alliance=alliance).pk,
            "did": document_of(alliance).pk, "cid": case.pk, "rid": order.pk, "kind": "annual_report",
            "claim_kind": "re_review_passed", "claim": claim.pk, "dissolution": dissolution.pk}


def _urls(ids):
    for p in leadunit_urls.urlpatterns:
        assert isinstance(p, URLPattern)
        names = list(p.pattern.converters)
        if not names:
            continue
        yield p.name, reverse(f"leadunit:{p.name}", kwargs={n: ids[n] for n in names})


def test_the_probe_covers_every_url_but_home():
    named = {p.name for p in leadunit_urls.urlpatterns}
    ids = dict.fromkeys(("pk", "mid", "did", "cid", "rid", "claim", "dissolution"), 1) | {"kind": "annual_report",
                                                                          "claim_kind": "re_review_passed"}
    assert {name for name, _ in _urls(ids)} == named - {"home"}


def test_another_alliances_office_gets_404_on_every_url(client, km, objects):
    client.force_login(km["lead"])
    for name, url in _urls(objects):
        for method in (client.get, client.post):
            response = method(url, HTTP_HX_REQUEST="true")
            assert response.status_code == 404, (name, method.__name__, response.status_code)
        assert client.get(url, {"export": "xlsx"}).status_code == 404, name


def test_own_alliance_with_another_alliances_objects_is_404(client, km, wn, objects):
    """The alliance is mine but the member, document, case or order belongs to the other one."""
    client.force_login(km["lead"])
    ids = dict(objects, pk=km["alliance"].pk)
    for name in ("member_end", "document", "application_material", "application_act", "rectification",
                 "dissolution_consent"):
        names = next(p for p in leadunit_urls.urlpatterns if p.name == name).pattern.converters
        url = reverse(f"leadunit:{name}", kwargs={n: ids[n] for n in names})
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert 404 in statuses and statuses <= {404, 405}, (name, statuses)


def test_anonymous_users_are_sent_to_log_in(client, objects):
    for name, url in [("home", reverse("leadunit:home")), *_urls(objects)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_a_user_without_the_lead_role_is_refused(client, person):
    client.force_login(person("nobody"))
    assert client.get(reverse("leadunit:home")).status_code == 403


def test_every_page_renders_for_the_lead(client, wn, objects):
    client.force_login(wn["lead"])
    home = client.get(reverse("leadunit:home"))
    assert home.status_code == 302 and home["Location"] == reverse("leadunit:alliance", args=[objects["pk"]])
    for name, url in _urls(objects):
        if name in ("member_add", "member_import_confirm", "application_open", "application_material",
                    "application_act", "claim_preview", "dissolution_apply", "dissolution_consent",
                    "procedure_open", "case_material", "case_act"):
            continue  # POST only
        response = client.get(url, HTTP_HX_REQUEST="true" if name == "eligibility" else None)
        assert response.status_code == 200, (name, response.status_code)
    page = client.get(reverse("leadunit:alliance", args=[objects["pk"]])).content.decode()
    assert wn["alliance"].name in page and "渭南装备龙头企业" in page
    ics = client.get(reverse("leadunit:deadlines_ics", args=[objects["pk"]]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in ics.content


def test_a_lead_of_two_alliances_chooses_one(client, km, wn, person):
    from itisa.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=km["lead"], role="lead_unit", alliance=wn["alliance"])
    client.force_login(km["lead"])
    page = client.get(reverse("leadunit:home")).content.decode()
    assert km["alliance"].name in page and wn["alliance"].name in page


def test_the_member_export_holds_only_my_members(client, km, wn):
    client.force_login(km["lead"])
    response = client.get(reverse("leadunit:members", args=[km["alliance"].pk]), {"export": "csv"})
    text = body(response).decode("utf-8-sig")
    assert "昆明花卉龙头企业" in text and "渭南装备龙头企业" not in text


def test_adding_and_ending_a_member_through_the_forms(client, km, credit_code):
    client.force_login(km["lead"])
    pk = km["alliance"].pk
    today = timezone.localdate()
    code = credit_code("530102")
    bad = client.post(reverse("leadunit:member_add", args=[pk]),
                      {"credit_code": code, "name": "", "kind": "", "role": "member", "joined_on": today})
    body = bad.content.decode()
    assert bad.status_code == 200 and 'class="errorlist' in body and code in body
    ok = client.post(reverse("leadunit:member_add", args=[pk]),
                     {"credit_code": code, "name": "昆明新成员", "kind": "enterprise", "role": "core",
                      "joined_on": today})
    assert ok.status_code == 302
    m = Membership.objects.get(alliance=km["alliance"], organisation__credit_code=code)
    assert m.role == "core"
    end = client.post(reverse("leadunit:member_end", args=[pk, m.pk]),
                      {"left_on": today + timedelta(days=1), "reason": "退出"})
    assert end.status_code == 302
    m.refresh_from_db()
    assert m.left_on == today + timedelta(days=1)


def test_a_wrong_document_type_is_shown_next_to_the_field(client, km):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(km["lead"])
    url = reverse("leadunit:documents", args=[km["alliance"].pk])
    fake = SimpleUploadedFile("章程.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = client.post(url, {"kind": "agreement", "file": fake}).content.decode()
    assert "errorlist" in page and "pdf" in page
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    page = client.post(url, {"kind": "agreement", "file": exe}).content.decode()
    assert "exe" in page and "errorlist" in page
    good = SimpleUploadedFile("章程.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"kind": "agreement", "file": good}).status_code == 302
    listing = client.get(url).content.decode()
    assert "章程.pdf" in listing


@pytest.mark.parametrize("size", [10, 1000])
def test_the_member_list_costs_the_same_queries_for_10_or_1000_members(client, km, size,
                                                                      django_assert_max_num_queries):
    alliance = km["alliance"]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"成员{i:04d}", credit_code=make_uscc("9", "1", "530102", f"{20_000_000 + i:08d}"),
                     kind="enterprise", region_id="530102") for i in range(size))
    Membership.objects.bulk_create(Membership(alliance=alliance, organisation=o, role="member",
                                              joined_on=alliance.founded_on) for o in orgs)
    client.force_login(km["lead"])
    url = reverse("leadunit:members", args=[alliance.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
