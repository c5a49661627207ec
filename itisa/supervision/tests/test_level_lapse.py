"""Level history with its ends: a revocation ends the level the revoking bureau granted (not a higher bureau's),
a dissolution ends every level, and a level that lapsed may be recognised again as a record of its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from itisa.register.facts import alliance_facts
from itisa.register.facts_bulk import facts_of_alliances
from itisa.register.models import Alliance, LevelRecord
from itisa.register.services import alliance_level_record
from itisa.supervision.models import Revocation
from itisa.supervision.services import alliance_revoke
from itisa.supervision.services.endings import alliance_upgrade

pytestmark = pytest.mark.django_db


def history(alliance) -> list[tuple[str, date, date | None]]:
    return list(LevelRecord.objects.filter(alliance=alliance).order_by("from_date", "pk")
                .values_list("level", "from_date", "until"))


def test_a_revocation_ends_the_revoking_bureaus_level_and_not_the_provinces(recognised, staff_of, jurisdiction):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_upgrade(actor=staff_of("yunnan-kjt"), alliance=alliance, level="provincial",
                     jurisdiction=jurisdiction("yunnan-kjt"), from_date=date(2021, 5, 1))
    alliance_revoke(actor=staff_of("kunming-kjj"), alliance=alliance, article="第十七条(四)", reason="严重违规",
                    on=date(2022, 6, 1))
    assert history(alliance) == [("municipal", date(2020, 3, 1), date(2022, 6, 1)),
                                 ("provincial", date(2021, 5, 1), None)]


def test_a_lapsed_level_is_recognised_again_as_its_own_record(recognised, staff_of, jurisdiction, system_actor):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_revoke(actor=staff_of("kunming-kjj"), alliance=alliance, article="第十七条(四)", reason="严重违规",
                    on=date(2022, 6, 1))
    with pytest.raises(ValidationError) as caught:  # still held on that day
        alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2022, 1, 1),
                              jurisdiction=jurisdiction("kunming-kjj"))
    assert caught.value.error_dict["level"][0].code == "duplicate_level"
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 3, 1),
                          jurisdiction=jurisdiction("kunming-kjj"), document_number="昆科〔2024〕5号")
    assert history(alliance) == [("municipal", date(2020, 3, 1), date(2022, 6, 1)),
                                 ("municipal", date(2024, 3, 1), None)]
    alliance.refresh_from_db()
    assert alliance.status == "recognised"  # recognised again
    assert Revocation.objects.filter(alliance=alliance).exists()  # what happened stays on the record
    # The facts carry the end, on the one-alliance path and the bulk path alike.
    levels = alliance_facts(Alliance.objects.get(pk=alliance.pk))["levels"]
    assert [(lv["since"], lv["until"]) for lv in levels] == [("2020-03-01", "2022-06-01"), ("2024-03-01", None)]
    [bulk] = facts_of_alliances(Alliance.objects.filter(pk=alliance.pk))
    assert [(lv["since"], lv["until"]) for lv in bulk["levels"]] == [("2020-03-01", "2022-06-01"),
                                                                        ("2024-03-01", None)]


def test_an_earlier_record_entered_after_the_revocation_does_not_recognise_it_again(recognised, staff_of,
                                                                                    jurisdiction, system_actor):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_revoke(actor=staff_of("kunming-kjj"), alliance=alliance, article="第十七条(四)", reason="严重违规",
                    on=date(2022, 6, 1))
    # A provincial title of 2021, entered by hand afterwards: history, not a recognition after the revocation.
    alliance_level_record(actor=system_actor, alliance=alliance, level="provincial", from_date=date(2021, 5, 1),
                          jurisdiction=jurisdiction("yunnan-kjt"))
    alliance.refresh_from_db()
    assert alliance.status == "revoked"


def test_an_upgrade_after_the_higher_level_lapsed_is_an_upgrade_again(recognised, staff_of, jurisdiction,
                                                                      system_actor):
    from itisa.register.services import levels_end_with_alliance

    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    province = staff_of("yunnan-kjt")
    alliance_upgrade(actor=province, alliance=alliance, level="provincial", jurisdiction=jurisdiction("yunnan-kjt"),
                     from_date=date(2021, 5, 1))
    levels_end_with_alliance(actor=system_actor, alliance=alliance, on=date(2023, 1, 1), reason="省级资格期满",
                             jurisdiction=jurisdiction("yunnan-kjt"))
    with pytest.raises(ValidationError):  # held until 2023-01-01
        alliance_upgrade(actor=province, alliance=alliance, level="provincial",
                         jurisdiction=jurisdiction("yunnan-kjt"), from_date=date(2022, 6, 1))
    alliance_upgrade(actor=province, alliance=alliance, level="provincial", jurisdiction=jurisdiction("yunnan-kjt"),
                     from_date=date(2024, 5, 1))
    assert [lv for lv, _, _ in history(alliance)] == ["municipal", "provincial", "provincial"]


def test_the_staff_page_shows_the_end_and_the_re_recognition(client, recognised, staff_of, jurisdiction,
                                                              system_actor):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    alliance_revoke(actor=staff, alliance=alliance, article="第十七条(四)", reason="严重违规", on=date(2022, 6, 1))
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 3, 1),
                          jurisdiction=jurisdiction("kunming-kjj"), document_number="昆科〔2024〕5号")
    client.force_login(staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    section = page[page.index('id="levels-h"'):]
    assert "2022-06-01" in section and "昆科〔2024〕5号" in section
    assert section.count("<tr><td>") == 2 and "再次认定" in section


def test_the_columnar_register_carries_the_end_as_the_facts_do(recognised, staff_of, system_actor, jurisdiction):
    from itisa.register.columns_bulk import register_columns
    from policy.api import batch, facts_from_dict
    from policy.tests.test_vector_tables import same_register

    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_revoke(actor=staff_of("kunming-kjj"), alliance=alliance, article="第十七条(四)", reason="严重违规",
                    on=date(2022, 6, 1))
    alliance_level_record(actor=system_actor, alliance=alliance, level="municipal", from_date=date(2024, 3, 1),
                          jurisdiction=jurisdiction("kunming-kjj"))
    for on in (date(2021, 1, 1), date(2023, 1, 1), date(2024, 6, 30)):
        scope = Alliance.objects.filter(pk=alliance.pk)
        cols = register_columns(scope, on=on, matters=False)
        facts = batch.register(facts_from_dict(f) for f in facts_of_alliances(scope, on=on, matters=False))
        same_register(facts, cols)
        assert [lv.until for lv in cols.facts[0].levels][:1] == [date(2022, 6, 1)]


def test_the_api_gives_each_levels_end(client, recognised, staff_of):
    alliance = recognised("kunming-kjj", date(2020, 3, 1))
    staff = staff_of("kunming-kjj")
    alliance_revoke(actor=staff, alliance=alliance, article="第十七条(四)", reason="严重违规", on=date(2022, 6, 1))
    client.force_login(staff)
    rows = client.get(f"/api/v1/alliances/{alliance.pk}/levels").json()
    assert [(r["from_date"], r["until"]) for r in rows] == [("2020-03-01", "2022-06-01")]


def test_the_data_migration_ends_levels_revoked_or_dissolved_before_until_existed(recognised, staff_of,
                                                                                  jurisdiction):
    from importlib import import_module

    from django.apps import apps

    from itisa.supervision.models import Dissolution

    backfill = import_module("itisa.supervision.migrations.0005_backfill_level_until").backfill_level_until
    revoked = recognised("kunming-kjj", date(2020, 3, 1))
    alliance_upgrade(actor=staff_of("yunnan-kjt"), alliance=revoked, level="provincial",
                     jurisdiction=jurisdiction("yunnan-kjt"), from_date=date(2021, 5, 1))
    alliance_revoke(actor=staff_of("kunming-kjj"), alliance=revoked, article="第十七条(四)", reason="严重违规",
                    on=date(2022, 6, 1))
    dissolved = recognised("kunming-kjj", date(2019, 3, 1), name="昆明市解散产业技术创新战略联盟")
    Dissolution.objects.create(alliance=dissolved, pack_id="530100-kunming/2016", article="第十九条", reason="任务完成",
                               applied_on=date(2023, 1, 10), status="approved", decided_on=date(2023, 2, 1))
    refused = recognised("kunming-kjj", date(2019, 3, 1), name="昆明市未解散产业技术创新战略联盟")
    Dissolution.objects.create(alliance=refused, pack_id="530100-kunming/2016", article="第十九条", reason="—",
                               applied_on=date(2023, 1, 10), status="refused", decided_on=date(2023, 2, 1))
    LevelRecord.objects.update(until=None)  # as the rows were before register.0008
    backfill(apps, None)
    assert history(revoked) == [("municipal", date(2020, 3, 1), date(2022, 6, 1)),  # the revoking bureau's level
                                ("provincial", date(2021, 5, 1), None)]             # not the province's
    assert history(dissolved) == [("municipal", date(2019, 3, 1), date(2023, 2, 1))]
    assert history(refused) == [("municipal", date(2019, 3, 1), None)]
    backfill(apps, None)  # run again: nothing changes
    assert history(revoked)[0][2] == date(2022, 6, 1)
