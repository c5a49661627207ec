"""The expert pool kept by bureau staff (issue 13 §2): list with search, add, edit (organisation, fields,
availability) and the conflicts of interest with the alliances in the bureau's scope (reviews/conflicts.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.register.models import IndustryField
from itisa.register.services import membership_add
from itisa.reviews.models import ExpertProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(person, jurisdiction):
    return {"ly": person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj")),
            "km": person("km_staff", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))}


def catalogue(jurisdiction, code):
    return IndustryField.objects.filter(jurisdiction=jurisdiction(code), active=True).order_by("code")


def test_staff_add_an_expert_with_fields_of_their_catalogue(client, cast, person, make_org, jurisdiction):
    person("zhang_san")
    org = make_org("河南科技大学", region="410311", kind="university")
    field = catalogue(jurisdiction, "luoyang-kjj").first()
    client.force_login(cast["ly"])
    response = client.post(reverse("staff:expert_new"), {
        "username": "zhang_san", "credit_code": org.credit_code, "title": "教授", "fields_of_expertise": [field.pk],
        "tags": "轴承，材料"})
    profile = ExpertProfile.objects.get(user__username="zhang_san")
    assert response["Location"] == reverse("staff:expert", kwargs={"expert": profile.pk})
    assert profile.organisation == org and list(profile.fields.all()) == [field]
    assert profile.tags == ["材料", "轴承"]


def test_an_unknown_account_or_another_catalogues_field_is_refused(client, cast, make_org, jurisdiction):
    org = make_org("河南科技大学", region="410311", kind="university")
    client.force_login(cast["ly"])
    unknown = client.post(reverse("staff:expert_new"), {"username": "nobody_here", "credit_code": org.credit_code})
    assert unknown.status_code == 200 and unknown.context["form"].errors["username"]
    foreign = catalogue(jurisdiction, "kunming-kjj").first()
    other = client.post(reverse("staff:expert_new"), {"username": "ly_staff", "credit_code": org.credit_code,
                                                      "fields_of_expertise": [foreign.pk]})
    assert other.status_code == 200 and other.context["form"].errors["fields_of_expertise"]
    assert not ExpertProfile.objects.exists()


def test_editing_keeps_other_bureaus_fields_and_sets_availability(client, cast, make_expert, jurisdiction):
    km_field = catalogue(jurisdiction, "kunming-kjj").first()
    ly_a, ly_b = catalogue(jurisdiction, "luoyang-kjj")[:2]
    expert = make_expert("li_si", fields=[km_field, ly_a])
    client.force_login(cast["ly"])
    response = client.post(reverse("staff:expert", kwargs={"expert": expert.pk}), {
        "credit_code": expert.organisation.credit_code, "fields_of_expertise": [ly_b.pk], "title": "研究员",
        "reason": "专业调整"})  # "active" unticked: no longer available
    assert response.status_code == 302
    expert.refresh_from_db()
    assert set(expert.fields.all()) == {km_field, ly_b} and not expert.active and expert.title == "研究员"


def test_a_change_without_a_reason_is_refused(client, cast, make_expert):
    expert = make_expert("li_si")
    client.force_login(cast["ly"])
    response = client.post(reverse("staff:expert", kwargs={"expert": expert.pk}),
                           {"credit_code": expert.organisation.credit_code, "title": "改"})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    expert.refresh_from_db()
    assert expert.title == "" and expert.active


def test_conflicts_shown_for_the_alliances_of_the_bureau_only(client, cast, make_expert, make_alliance, make_org,
                                                              system_actor):
    org = make_org("洛阳精工机械有限公司", region="410311")
    expert = make_expert("wang_wu", org=org)
    ly_alliance = make_alliance("洛阳市轴承产业技术创新战略联盟")
    membership_add(actor=system_actor, alliance=ly_alliance, organisation=org, joined_on=date(2019, 4, 1))
    km_alliance = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj",
                                lead=make_org("昆明花卉企业", region="530102"))
    membership_add(actor=system_actor, alliance=km_alliance, organisation=org, joined_on=date(2019, 4, 1))
    client.force_login(cast["ly"])
    page = client.get(reverse("staff:expert", kwargs={"expert": expert.pk}))
    assert [c["alliance"] for c in page.context["conflicts"]] == [ly_alliance]
    listed = client.get(reverse("staff:pool"), {"q": "精工"}).context["experts"]
    assert [row["expert"] for row in listed] == [expert] and listed[0]["conflicts"]


def test_search_and_availability_filter(client, cast, make_expert):
    a, b = make_expert("zhao_liu"), make_expert("qian_qi")
    ExpertProfile.objects.filter(pk=b.pk).update(active=False)
    client.force_login(cast["ly"])
    assert [r["expert"] for r in client.get(reverse("staff:pool"), {"q": "zhao"}).context["experts"]] == [a]
    assert [r["expert"] for r in client.get(reverse("staff:pool"), {"active": "1"}).context["experts"]] == [a]


def test_the_pool_is_for_bureau_staff(client, make_expert):
    expert = make_expert("sun_ba")
    client.force_login(expert.user)
    assert client.get(reverse("staff:pool")).status_code == 403
    assert client.get(reverse("staff:expert", kwargs={"expert": expert.pk})).status_code == 403
    assert client.get(reverse("staff:expert", kwargs={"expert": 999999})).status_code == 403
