"""Plain pytest (no DB): ``pytest itisa/register/tests/test_regions_data.py -p no:django``.

Expected values below were read from the 民政部 yearly lists mirrored in
yescallop/areacodes (data/2012.txt, data/2014.txt, data/2020.txt, data/2024.txt)
and its result.csv; see itisa/register/data/REGIONS_PROVENANCE.md.
"""

from __future__ import annotations

import pytest

from itisa.register.regions_data import DEFAULT_PATH, RegionsDataError, load_regions_csv


@pytest.fixture(scope="module")
def regions() -> dict[str, dict]:
    return {r["code"]: r for r in load_regions_csv(DEFAULT_PATH)}


def _current_children(regions: dict[str, dict], parent: str) -> dict[str, str]:
    return {c: r["name"] for c, r in regions.items() if r["parent_code"] == parent and not r["valid_to"]}


# 民政部 2024 list (data/2024.txt) — 洛阳市 current county-level units
LUOYANG_2024 = {
    "410302": "老城区",
    "410303": "西工区",
    "410304": "瀍河回族区",
    "410305": "涧西区",
    "410307": "偃师区",
    "410308": "孟津区",
    "410311": "洛龙区",
    "410323": "新安县",
    "410324": "栾川县",
    "410325": "嵩县",
    "410326": "汝阳县",
    "410327": "宜阳县",
    "410328": "洛宁县",
    "410329": "伊川县",
}
# 民政部 2020 list (data/2020.txt), which the 2024 list does not change — 渭南市
WEINAN_2020 = {
    "610502": "临渭区",
    "610503": "华州区",
    "610522": "潼关县",
    "610523": "大荔县",
    "610524": "合阳县",
    "610525": "澄城县",
    "610526": "蒲城县",
    "610527": "白水县",
    "610528": "富平县",
    "610581": "韩城市",
    "610582": "华阴市",
}
# 民政部 2024 list — 南京市
NANJING_2024 = {
    "320102": "玄武区",
    "320104": "秦淮区",
    "320105": "建邺区",
    "320106": "鼓楼区",
    "320111": "浦口区",
    "320113": "栖霞区",
    "320114": "雨花台区",
    "320115": "江宁区",
    "320116": "六合区",
    "320117": "溧水区",
    "320118": "高淳区",
}
# 民政部 2020 list — 昆明市
KUNMING_2020 = {
    "530102": "五华区",
    "530103": "盘龙区",
    "530111": "官渡区",
    "530112": "西山区",
    "530113": "东川区",
    "530114": "呈贡区",
    "530115": "晋宁区",
    "530124": "富民县",
    "530125": "宜良县",
    "530126": "石林彝族自治县",
    "530127": "嵩明县",
    "530128": "禄劝彝族苗族自治县",
    "530129": "寻甸回族彝族自治县",
    "530181": "安宁市",
}
HENAN_PREFECTURES = {
    "410100": "郑州市",
    "410200": "开封市",
    "410300": "洛阳市",
    "410400": "平顶山市",
    "410500": "安阳市",
    "410600": "鹤壁市",
    "410700": "新乡市",
    "410800": "焦作市",
    "410900": "濮阳市",
    "411000": "许昌市",
    "411100": "漯河市",
    "411200": "三门峡市",
    "411300": "南阳市",
    "411400": "商丘市",
    "411500": "信阳市",
    "411600": "周口市",
    "411700": "驻马店市",
}


def test_file_loads_and_validates(regions):
    assert len(regions) > 100
    for r in regions.values():
        assert set(r) == {
            "code",
            "name",
            "level",
            "parent_code",
            "valid_from",
            "valid_to",
            "successor_code",
        }


@pytest.mark.parametrize(
    "code,name", [("410000", "河南省"), ("610000", "陕西省"), ("320000", "江苏省"), ("530000", "云南省")]
)
def test_provinces(regions, code, name):
    assert regions[code]["name"] == name
    assert regions[code]["level"] == "province"
    assert regions[code]["parent_code"] == ""


@pytest.mark.parametrize(
    "pref,expected",
    [("410300", LUOYANG_2024), ("610500", WEINAN_2020), ("320100", NANJING_2024), ("530100", KUNMING_2020)],
)
def test_current_county_level_units_complete(regions, pref, expected):
    assert _current_children(regions, pref) == expected
    for code in expected:
        assert regions[code]["level"] == "county"


def test_henan_prefectures_and_jiyuan(regions):
    assert {
        c: r["name"]
        for c, r in regions.items()
        if r["parent_code"] == "410000" and r["level"] == "prefecture" and not r["valid_to"]
    } == HENAN_PREFECTURES
    # 济源市 is a county-level city administered directly by the province
    assert regions["419001"]["name"] == "济源市"
    assert regions["419001"]["level"] == "county"
    assert regions["419001"]["parent_code"] == "410000"


def test_jiangning_chain(regions):
    assert regions["320115"]["name"] == "江宁区"
    assert regions["320115"]["parent_code"] == "320100"
    assert regions["320100"]["parent_code"] == "320000"
    assert regions["320121"]["successor_code"] == "320115"  # 江宁县 → 江宁区 (2000)


@pytest.mark.parametrize(
    "old,name,year,new",
    [
        ("410322", "孟津县", "2021", "410308"),
        ("410306", "吉利区", "2021", "410308"),
        ("410381", "偃师市", "2021", "410307"),
        ("610521", "华县", "2015", "610503"),
        ("530121", "呈贡县", "2011", "530114"),
        ("530122", "晋宁县", "2016", "530115"),
        ("320124", "溧水县", "2013", "320117"),
        ("320125", "高淳县", "2013", "320118"),
        ("320103", "白下区", "2013", "320104"),
        ("320107", "下关区", "2013", "320106"),
        ("530200", "东川市", "1998", "530113"),
    ],
)
def test_retired_codes(regions, old, name, year, new):
    r = regions[old]
    assert r["name"] == name
    assert r["valid_to"] == year
    assert r["successor_code"] == new
    assert not regions[new]["valid_to"], "successor should be current"


def test_chanhe_was_not_merged(regions):
    # The 2021 Luoyang reform merged 吉利区 + 孟津县 into 孟津区 and turned 偃师市
    # into 偃师区; 瀍河回族区 (410304) is still listed in the 2024 list.
    assert regions["410304"]["valid_to"] == ""


def test_validation_rejects_bad_files(tmp_path):
    header = "code,name,level,parent_code,valid_from,valid_to,successor_code\n"
    cases = {
        "dup": "410000,河南省,province,,,,\n410000,河南省,province,,,,\n",
        "missing_parent": "410300,洛阳市,prefecture,410000,,,\n",
        "missing_successor": "410000,河南省,province,,,,\n410322,孟津县,county,410000,,2021,410308\n",
        "retired_without_successor": "410000,河南省,province,,,,\n410322,孟津县,county,410000,,2021,\n",
        "bad_level": "410000,河南省,state,,,,\n",
        "bad_date": "410000,河南省,province,,21,,\n",
    }
    for label, body in cases.items():
        p = tmp_path / f"{label}.csv"
        p.write_text(header + body, encoding="utf-8")
        with pytest.raises(RegionsDataError):
            load_regions_csv(p)
    bad_header = tmp_path / "h.csv"
    bad_header.write_text("code,name\n410000,河南省\n", encoding="utf-8")
    with pytest.raises(RegionsDataError):
        load_regions_csv(bad_header)
