"""The staff page of one organisation (issue 13 §5), reached from the members page of an alliance in the bureau's
scope: its particulars corrected (organisation_update) and its renaming with the day the new name takes effect
(organisation_rename), the former names shown with their dates. Refusals stay on the page and write nothing;
another bureau's alliance, or an organisation that is no member of it, is a 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.audit.models import AuditEvent
from itisa.register.models import OrganisationName

pytestmark = pytest.mark.django_db


@pytest.fixture
def ly(person, jurisdiction):
    return {"staff": person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj")),
            "km_staff": person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))}


def _url(alliance, org):
    return reverse("staff:organisation", kwargs={"pk": alliance.pk, "organisation_id": org.pk})


def test_the_members_and_alliance_pages_link_to_the_organisation_page(client, ly, make_alliance):
    alliance = make_alliance()
    client.force_login(ly["staff"])
    body = client.get(reverse("staff:members", kwargs={"pk": alliance.pk})).content.decode()
    assert _url(alliance, alliance.lead) in body
    body = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert _url(alliance, alliance.lead) in body  # the alliance page links its lead unit too


def test_staff_rename_an_organisation_and_the_former_name_keeps_its_date(client, ly, make_alliance):
    alliance = make_alliance()
    org = alliance.lead
    old = org.name
    client.force_login(ly["staff"])
    response = client.post(_url(alliance, org), {"act": "rename", "rename-name": "洛阳新名称有限公司",
                                                 "rename-on": "2023-05-01", "rename-document_number": "洛市监〔2023〕8号"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "洛阳新名称有限公司"
    former = OrganisationName.objects.get(organisation=org)
    assert (former.name, former.used_until, former.document_number) == (old, date(2023, 5, 1), "洛市监〔2023〕8号")
    assert org.name_on(date(2023, 4, 30)) == old and org.name_on(date(2023, 5, 1)) == org.name
    page = client.get(_url(alliance, org)).content.decode()
    assert old in page and "2023-05-01" in page


def test_a_rename_to_the_same_name_stays_on_the_page_and_saves_nothing(client, ly, make_alliance):
    alliance = make_alliance()
    org = alliance.lead
    client.force_login(ly["staff"])
    response = client.post(_url(alliance, org), {"act": "rename", "rename-name": org.name, "rename-on": "2023-05-01"})
    assert response.status_code == 200 and response.context["rename_form"].errors["name"]
    assert not OrganisationName.objects.filter(organisation=org).exists()
    assert not AuditEvent.objects.filter(action="organisation.rename").exists()


def test_staff_correct_the_particulars(client, ly, make_alliance):
    alliance = make_alliance()
    org = alliance.lead
    client.force_login(ly["staff"])
    response = client.post(_url(alliance, org), {"act": "update", "edit-kind": "university", "edit-region": "410305",
                                                 "edit-chain_position": "", "edit-reason": "登记类型有误"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.kind, org.region_id, org.legal_person) == ("university", "410305", False)
    assert AuditEvent.objects.get(action="organisation.update").reason == "登记类型有误"


@pytest.mark.parametrize("post,field", [({"edit-kind": "university", "edit-region": "999999", "edit-reason": "x"},
                                         "region"),
                                        ({"edit-kind": "university", "edit-reason": ""}, "reason"),
                                        ({"edit-kind": "nonsense", "edit-reason": "x"}, "kind")])
def test_bad_particulars_stay_on_the_page_and_save_nothing(client, ly, make_alliance, post, field):
    alliance = make_alliance()
    org = alliance.lead
    kind = org.kind
    client.force_login(ly["staff"])
    response = client.post(_url(alliance, org), {"act": "update", "edit-legal_person": "on", **post})
    assert response.status_code == 200 and response.context["edit_form"].errors[field]
    org.refresh_from_db()
    assert org.kind == kind
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_another_bureau_and_a_non_member_get_404(client, ly, make_alliance, make_org):
    alliance = make_alliance()
    org = alliance.lead
    name = org.name
    client.force_login(ly["km_staff"])
    assert client.get(_url(alliance, org)).status_code == 404
    assert client.post(_url(alliance, org), {"act": "rename", "rename-name": "越权更名",
                                             "rename-on": "2023-05-01"}).status_code == 404
    org.refresh_from_db()
    assert org.name == name
    client.force_login(ly["staff"])
    stranger = make_org("无关单位", region="410311")
    assert client.get(_url(alliance, stranger)).status_code == 404
