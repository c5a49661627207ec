"""Issue 13 §5: every step of every pack procedure is reachable from a page for the role that acts.

For every procedure of every pack, the party that opens it (``itisa.workflow.offers.openers``) opens it on its page;
for every transition, a case of that procedure is put in the move's state, the acting role's page shows the move
and performing it there moves the case to the transition's target. The guards are passed and the apps' after-move
hooks left out here (each is tested with its article elsewhere): this test asks only whether a page offers and
performs the move. The table
``docs/procedures.md`` is generated from the same rows (``procedure_table``) and must be current."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from itisa.accounts.models import RoleAssignment
from itisa.register.services import alliance_level_record
from itisa.workflow import guards
from itisa.workflow.models import Call, Case
from itisa.workflow.tests import procedure_table
from policy.api import all_packs

pytestmark = pytest.mark.django_db

#: pack folder → (jurisdiction, the lead unit's region, the recommender's assignment)
WHERE = {
    "320115-jiangning": ("jiangning-kjj", "320115", None),
    "410000-henan": ("henan-kjt", "410311", {"jurisdiction": "luoyang-kjj"}),
    "410300-luoyang": ("luoyang-kjj", "410311", {"jurisdiction": "410311-kjj", "recommender_kind": "county_bureau"}),
    "530100-kunming": ("kunming-kjj", "530102", None),
    "610500-weinan": ("weinan-kjj", "610502", {"jurisdiction": "610502-kjj", "recommender_kind": "county_bureau"}),
}


#: A day on which every pack is in force (Jiangning's 2019 text and Luoyang's 2018 text have since lapsed): the pages
#: act "today", so today is that day here.
DAY = date(2020, 6, 1)


@pytest.fixture(autouse=True)
def _on_a_day_every_pack_governs(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY)


@pytest.fixture
def every_guard_passes(monkeypatch):
    """Every guard passes and no app's after-move hook runs (recognition, notices, supervision: each tested with
    its article elsewhere): here only the page is in question."""
    from itisa.workflow import services

    monkeypatch.setattr(services, "AFTER_TRANSITION", [])
    saved = dict(guards.GUARDS)
    names = {g for p in all_packs().values() for proc in p.data.get("procedures") or () for t in proc["transitions"]
             for g in ((t["guard"],) if t.get("guard") else ()) + tuple(t.get("also") or ())}
    for name in names:
        guards.GUARDS[name] = lambda case, on, context: (True, "test: passed")
    yield
    guards.GUARDS.clear()
    guards.GUARDS.update(saved)


@pytest.fixture
def cast(django_user_model, jurisdiction, make_alliance, make_org, system_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made: dict[str, object] = {}
    n = iter(range(10_000))

    def user(name, **role):
        if name not in made:
            u = django_user_model.objects.create_user(username=name, password="pw", full_name=name)
            if role:
                RoleAssignment.objects.create(user=u, **role)
            made[name] = u
        return made[name]

    def world(folder: str, proc_id: str):
        juris, region, rec = WHERE[folder]
        i = next(n)
        alliance = make_alliance(f"{folder}联盟{i}", juris=juris, lead=make_org(f"{folder}牵头{i}", region=region),
                                 founded_on=date(2015, 1, 5))
        if proc_id != "recognition":  # the later procedures presuppose a recognised alliance
            alliance_level_record(actor=system_actor, alliance=alliance, level=jurisdiction(juris).level,
                                  from_date=timezone.localdate() - timedelta(days=30), jurisdiction=jurisdiction(juris))
        people = {"lead_unit": user(f"lead{i}", role="lead_unit", alliance=alliance),
                  "bureau": user(f"staff-{juris}", role="bureau_staff", jurisdiction=jurisdiction(juris))}
        if rec:
            r = user(f"rec-{folder}", role="recommender", jurisdiction=jurisdiction(rec["jurisdiction"]),
                     recommender_kind=rec.get("recommender_kind", "city_department"))
            people["recommender"] = people["county_bureau"] = r
        return alliance, people

    return world


def _open(client, folder, proc, alliance, people) -> Case:
    """Open *proc* on the page of the party that opens it; a procedure nobody may open from a page fails."""
    from itisa.workflow.offers import openers
    from policy.api import get_pack

    pack = next(p for p in all_packs().values() if p.id.startswith(folder))
    roles = sorted(openers(get_pack(pack.id), proc))
    role = next((r for r in roles if r in procedure_table.OPEN_PAGES), None)
    assert role is not None, f"{folder} {proc['id']}: opened by {roles}, and none of them has a page that opens it"
    if (proc.get("intake") or {}).get("mode") in ("yearly_call", "public_call"):
        today = timezone.localdate()
        Call.objects.get_or_create(jurisdiction=alliance.jurisdiction, procedure_id=proc["id"], year=today.year,
                                   defaults={"pack_id": pack.id, "title": f"{today.year}年度申报",
                                             "opens_on": today - timedelta(days=5),
                                             "closes_on": today + timedelta(days=5)})
    client.force_login(people[role])
    page = reverse(procedure_table.OPEN_PAGES[role], args=[alliance.pk])
    data = {"procedure": proc["id"]}
    call = Call.objects.filter(jurisdiction=alliance.jurisdiction, procedure_id=proc["id"]).first()
    if call is not None:
        data["call"] = call.pk
    response = client.post(page, data)
    case = Case.objects.filter(alliance=alliance, procedure_id=proc["id"]).first()
    errors = response.context["form"].errors if response.status_code == 200 and response.context else ""
    assert response.status_code == 302 and case is not None, f"{folder} {proc['id']}: not opened on {page} {errors}"
    return case


def test_every_procedure_is_opened_from_a_page(client, cast, every_guard_passes):
    for pack in all_packs().values():
        folder = pack.id.split("/")[0]
        for proc in pack.data.get("procedures") or ():
            alliance, people = cast(folder, proc["id"])
            case = _open(client, folder, proc, alliance, people)
            assert case.state == proc["initial"]


def _perform(client, row, case, user) -> tuple[int, list[str]]:
    t = row["t"]
    view, act = procedure_table.ACT_PAGES[t["role"]]
    client.force_login(user)
    lead = act.startswith("leadunit:")
    args = [case.alliance_id, case.pk] if lead else [case.pk]
    page = client.get(reverse(view, args=args)).content.decode()
    assert f'name="move" value="{t["action"]}"' in page, f"{row['key']}: {view} does not offer the move"
    prefix = f"mv-{t['action']}" if lead else f"act-{t['action']}"
    data = {"move": t["action"], f"{prefix}-action": t["action"], f"{prefix}-expected_version": case.lock_version,
            f"{prefix}-reason": "依据条款办理"}
    if not lead:
        data["prefix"] = prefix
    response = client.post(reverse(act, args=args), data)
    if response.status_code != 302:  # say why on failure: the errors the page shows
        import re

        errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
        return response.status_code, errors
    return response.status_code, []


def _assigned_expert(case):
    from django.contrib.auth import get_user_model

    from itisa.register.models import Organisation
    from itisa.reviews.models import ExpertAssignment, ExpertProfile

    user = get_user_model().objects.create_user(username=f"evaluator{case.pk}", password="pw", full_name="第三方评价")
    org = Organisation.objects.create(name=f"第三方评价机构{case.pk}", kind="intermediary", region_id="410311",
                                      credit_code="", other_id=f"eval{case.pk}", id_country="CN")
    RoleAssignment.objects.create(user=user, role="expert", organisation=org)
    profile = ExpertProfile.objects.create(user=user, organisation=org)
    ExpertAssignment.objects.create(case=case, expert=profile, assigned_on=case.opened_on)
    return user


def _check_row(client, cast, row) -> None:
    """Open the row's procedure on its page, put the case in the move's state, and perform the move on the acting
    role's page; an AssertionError says what is missing."""
    t = row["t"]
    assert t["role"] in procedure_table.ACT_PAGES, f"{row['key']}: no page offers a move to {t['role']}"
    alliance, people = cast(row["folder"], row["procedure"]["id"])
    case = _open(client, row["folder"], row["procedure"], alliance, people)
    if t["role"] == "third_party_evaluator":  # Luoyang 第九条 “可委托第三方”: an expert the bureau assigned
        people["third_party_evaluator"] = _assigned_expert(case)
    Case.objects.filter(pk=case.pk).update(state=t["from"])
    case.refresh_from_db()
    status, errors = _perform(client, row, case, people[t["role"]])
    case.refresh_from_db()
    assert (status, case.state) == (302, t["to"]), f"{row['key']}: performed on its page → {status} {case.state} {errors}"


