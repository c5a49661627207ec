"""Organisation register: 统一社会信用代码 checked, unique, region known (REQUIREMENTS §2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from itisa.core.identifiers import make_uscc
from itisa.register.models import Organisation
from itisa.register.services import organisation_create, organisation_update

pytestmark = pytest.mark.django_db

# Real published codes (see itisa/core/tests/test_identifiers.py for sources).
TSINGHUA = "12100000400000624D"
HUAWEI = "914403001922038216"


def test_it_registers_an_organisation_with_a_real_credit_code(system_actor):
    org = organisation_create(actor=system_actor, name="华为技术有限公司", credit_code=HUAWEI.lower(),
                              kind="enterprise", region_code="410311")
    assert org.credit_code == HUAWEI  # normalised to upper case
    assert Organisation.objects.get(credit_code=HUAWEI).name == "华为技术有限公司"


def test_it_takes_the_region_from_the_credit_code_when_none_is_given(system_actor, credit_code):
    org = organisation_create(actor=system_actor, name="渭南某企业", credit_code=credit_code("610502"),
                              kind="enterprise")
    assert org.region_id == "610502"
    assert org.region.is_within("610500")


def test_it_accepts_a_code_under_a_retired_region_and_places_it_in_luoyang(system_actor, credit_code):
    # 410322 孟津县 became 410308 孟津区 in 2021; codes issued before keep the old division code.
    org = organisation_create(actor=system_actor, name="孟津老企业", credit_code=credit_code("410322"),
                              kind="enterprise")
    assert org.region.is_retired
    assert org.region.successor_id == "410308"
    assert org.region.is_within("410300")


def test_it_accepts_codes_whose_authority_is_a_letter(system_actor):
    # python-stdnum rejects these; GB 32100 allows N (农业) and Y (其他).
    code = make_uscc("N", "2", "410311", "31000001")
    org = organisation_create(actor=system_actor, name="某村股份经济合作社", credit_code=code, kind="other")
    assert org.credit_code.startswith("N2")


def test_it_refuses_a_bad_check_character_with_a_clear_message(system_actor):
    bad = HUAWEI[:-1] + ("7" if HUAWEI[-1] != "7" else "8")
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            organisation_create(actor=system_actor, name="X", credit_code=bad, kind="enterprise")
        message = caught.value.messages[0]
    assert caught.value.error_dict["credit_code"][0].code == "uscc_check"
    assert message.startswith(f"统一社会信用代码 {bad} 无效")
    assert "校验码" in message
    assert Organisation.objects.count() == 0


def test_it_explains_the_error_in_english_when_english_is_active(system_actor):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            organisation_create(actor=system_actor, name="X", credit_code="12345", kind="enterprise")
        message = caught.value.messages[0]
    assert "Invalid unified social credit code 12345" in message
    assert "18 characters" in message
    assert caught.value.error_dict["credit_code"][0].code == "uscc_length"


def test_it_refuses_a_duplicate_credit_code_naming_the_holder(system_actor):
    organisation_create(actor=system_actor, name="清华大学", credit_code=TSINGHUA, kind="university",
                        region_code="410311")
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="清华大学（重复）", credit_code=TSINGHUA, kind="university",
                            region_code="410311")
    assert caught.value.error_dict["credit_code"][0].code == "duplicate_credit_code"
    assert "清华大学" in caught.value.messages[0]
    assert Organisation.objects.count() == 1


def test_it_refuses_an_unknown_region(system_actor, credit_code):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="X", credit_code=credit_code("410311"), kind="enterprise",
                            region_code="999999")
    assert caught.value.error_dict["region"][0].code == "unknown_region"
    assert Organisation.objects.count() == 0


def test_it_refuses_an_unknown_kind(system_actor, credit_code):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=system_actor, name="X", credit_code=credit_code(), kind="spaceship")
    assert "kind" in caught.value.error_dict


def test_it_updates_an_organisation_and_audits_before_and_after(make_org, system_actor):
    from itisa.audit.selectors import audit_events_for

    org = make_org("旧名称有限公司")
    organisation_update(actor=system_actor, organisation=org, reason="更名", name="新名称有限公司", chain_position="up")
    event = audit_events_for(org).first()
    assert event.action == "organisation.update"
    assert event.before["name"] == "旧名称有限公司"
    assert event.after["name"] == "新名称有限公司"
    assert event.reason == "更名"
    assert event.actor_repr == "登记员"
