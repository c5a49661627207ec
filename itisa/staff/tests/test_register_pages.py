"""Staff enter the register by hand (issue 13 §2): organisations (Chinese and foreign), alliances of their own
bureau with the lead's membership, members of an alliance in their scope. Refusals stay on the page and
write nothing; another bureau's alliance is a 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.audit.models import AuditEvent
from itisa.register.models import Alliance, IndustryField, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ly(person, jurisdiction):
    return {"staff": person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj")),
            "km_staff": person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))}


def test_staff_register_a_chinese_organisation_by_its_credit_code(client, ly, credit_code):
    client.force_login(ly["staff"])
    code = credit_code("410311")
    response = client.post(reverse("staff:organisation_new"), {"credit_code": code, "name": "洛阳轴承研究所",
                                                              "kind": "research_institute", "legal_person": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(credit_code=code)
    assert org.region_id == "410311" and not org.is_foreign
    assert AuditEvent.objects.filter(action="organisation.create").exists()


def test_staff_register_a_foreign_organisation_without_a_region(client, ly):
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:organisation_new"), {
        "other_id": "HRB 12345", "other_id_scheme": "Handelsregister", "id_country": "DE", "name": "Fraunhofer IWU",
        "kind": "research_institute", "legal_person": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(other_id="HRB 12345")
    assert org.is_foreign and org.region_id is None


def test_an_organisation_without_any_identifier_is_refused_on_the_page(client, ly):
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:organisation_new"), {"name": "无代码单位", "kind": "enterprise"})
    assert response.status_code == 200 and response.context["form"].errors["credit_code"]
    assert not Organisation.objects.filter(name="无代码单位").exists()


def test_a_lead_unit_may_not_open_the_staff_register_pages(client, make_alliance, person):
    lead = person("lead", role="lead_unit", alliance=make_alliance())
    client.force_login(lead)
    assert client.get(reverse("staff:organisation_new")).status_code == 403
    assert client.get(reverse("staff:alliance_new")).status_code == 403


def test_staff_register_an_alliance_of_their_bureau_with_its_lead(client, ly, make_org, jurisdiction):
    lead = make_org("洛阳精工机械有限公司", region="410311")
    field = IndustryField.objects.filter(jurisdiction=jurisdiction("luoyang-kjj"), active=True).first()
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:alliance_new"), {
        "name": "洛阳市轴承产业技术创新战略联盟", "jurisdiction": jurisdiction("luoyang-kjj").pk,
        "credit_code": lead.credit_code, "founded_on": "2019-03-01", "kind": "rd", "industry_field": field.pk})
    alliance = Alliance.objects.get(name="洛阳市轴承产业技术创新战略联盟")
    assert response["Location"] == reverse("staff:members", kwargs={"pk": alliance.pk})
    assert alliance.lead == lead and alliance.industry_field == field
    assert Membership.objects.get(alliance=alliance).role == "lead"


def test_an_alliance_for_another_bureau_is_refused_and_nothing_written(client, ly, make_org, jurisdiction):
    lead = make_org("昆明企业", region="530102")
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:alliance_new"), {
        "name": "越权联盟", "jurisdiction": jurisdiction("kunming-kjj").pk, "credit_code": lead.credit_code,
        "founded_on": "2019-03-01", "kind": "rd"})
    assert response.status_code == 200 and response.context["form"].errors["jurisdiction"]
    assert not Alliance.objects.filter(name="越权联盟").exists()


def test_an_unregistered_or_foreign_lead_is_an_error_on_the_page(client, ly, jurisdiction, system_actor):
    from itisa.register.services import organisation_create

    organisation_create(actor=system_actor, name="Fraunhofer", kind="research_institute",
                        other_id="HRB 1", id_country="DE")
    client.force_login(ly["staff"])
    base = {"name": "洛阳联盟", "jurisdiction": jurisdiction("luoyang-kjj").pk, "founded_on": "2019-03-01", "kind": "rd"}
    unknown = client.post(reverse("staff:alliance_new"), {**base, "credit_code": "91410311MA0000000X"})
    assert unknown.status_code == 200 and unknown.context["form"].errors
    abroad = client.post(reverse("staff:alliance_new"), {**base, "other_id": "HRB 1", "id_country": "DE"})
    assert abroad.status_code == 200 and abroad.context["form"].non_field_errors()  # an alliance is registered where its lead is
    assert not Alliance.objects.filter(name="洛阳联盟").exists()


def test_staff_add_a_member_with_its_signature(client, ly, make_alliance, make_org):
    alliance = make_alliance()
    member = make_org("洛阳理工学院", region="410311", kind="university")
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:members", kwargs={"pk": alliance.pk}), {
        "credit_code": member.credit_code, "role": "core", "joined_on": "2019-04-01", "signed_agreement": "on"})
    assert response.status_code == 302
    m = Membership.objects.get(alliance=alliance, organisation=member)
    assert (m.role, m.signed_agreement) == ("core", True)


def test_a_member_joining_before_the_founding_is_refused_on_the_page(client, ly, make_alliance, make_org):
    alliance = make_alliance(founded_on=date(2019, 3, 1))
    member = make_org("洛阳理工学院", region="410311", kind="university")
    client.force_login(ly["staff"])
    response = client.post(reverse("staff:members", kwargs={"pk": alliance.pk}), {
        "credit_code": member.credit_code, "role": "member", "joined_on": "2019-01-01"})
    assert response.status_code == 200 and response.context["form"].errors["joined_on"]
    assert not Membership.objects.filter(organisation=member).exists()


def test_staff_of_another_bureau_get_404_on_the_members_page(client, ly, make_alliance, make_org):
    alliance = make_alliance()
    member = make_org("洛阳理工学院", region="410311", kind="university")
    client.force_login(ly["km_staff"])
    url = reverse("staff:members", kwargs={"pk": alliance.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"credit_code": member.credit_code, "role": "member",
                             "joined_on": "2019-04-01"}).status_code == 404
    assert not Membership.objects.filter(organisation=member).exists()


@pytest.fixture
def with_member(ly, make_alliance, make_org, system_actor):
    from itisa.register.services import membership_add

    alliance = make_alliance(founded_on=date(2019, 3, 1))
    org = make_org("洛阳理工学院", region="410311", kind="university")
    m = membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2019, 4, 1))
    return alliance, m


def test_staff_end_a_membership_behind_a_confirmation_with_its_reason(client, ly, with_member):
    alliance, m = with_member
    client.force_login(ly["staff"])
    url = reverse("staff:members", kwargs={"pk": alliance.pk})
    page = client.get(url).content.decode()
    assert f'name="end-{m.pk}-left_on"' in page and 'class="confirm destructive"' in page
    lead = Membership.objects.get(alliance=alliance, role="lead")
    assert f'name="end-{lead.pk}-left_on"' not in page  # the lead leaves only with a change of lead
    refused = client.post(url, {"act": "end", "membership": m.pk, f"end-{m.pk}-left_on": "2019-03-01",
                                f"end-{m.pk}-reason": "退出"})  # before it joined
    body = refused.content.decode()
    assert refused.status_code == 200 and "errorlist" in body and '<details class="card" open>' in body
    m.refresh_from_db()
    assert m.left_on is None
    no_reason = client.post(url, {"act": "end", "membership": m.pk, f"end-{m.pk}-left_on": "2022-01-01"})
    assert no_reason.status_code == 200 and "errorlist" in no_reason.content.decode()
    done = client.post(url, {"act": "end", "membership": m.pk, f"end-{m.pk}-left_on": "2022-01-01",
                             f"end-{m.pk}-reason": "主动退出联盟"})
    assert done.status_code == 302
    m.refresh_from_db()
    assert m.left_on == date(2022, 1, 1)
    assert AuditEvent.objects.filter(action="membership.end", target_id=str(m.pk), reason="主动退出联盟").exists()


def test_staff_change_a_members_role_keeping_the_history(client, ly, with_member):
    alliance, m = with_member
    client.force_login(ly["staff"])
    url = reverse("staff:members", kwargs={"pk": alliance.pk})
    lead = Membership.objects.get(alliance=alliance, role="lead")
    assert client.post(url, {"act": "role", "membership": lead.pk, f"role-{lead.pk}-role": "member",
                             f"role-{lead.pk}-on": "2021-01-01"}).status_code == 404
    done = client.post(url, {"act": "role", "membership": m.pk, f"role-{m.pk}-role": "core",
                             f"role-{m.pk}-on": "2021-01-01", f"role-{m.pk}-reason": "理事会决议"})
    assert done.status_code == 302
    periods = list(Membership.objects.filter(alliance=alliance, organisation=m.organisation)
                   .order_by("joined_on").values_list("role", "joined_on", "left_on"))
    assert periods == [("member", date(2019, 4, 1), date(2021, 1, 1)), ("core", date(2021, 1, 1), None)]


def test_staff_of_another_bureau_cannot_end_a_membership(client, ly, with_member):
    alliance, m = with_member
    client.force_login(ly["km_staff"])
    response = client.post(reverse("staff:members", kwargs={"pk": alliance.pk}), {
        "act": "end", "membership": m.pk, f"end-{m.pk}-left_on": "2022-01-01", f"end-{m.pk}-reason": "x"})
    assert response.status_code == 404
    m.refresh_from_db()
    assert m.left_on is None


def test_staff_hand_the_lead_role_to_a_member_and_the_former_lead_stays_as_a_core_member(client, ly, with_member):
    """The lead changes on the members page (``alliance_change_lead``), behind a confirmation, with a reason."""
    alliance, m = with_member
    former = alliance.lead
    client.force_login(ly["staff"])
    url = reverse("staff:members", kwargs={"pk": alliance.pk})
    assert f'name="lead-{m.pk}-on"' in client.get(url).content.decode()
    no_reason = client.post(url, {"act": "lead", "membership": m.pk, f"lead-{m.pk}-on": "2021-01-01"})
    assert no_reason.status_code == 200 and "errorlist" in no_reason.content.decode()
    done = client.post(url, {"act": "lead", "membership": m.pk, f"lead-{m.pk}-on": "2021-01-01",
                             f"lead-{m.pk}-reason": "理事会选举新的牵头单位"})
    assert done.status_code == 302
    alliance.refresh_from_db()
    assert alliance.lead == m.organisation
    open_periods = dict(Membership.objects.filter(alliance=alliance, left_on__isnull=True)
                        .values_list("organisation_id", "role"))
    assert open_periods == {m.organisation_id: "lead", former.pk: "core"}
    assert AuditEvent.objects.filter(action="alliance.lead", reason="理事会选举新的牵头单位").exists()
    client.force_login(ly["km_staff"])
    assert client.post(url, {"act": "lead", "membership": m.pk, f"lead-{m.pk}-on": "2022-01-01",
                             f"lead-{m.pk}-reason": "x"}).status_code == 404