def test_every_transition_is_performed_on_its_page(client, cast, every_guard_passes):
    performed = 0
    for row in procedure_table.rows():
        if row["gap"]:
            assert row["t"]["role"] not in procedure_table.ACT_PAGES, (
                f"{row['key']} has a page now: remove it from KNOWN_GAPS")
            continue
        _check_row(client, cast, row)
        performed += 1
    assert performed == sum(1 for r in procedure_table.rows() if not r["gap"]) > 60


def test_the_check_fails_for_a_role_without_a_page(monkeypatch, client, cast, every_guard_passes):
    """Take the recommending bodies' page away: Weinan 11's recommendation has none, and the check says so."""
    row = next(r for r in procedure_table.rows() if r["t"]["role"] == "recommender")
    monkeypatch.delitem(procedure_table.ACT_PAGES, "recommender")
    with pytest.raises(AssertionError, match="no page offers a move to recommender"):
        _check_row(client, cast, row)


def test_the_check_fails_for_a_page_that_does_not_offer_the_move(monkeypatch, client, cast, every_guard_passes):
    """Send the bureau to the lead unit's case page: it never offers Kunming 第十七条's revocation moves."""
    row = next(r for r in procedure_table.rows() if r["procedure"]["id"] == "revocation" and r["t"]["role"] == "bureau")
    monkeypatch.setitem(procedure_table.ACT_PAGES, "bureau", procedure_table.ACT_PAGES["lead_unit"])
    with pytest.raises(AssertionError, match="does not offer the move"):
        _check_row(client, cast, row)


def test_the_check_fails_for_a_procedure_nobody_opens_from_a_page(monkeypatch, client, cast, every_guard_passes):
    row = next(r for r in procedure_table.rows() if r["procedure"]["id"] == "revocation")
    monkeypatch.delitem(procedure_table.OPEN_PAGES, "bureau")
    with pytest.raises(AssertionError, match="none of them has a page that opens it"):
        _check_row(client, cast, row)


def test_the_table_in_docs_is_current():
    path = Path(__file__).resolve().parents[3] / "docs" / "procedures.md"
    assert path.read_text(encoding="utf-8") == procedure_table.markdown(), (
        "docs/procedures.md is stale: python -m itisa.workflow.tests.procedure_table > docs/procedures.md")
