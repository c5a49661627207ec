"""Regions (GB/T 2260) and jurisdictions loaded by migration; ancestry instead of typed prefixes."""

from __future__ import annotations

import pytest

from itisa.register.models import IndustryField, Jurisdiction, Region
from itisa.register.selectors import region_descendants

pytestmark = pytest.mark.django_db


def test_the_migration_loads_every_county_of_luoyang_under_luoyang_under_henan():
    luoyang = Region.objects.get(code="410300")
    current = set(luoyang.children.filter(valid_to="").values_list("name", flat=True))
    assert {"老城区", "西工区", "瀍河回族区", "涧西区", "偃师区", "孟津区", "洛龙区", "新安县", "栾川县", "嵩县",
            "汝阳县", "宜阳县", "洛宁县", "伊川县"} == current
    assert luoyang.parent_id == "410000"


def test_jiangning_sits_in_nanjing_in_jiangsu():
    assert Region.objects.get(code="320115").ancestor_codes() == ["320000", "320100", "320115"]


def test_retired_codes_keep_their_parent_and_name_a_successor():
    huaxian = Region.objects.get(code="610521")
    assert huaxian.is_retired and huaxian.successor_id == "610503"
    assert huaxian.is_within("610500")


def test_descendants_of_kunming_include_retired_chenggong_county_but_not_qujing():
    codes = set(region_descendants("530100").values_list("code", flat=True))
    assert {"530114", "530121", "530181"} <= codes
    assert "530300" not in codes


def test_each_regulation_has_its_bureau_with_region_level_and_pack():
    expected = {
        "luoyang-kjj": ("410300", "municipal", "410300-luoyang"),
        "henan-kjt": ("410000", "provincial", "410000-henan"),
        "weinan-kjj": ("610500", "municipal", "610500-weinan"),
        "jiangning-kjj": ("320115", "district", "320115-jiangning"),
        "kunming-kjj": ("530100", "municipal", "530100-kunming"),
    }
    for code, (region, level, pack) in expected.items():
        j = Jurisdiction.objects.get(code=code)
        assert (j.region_id, j.level, j.policy_pack) == (region, level, pack)
    assert Jurisdiction.objects.get(code="jiangning-kjj").parent.code == "nanjing-kjj"


def test_every_current_county_of_the_four_cities_has_a_recommending_bureau():
    for city, bureau in (("410300", "luoyang-kjj"), ("610500", "weinan-kjj"), ("530100", "kunming-kjj")):
        counties = Region.objects.filter(parent_id=city, level="county", valid_to="")
        for county in counties:
            j = Jurisdiction.objects.get(region=county)
            assert j.parent.code == bureau and j.level == "district"


def test_catalogues_name_what_the_texts_name_and_mark_what_they_do_not():
    jiangning = set(IndustryField.objects.filter(jurisdiction__code="jiangning-kjj").values_list("name", flat=True))
    assert jiangning == {"智能电网", "节能环保", "生物医药"}
    assert IndustryField.objects.filter(jurisdiction__code="henan-kjt").count() == 5
    luoyang_565 = IndustryField.objects.get(jurisdiction__code="luoyang-kjj", code="565")
    assert luoyang_565.named_in_text is False
    kunming_188 = IndustryField.objects.get(jurisdiction__code="kunming-kjj", code="188")
    assert kunming_188.named_in_text is False
