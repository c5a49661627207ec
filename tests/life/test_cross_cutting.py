"""What every story relies on: two people acting on one case at once, double clicks, and the audit
trail — one row per move, with the pack's digest, in a hash chain that verifies and detects tampering.

The setting is a Jiangning case (《江宁区产业技术创新战略联盟认定管理暂行办法》, 2019-01-01 … 2021-12-31);
the concurrent variants need PostgreSQL's row locks and run only there."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain
from itisa.register.services import alliance_update
from itisa.reviews.services import expert_assign, sheet_submit, site_visit_record
from itisa.workflow.models import Case, CaseTransition, Submission
from itisa.workflow.services import CaseConflict, TransitionRefused, case_act, case_attach_material, case_open
from policy.loader import get_pack

pytestmark = pytest.mark.django_db
ON = date(2020, 6, 1)
MATERIALS = ["application", "agreement_charter_organs", "plans", "rules_of_procedure", "business_licences",
             "funding_and_staff"]
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.fixture
def jn(person, pdf, make_alliance, make_org, members, jurisdiction, system_actor):
    """A Jiangning alliance meeting 第六条 with all six materials of 第八条 attached, at draft."""
    jiangning = jurisdiction("jiangning-kjj")
    alliance = make_alliance("江宁区新能源汽车产业技术创新战略联盟", juris="jiangning-kjj",
                             lead=make_org("江宁新能源汽车有限公司", region="320115"), founded_on=date(2019, 1, 2))
    members(alliance, 20, region="320115", joined_on=date(2019, 1, 2))
    alliance_update(actor=system_actor, alliance=alliance, reason="材料齐全", agreement_signed_by_all=True,
                    has_council=True, has_executive_body=True, has_rules_of_procedure=True, full_time_staff=2,
                    has_funding_mechanism=True, has_short_term_plan=True, has_mid_term_plan=True,
                    has_long_term_plan=True, has_open_membership=True, has_ip_rules=True, has_benefit_sharing_rules=True,
                    outward_responsible_party=alliance.lead, has_charter=True, has_expert_committee=True,
                    has_office=True, has_fund_rules=True)
    lead = person("jn_lead", role="lead_unit", alliance=alliance)
    case = case_open(actor=lead, alliance=alliance, on=ON)
    for material in MATERIALS:
        case_attach_material(actor=lead, case=case, material_id=material, document=pdf(f"{material}.pdf"))
    return {"alliance": alliance, "case": case, "lead": lead,
            "staff": person("jn_staff", role="bureau_staff", jurisdiction=jiangning),
            "staff2": person("jn_staff2", role="bureau_staff", jurisdiction=jiangning)}


def at_once(*calls):
    """Run the calls in threads released together; each returns "ok" or the error's code."""
    barrier, outcomes = threading.Barrier(len(calls)), {}

    def run(i, fn):
        try:
            barrier.wait()
            fn()
            outcomes[i] = "ok"
        except (CaseConflict, TransitionRefused) as exc:
            outcomes[i] = exc.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [outcomes[i] for i in range(len(calls))]


# ---------------------------------------------------------------- two staff, one case


def test_two_staff_deciding_from_the_same_version_one_wins_nothing_is_lost(jn):
    s = jn
    case_act(actor=s["lead"], case=s["case"], action="submit", on=ON)
    seen = Case.objects.get(pk=s["case"].pk).lock_version
    events_before = AuditEvent.objects.count()
    case_act(actor=s["staff"], case=s["case"], action="accept", expected_version=seen, on=ON)
    with pytest.raises(CaseConflict) as caught:
        case_act(actor=s["staff2"], case=s["case"], action="return_for_revision", reason="章程未盖章",
                 expected_version=seen, on=ON)
    assert caught.value.code == "stale"
    assert f"{seen + 1}" in caught.value.messages[0] and f"{seen}" in caught.value.messages[0]
    case = Case.objects.get(pk=s["case"].pk)
    assert (case.state, case.lock_version) == ("expert_review", seen + 1)
    assert list(CaseTransition.objects.filter(case=case).values_list("action", flat=True)) == ["submit", "accept"]
    assert AuditEvent.objects.count() == events_before + 1  # the loser wrote nothing
    # The loser reloads and decides on what is there now: 第九条 lets the bureau reject at expert review.
    outcome = case_act(actor=s["staff2"], case=case, action="reject", reason="不符合第六条",
                       expected_version=case.lock_version, on=ON)
    assert (outcome.case.state, outcome.transition.seq) == ("rejected", 3)
    assert audit_verify_chain() == []


