"""The register takes members from the whole country (issue 11): real credit codes from several
provinces and the centre, retired codes of every province, organisations registered abroad,
name changes, and next year's list of divisions applied without losing links."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from itisa.core.identifiers import make_uscc
from itisa.register.facts import alliance_facts, alliances_for_facts
from itisa.register.models import Alliance, Organisation, Region
from itisa.register.selectors import organisation_search_q, region_label, regions_matching
from itisa.register.services import membership_add, organisation_create, organisation_rename
from policy.api import check_eligibility

pytestmark = pytest.mark.django_db

# Published codes (sources in itisa/core/tests/test_identifiers.py); region = positions 3–8.
REAL = [
    ("清华大学", "12100000400000624D", "university", "100000"),
    ("复旦大学", "1210000042500615X0", "university", "100000"),
    ("华为技术有限公司", "914403001922038216", "enterprise", "440300"),
    ("小米科技有限责任公司", "91110108551385082Q", "enterprise", "110108"),
    ("北京吉野家快餐有限公司", "911100006000650192", "enterprise", "110000"),
    ("山东省某机关", "11370000MB284651XL", "other", "370000"),
]


@pytest.mark.parametrize("name,code,kind,region", REAL)
def test_real_codes_from_the_centre_and_several_provinces_are_registered(system_actor, name, code, kind, region):
    org = organisation_create(actor=system_actor, name=name, credit_code=code, kind=kind)
    assert org.region_id == region
    assert org.region.is_within(region[:2] + "0000")


def test_the_three_refused_in_the_issue_land_where_they_are(system_actor):
    huawei = organisation_create(
        actor=system_actor, name="华为技术有限公司", credit_code="914403001922038216", kind="enterprise"
    )
    xiaomi = organisation_create(
        actor=system_actor, name="小米科技有限责任公司", credit_code="91110108551385082Q", kind="enterprise"
    )
    assert huawei.region.name == "深圳市" and huawei.region.is_within("440000")
    assert xiaomi.region.name == "海淀区" and xiaomi.region.is_within("110000")
    assert not xiaomi.region.is_within("530100")
    assert Region.objects.get(code="100000").level == "province"
    assert {"710000", "810000", "820000"} <= set(Region.objects.values_list("code", flat=True))


def test_the_whole_country_since_1980_is_there():
    assert Region.objects.filter(level="province", valid_to="").count() == 35  # 31 + 710000/810000/820000 + 100000
    assert Region.objects.filter(valid_to="").count() > 3000
    assert Region.objects.exclude(valid_to="").count() > 3000


@pytest.mark.parametrize(
    "retired,province,successor",
    [
        ("320103", "320000", "320104"),  # 白下区 → 秦淮区 (2013), 江苏
        ("610521", "610000", "610503"),  # 华县 → 华州区 (2015), 陕西
        ("530122", "530000", "530115"),  # 晋宁县 → 晋宁区 (2016), 云南
        ("110103", "110000", "110000"),  # 崇文区 (2010), 北京: the nearest code in force
        ("440923", "440000", None),  # 电白县 (2014), 广东
    ],
)
def test_a_credit_code_under_a_retired_code_of_another_province_is_valid_and_placed(
    system_actor, retired, province, successor
):
    org = organisation_create(
        actor=system_actor,
        name=f"老企业{retired}",
        credit_code=make_uscc("9", "1", retired, "31000001"),
        kind="enterprise",
    )
    assert org.region.is_retired
    if successor:
        assert org.region.successor_id == successor
    assert org.region.is_within(province)
    current = Region.objects.get(code=org.region.current_ancestor_codes()[-1])
    assert not current.is_retired


def test_a_retired_code_answers_as_its_successor_even_across_prefectures(system_actor):
    # 530327 寻甸 was under 曲靖 (1997), then became 530129 under 昆明 (1998).
    org = organisation_create(
        actor=system_actor, name="寻甸老企业", credit_code=make_uscc("9", "1", "530327", "31000002"), kind="enterprise"
    )
    assert org.region.is_within("530100")
    assert "530100" in org.region.current_ancestor_codes()


def test_every_retired_code_of_every_province_leads_to_a_code_in_force():
    in_force = set(Region.objects.filter(valid_to="").values_list("code", flat=True))
    retired = Region.objects.exclude(valid_to="")
    assert retired.count() > 3000
    for region in retired:
        path = region.current_ancestor_codes()
        assert path[-1] in in_force, region
        assert path[0][:2] == region.code[:2], region  # the same province


def test_region_search_by_name_or_code():
    assert [r.code for r in regions_matching("4403")][:1] == ["440300"]
    found = regions_matching("海淀")
    assert found[0].code == "110108"
    assert region_label(found[0]) == "海淀区 · 北京市"
    assert regions_matching("") == []


def test_the_region_options_endpoint_fills_a_datalist(client):
    response = client.get("/regions/options", {"q": "孟津"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="410308">孟津区 · 洛阳市 · 河南省</option>' in body
    assert 'value="410322"' in body  # the retired county, after the district in force
    assert body.index("410308") < body.index("410322")


# ---------------------------------------------------------------- abroad and legacy units


def test_an_organisation_registered_abroad_has_another_identifier_and_is_never_local(system_actor):
    org = organisation_create(
        actor=system_actor,
        name="Technische Universität München",
        kind="university",
        other_id="DE129523996",
        other_id_scheme="USt-IdNr.",
        id_country="de",
    )
    assert org.credit_code == "" and org.region is None and org.is_foreign
    with translation.override("zh-hans"):
        assert org.identifier == "德国 USt-IdNr. DE129523996"
    with pytest.raises(ValidationError) as caught:
        organisation_create(
            actor=system_actor, name="TUM again", kind="university", other_id="DE129523996", id_country="DE"
        )
    assert "other_id" in caught.value.error_dict


def test_without_a_credit_code_a_country_is_required_and_a_chinese_legacy_unit_needs_its_region(system_actor):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="某单位", kind="other", other_id="12345", id_country="XX")
    assert "id_country" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="某单位", kind="other")
    assert "other_id" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="某老单位", kind="other", other_id="41030012-3", id_country="CN")
    assert "region" in caught.value.error_dict
    legacy = organisation_create(
        actor=system_actor,
        name="某老单位",
        kind="other",
        other_id="41030012-3",
        other_id_scheme="组织机构代码",
        id_country="CN",
        region_code="410311",
    )
    assert legacy.region.is_within("410300") and not legacy.is_foreign
    assert Organisation.objects.count() == 1


# ---------------------------------------------------------------- names


def test_a_rename_keeps_the_former_name_for_earlier_days_and_search_finds_it(system_actor):
    org = organisation_create(
        actor=system_actor,
        name="昆明花卉研究所",
        credit_code=make_uscc("1", "2", "530102", "31000003"),
        kind="research_institute",
    )
    organisation_rename(
        actor=system_actor,
        organisation=org,
        name="昆明花卉研究院",
        on=date(2020, 3, 1),
        document_number="昆编发〔2020〕3号",
    )
    organisation_rename(actor=system_actor, organisation=org, name="云南花卉研究院", on=date(2023, 7, 1))
    org = Organisation.objects.get(pk=org.pk)
    assert org.name == "云南花卉研究院"
    assert org.name_on(date(2019, 12, 31)) == "昆明花卉研究所"
    assert org.name_on(date(2020, 3, 1)) == "昆明花卉研究院"
    assert org.name_on(date(2023, 6, 30)) == "昆明花卉研究院"
    assert org.name_on(date(2024, 1, 1)) == "云南花卉研究院"
    assert list(Organisation.objects.filter(organisation_search_q("花卉研究所"))) == [org]
    with pytest.raises(ValidationError):
        organisation_rename(actor=system_actor, organisation=org, name="又一个名字", on=date(2023, 1, 1))


# ---------------------------------------------------------------- Kunming counts them as non-local


def test_kunming_counts_a_beijing_university_and_a_shenzhen_enterprise_as_members_but_not_local(
    system_actor, make_alliance, make_org
):
    lead = make_org("昆明花卉龙头企业", region="530102")
    alliance = make_alliance(
        "昆明市花卉产业技术创新战略联盟", juris="kunming-kjj", lead=lead, founded_on=date(2024, 1, 1)
    )
    tsinghua = organisation_create(
        actor=system_actor, name="清华大学", credit_code="12100000400000624D", kind="university"
    )
    huawei = organisation_create(
        actor=system_actor, name="华为技术有限公司", credit_code="914403001922038216", kind="enterprise"
    )
    tum = organisation_create(
        actor=system_actor,
        name="Technische Universität München",
        kind="university",
        other_id="DE129523996",
        id_country="DE",
    )
    for org in (tsinghua, huawei, tum):
        membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2024, 2, 1))
    facts = alliance_facts(alliances_for_facts(Alliance.objects.filter(pk=alliance.pk)).get(), on=date(2025, 1, 1))
    by_name = {m["name"]: m for m in facts["members"]}
    assert "530100" in by_name["昆明花卉龙头企业"]["region_path"]
    assert "530100" not in by_name["清华大学"]["region_path"]
    assert "530100" not in by_name["华为技术有限公司"]["region_path"]
    assert by_name["Technische Universität München"]["region_path"] == []
    result = check_eligibility("530100-kunming/2016", facts, date(2025, 1, 1))
    conditions = {c.id: c for c in result.conditions}
    assert conditions["lead_local_legal_person"].status == "pass"
    assert conditions["four_units"].status == "pass"  # four units, wherever they are
    assert conditions["two_enterprises"].status == "pass"  # the Shenzhen enterprise counts as an enterprise
    # Were the Beijing university the lead, the lead would not be local.
    facts["lead"] = str(tsinghua.pk)
    for m in facts["members"]:
        m["role"] = "lead" if m["org_id"] == str(tsinghua.pk) else "member"
    result = check_eligibility("530100-kunming/2016", facts, date(2025, 1, 1))
    assert {c.id: c.status for c in result.conditions}["lead_local_legal_person"] == "fail"


# ---------------------------------------------------------------- next year's list


def test_next_years_list_is_applied_in_place_and_reported(system_actor, tmp_path):
    org = organisation_create(
        actor=system_actor, name="瀍河老企业", credit_code=make_uscc("9", "1", "410304", "31000004"), kind="enterprise"
    )
    before = Region.objects.count()
    current = dict(Region.objects.filter(valid_to="").exclude(code__in=["100000"]).values_list("code", "name"))
    del current["410304"]  # 瀍河回族区 leaves the list
    current["410302"] = "老城新区"  # renamed, same code
    current["410309"] = "瀍河回族区"  # the same division under a new code
    listing = tmp_path / "2027.txt"
    listing.write_text("\n".join(f"{c}\t{n}" for c, n in sorted(current.items())), encoding="utf-8")

    out = StringIO()
    call_command("load_reference_data", regions=listing, year="2027", dry_run=True, stdout=out)
    assert "1 new, 1 retired, 1 renamed" in out.getvalue()
    assert Region.objects.count() == before

    out = StringIO()
    call_command("load_reference_data", regions=listing, year="2027", stdout=out)
    report = out.getvalue()
    assert "new      410309 瀍河回族区" in report
    assert "retired  410304 瀍河回族区 → 410309 瀍河回族区" in report
    assert "renamed  410302 老城区 → 老城新区" in report
    assert Region.objects.count() == before + 1  # nothing deleted
    org.refresh_from_db()
    assert org.region_id == "410304" and org.region.valid_to == "2027"
    assert org.region.current_ancestor_codes() == ["410000", "410300", "410309"]
    assert org.region.is_within("410300")


def test_a_region_typed_by_its_name_is_found_when_the_name_is_unique(system_actor):
    org = organisation_create(actor=system_actor, name="海淀某所", credit_code=make_uscc("1", "2", "110000", "31000005"),
                              kind="research_institute", region_code="海淀区")
    assert org.region_id == "110108"
    with pytest.raises(ValidationError) as caught:  # 朝阳区: Beijing's and Changchun's
        organisation_create(actor=system_actor, name="朝阳某所", credit_code=make_uscc("1", "2", "110000", "31000006"),
                            kind="research_institute", region_code="朝阳区")
    assert caught.value.error_dict["region"][0].code == "unknown_region"


def test_the_region_filter_takes_a_code_or_a_name(system_actor, make_alliance, make_org):
    from itisa.register.selectors import region_filter_q

    km = make_alliance("昆明市花卉产业技术创新战略联盟", juris="kunming-kjj", lead=make_org("昆明企业", region="530102"),
                       founded_on=date(2024, 1, 1))
    ly = make_alliance("洛阳市轴承产业技术创新战略联盟", founded_on=date(2024, 1, 1))
    for value, expected in (("昆明市", [km]), ("530100", [km]), ("洛阳市", [ly]), ("河南省", [ly]), ("不存在", [])):
        assert list(Alliance.objects.filter(region_filter_q(value)).order_by("pk")) == expected, value