@postgres_only
@pytest.mark.django_db(transaction=True)  # reference data: restored by the root conftest after a flush
def test_two_staff_deciding_at_the_same_moment_one_wins_the_other_gets_a_conflict(jn):
    s = jn
    case_act(actor=s["lead"], case=s["case"], action="submit", on=ON)
    seen = Case.objects.get(pk=s["case"].pk).lock_version
    outcomes = at_once(
        lambda: case_act(actor=s["staff"], case=s["case"], action="accept", expected_version=seen, on=ON),
        lambda: case_act(actor=s["staff2"], case=s["case"], action="reject", reason="不符合第六条",
                         expected_version=seen, on=ON))
    assert sorted(outcomes) == ["ok", "stale"]
    case = Case.objects.get(pk=s["case"].pk)
    winner = "accept" if outcomes[0] == "ok" else "reject"
    assert case.state == {"accept": "expert_review", "reject": "rejected"}[winner]
    assert list(CaseTransition.objects.filter(case=case).values_list("action", flat=True)) == ["submit", winner]
    assert AuditEvent.objects.filter(target_id=str(case.pk), action__in=["case.accept", "case.reject"]).count() == 1
    assert audit_verify_chain() == []


# ---------------------------------------------------------------- double clicks


def test_a_double_clicked_submission_makes_one_version(jn):
    s = jn
    seen = Case.objects.get(pk=s["case"].pk).lock_version
    first = case_act(actor=s["lead"], case=s["case"], action="submit", expected_version=seen, on=ON)
    with pytest.raises(CaseConflict):
        case_act(actor=s["lead"], case=s["case"], action="submit", expected_version=seen, on=ON)
    assert first.submission.number == 1
    assert Submission.objects.filter(case=s["case"]).count() == 1
    assert AuditEvent.objects.filter(action="case.submit", target_id=str(s["case"].pk)).count() == 1
    # Without a version the second click is simply not a move of the table any more.
    with pytest.raises(TransitionRefused) as caught:
        case_act(actor=s["lead"], case=s["case"], action="submit", on=ON)
    assert caught.value.code == "illegal_transition"
    assert Submission.objects.filter(case=s["case"]).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)  # reference data: restored by the root conftest after a flush
def test_a_double_click_arriving_at_the_same_moment_makes_one_version(jn):
    s = jn
    outcomes = at_once(*[lambda: case_act(actor=s["lead"], case=s["case"], action="submit", on=ON)] * 2)
    assert sorted(outcomes) == ["illegal_transition", "ok"]
    assert Submission.objects.filter(case=s["case"]).count() == 1
    assert CaseTransition.objects.filter(case=s["case"]).count() == 1


# ---------------------------------------------------------------- the audit trail


def test_every_move_has_its_audit_row_with_the_pack_digest_and_the_chain_verifies(jn, make_expert):
    s = jn
    case = s["case"]
    case_act(actor=s["lead"], case=case, action="submit", on=ON)
    with pytest.raises(TransitionRefused):  # a refused move leaves no row
        case_act(actor=s["staff"], case=case, action="recognise", on=ON)
    case_act(actor=s["staff"], case=case, action="return_for_revision", reason="规划未盖章", on=ON)
    case_act(actor=s["lead"], case=case, action="resubmit", on=date(2020, 6, 3))
    case_act(actor=s["staff"], case=case, action="accept", on=date(2020, 6, 5))
    experts = [make_expert("x_expert_a"), make_expert("x_expert_b")]
    for e in experts:
        expert_assign(actor=s["staff"], case=case, expert=e, on=date(2020, 6, 6))
    case_act(actor=s["staff"], case=case, action="order_site_visit", on=date(2020, 6, 8))
    for e in experts:
        sheet_submit(actor=e.user, case=case, opinion="pass", overall_score="80", on=date(2020, 6, 10),
                     answers={"members_standing": True, "lead_is_leading": True})
    site_visit_record(actor=s["staff"], case=case, visited_on=date(2020, 6, 12), visitors="区科技局",
                      findings="良好", result="pass")
    case_act(actor=s["staff"], case=case, action="recognise", on=date(2020, 6, 15))
    case.refresh_from_db()
    pack = get_pack(case.pack_id)
    assert case.pack_digest == pack.digest

    moves = list(CaseTransition.objects.filter(case=case).order_by("seq"))
    events = list(AuditEvent.objects.filter(target_type="workflow.case", target_id=str(case.pk),
                                            action__in={f"case.{m.action}" for m in moves}).order_by("id"))
    assert [e.action for e in events] == [f"case.{m.action}" for m in moves]
    for move, event in zip(moves, events, strict=True):
        assert move.pack_digest == case.pack_digest
        assert event.before["state"] == move.from_state and event.after["state"] == move.to_state
        assert (event.after["article"], event.after["pack_digest"]) == (move.article, case.pack_digest)
        assert event.reason == move.reason
        assert event.actor_id == (move.actor_id if move.actor_id else None)
    submit_events = [e for e in events if e.action in ("case.submit", "case.resubmit")]
    assert all(len(e.after["engine_digest"]) == 64 for e in submit_events)
    assert [m.article for m in moves] == ["第七条", "第九条", "第九条", "第九条", "第九条", "第九条"]
    assert audit_verify_chain() == []

    # Tampering with one row — even only its reason — is found, and only that row is named.
    victim = events[1]
    AuditEvent.objects.filter(pk=victim.pk).update(reason="篡改后的理由")
    assert audit_verify_chain() == [victim.pk]
