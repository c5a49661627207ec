"""The bureau's and recommenders' work pages: each page renders for its staff; nothing of another
jurisdiction's case is reachable; decisions are taken through the services and refused clearly."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, reverse
from openpyxl import load_workbook

from itisa.staff import urls as staff_urls
from itisa.workflow.models import Case, CaseTransition
from tests.support import body

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _with_claim(w: dict) -> dict:
    """A claim of the alliance's lead under Jiangning 第十条6, with the world's document as its evidence."""
    from itisa.funding.models import Claim

    claim = Claim.objects.create(alliance=w["alliance"], jurisdiction=w["alliance"].jurisdiction,
                                 pack_id="320115-jiangning/2019", kind="exchange_activity", article="第十条6",
                                 citation="第十条6", event={"id": "CL", "kind": "exchange_activity"},
                                 filed_on=date(2019, 6, 1))
    claim.documents.add(w["document"])
    return {**w, "claim": claim}


def _kwargs_for(pattern: URLPattern, w: dict) -> dict:
    """Fill a staff URL pattern's arguments with the ids of Jiangning's objects."""
    route = str(pattern.pattern)
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "pk":
            if route.startswith("cases/"):
                kwargs[name] = w["case"].pk
            elif route.startswith("alliances/"):
                kwargs[name] = w["alliance"].pk
            elif route.startswith("money/"):
                kwargs[name] = w["proposal"].pk
            elif route.startswith("calls/"):
                kwargs[name] = w["call"].pk
            elif route.startswith("reports/"):
                kwargs[name] = w["report"].pk
        else:
            kwargs[name] = {"doc": w["document"], "objection": w["objection"].pk, "claim": w["claim"].pk,
                            "assignment": w["assignment"].pk, "rectification": w["rectification"].pk,
                            "expert": w["assignment"].expert_id,
                            "dissolution": w.get("dissolution", 0), "organisation_id": w["alliance"].lead_id,
                            "recognition": 0}[name]
    return kwargs


def _with_dissolution(w: dict) -> dict:
    """An application to dissolve with the lead's consent, its statement being the world's document."""
    from itisa.supervision.models import Dissolution, DissolutionConsent

    d = Dissolution.objects.create(alliance=w["alliance"], pack_id="320115-jiangning/2019", article="第十二条",
                                   reason="任务完成", applied_on=date(2021, 6, 1))
    DissolutionConsent.objects.create(dissolution=d, organisation=w["alliance"].lead, consented_on=date(2021, 6, 1),
                                      document_id=w["document"])
    return {**w, "dissolution": d.pk}


def test_every_page_renders_for_the_bureau_staff(client, jiangning_world):
    w = _with_dissolution(_with_claim(jiangning_world))
    _login(client, w["staff"])
    for pattern in staff_urls.urlpatterns:
        kwargs = _kwargs_for(pattern, w)
        url = reverse(f"staff:{pattern.name}", kwargs=kwargs)
        response = client.get(url)
        if pattern.name in ("reports", "endorse"):
            assert response.status_code == 403, url  # bureau staff are not a recommending body
        elif pattern.name in ("decide", "objection_resolve", "unassign", "grade", "consequences_apply",
                              "rectification_judge", "revoke", "propose", "finding_new", "dissolution_plaque",
                              "revocation_plaque", "recognition_recall",
                              "open_case", "record_level"):
            assert response.status_code == 405, url  # POST only
        elif pattern.name in ("document", "claim_document", "alliance_document"):
            assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment"), url
        else:
            assert response.status_code == 200, url
    page = client.get(reverse("staff:case", args=[w["case"].pk])).content.decode()
    assert w["alliance"].name in page and "第九条" in page and "张三" in page  # timeline article, objection
    assert 'name="act-recognise-expected_version"' in page and 'name="act-reject-reason"' in page
    home = client.get(reverse("staff:home")).content.decode()
    assert w["alliance"].name in home


def test_another_jurisdictions_staff_gets_404_everywhere_and_sees_nothing(client, jiangning_world):
    w = _with_claim(jiangning_world)
    name = w["alliance"].name
    _login(client, w["other_staff"])  # Kunming's staff
    for pattern in staff_urls.urlpatterns:
        kwargs = _kwargs_for(pattern, w)
        url = reverse(f"staff:{pattern.name}", kwargs=kwargs)
        if pattern.name == "expert":  # the expert pool is shared by the bureaux (ADR 0015): open, scope-free
            assert name not in client.get(url).content.decode(), url
            continue
        if kwargs:
            got = client.get(url, HTTP_HX_REQUEST="true")
            posted = client.post(url, {"move": "reject", "act-reject-action": "reject",
                                       "act-reject-expected_version": "1", "act-reject-reason": "x", "reason": "x",
                                       "outcome": "dismissed", "decision": "reject", "expected_version": "0"})
            allowed = (403, 404) if pattern.name == "endorse" else (404,)
            assert posted.status_code in allowed, (url, posted.status_code)
            assert got.status_code in (*allowed, 405), (url, got.status_code)
        else:
            if pattern.name in ("reports", "propose"):
                continue
            if pattern.name in ("claims", "outside_funding", "organisation_new", "alliance_new", "pool",
                                "expert_new", "alliance_options"):  # plain pages, no exports
                assert name not in client.get(url, {"status": "all"}).content.decode(), url
                continue
            for params in ({}, {"q": name[:4]}, {"closed": "0"}):
                assert name not in client.get(url, params).content.decode(), url
                assert name not in client.get(url, params, HTTP_HX_REQUEST="true").content.decode(), url
                assert name not in body(client.get(url, {**params, "export": "csv"})).decode("utf-8-sig"), url
                xlsx = client.get(url, {**params, "export": "xlsx"})
                assert xlsx.status_code == 200
                cells = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
                assert name not in cells
    assert name not in client.get(reverse("staff:deadlines"), {"export": "ics", "all": "1"}).content.decode()
    w["case"].refresh_from_db()
    assert w["case"].state == "expert_review"  # nothing the probe posted changed the case
    w["objection"].refresh_from_db()
    assert w["objection"].status == "pending"


def test_a_stale_decision_shows_the_conflict_and_changes_nothing(client, jiangning_in_review):
    s = jiangning_in_review
    case = s["case"]
    seen = case.lock_version
    from itisa.workflow.services import case_act

    case_act(actor=s["staff2"], case=case, action="reject", reason="另一人先驳回了", expected_version=seen)
    _login(client, s["staff"])
    response = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "return_for_revision", "act-return_for_revision-action": "return_for_revision",
        "act-return_for_revision-expected_version": seen, "act-return_for_revision-reason": "请补充成员协议"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "reload" in page or "重新" in page or "刷新" in page or str(seen) in page
    assert "请补充成员协议" in page  # nothing typed is lost
    case.refresh_from_db()
    assert case.state == "rejected" and case.transitions.count() == 3


def test_a_refused_move_shows_its_article(client, jiangning_in_review):
    s = jiangning_in_review
    case = s["case"]
    _login(client, s["staff"])
    response = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "recognise", "act-recognise-action": "recognise",
        "act-recognise-expected_version": case.lock_version, "act-recognise-reason": ""})
    assert response.status_code == 200
    assert "第九条" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "expert_review"


def test_a_decision_in_order_moves_the_case(client, jiangning_in_review):
    s = jiangning_in_review
    case = s["case"]
    _login(client, s["staff"])
    missing = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "reject", "act-reject-action": "reject", "act-reject-expected_version": case.lock_version})
    assert missing.status_code == 200 and Case.objects.get(pk=case.pk).state == "expert_review"  # reason required
    done = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "reject", "act-reject-action": "reject", "act-reject-expected_version": case.lock_version,
        "act-reject-reason": "不符合第六条"})
    assert done.status_code == 302
    last = CaseTransition.objects.filter(case=case).order_by("-seq").first()
    assert (last.action, last.reason, last.actor_id) == ("reject", "不符合第六条", s["staff"].pk)


def test_the_county_bureau_recommends_or_returns_from_its_queue(client, weinan_submitted, make_alliance, make_org,
                                                             person, pdf):
    w = weinan_submitted
    case = w["case"]
    _login(client, w["county"])
    home = client.get(reverse("staff:home")).content.decode()
    assert w["alliance"].name in home and f'q{case.pk}-recommend' in home
    # The bureau's own staff see no recommend action: it is the county's move.
    staff_page = _login(client.__class__(), w["staff"]).get(reverse("staff:case", args=[case.pk])).content.decode()
    assert 'name="move" value="recommend"' not in staff_page
    _login(client, w["county"])
    no_reason = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "return_for_revision", "prefix": f"q{case.pk}-return_for_revision", "next": reverse("staff:home"),
        f"q{case.pk}-return_for_revision-action": "return_for_revision",
        f"q{case.pk}-return_for_revision-expected_version": case.lock_version})
    assert Case.objects.get(pk=case.pk).state == "submitted"
    shown = no_reason.content.decode()  # the case page, the refused form kept with its error
    assert no_reason.status_code == 200 and f'name="q{case.pk}-return_for_revision-reason"' in shown
    assert 'class="errorlist' in shown
    response = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "recommend", "prefix": f"q{case.pk}-recommend", "next": reverse("staff:home"),
        f"q{case.pk}-recommend-action": "recommend", f"q{case.pk}-recommend-expected_version": case.lock_version,
        f"q{case.pk}-recommend-reason": "同意推荐"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:home")
    case.refresh_from_db()
    assert case.state == "recommended"
    last = case.transitions.order_by("-seq").first()
    assert (last.role, last.reason, last.article) == ("recommender", "同意推荐", "11")
    assert f'q{case.pk}-recommend' not in client.get(reverse("staff:home")).content.decode()  # left the queue


def test_the_county_bureau_returns_with_a_reason(client, weinan_submitted):
    w = weinan_submitted
    case = w["case"]
    _login(client, w["county"])
    response = client.post(reverse("staff:decide", args=[case.pk]), {
        "move": "return_for_revision", "act-return_for_revision-action": "return_for_revision",
        "act-return_for_revision-expected_version": case.lock_version,
        "act-return_for_revision-reason": "缺少推荐意见原件"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "returned"
    assert case.transitions.order_by("-seq").first().reason == "缺少推荐意见原件"


def test_a_recommender_elsewhere_sees_nothing_of_the_case(client, weinan_submitted, person, jurisdiction):
    other = person("luolong", role="recommender", recommender_kind="county_bureau",
                   jurisdiction=jurisdiction("410311-kjj"))
    _login(client, other)
    assert weinan_submitted["alliance"].name not in client.get(reverse("staff:home")).content.decode()
    assert client.get(reverse("staff:case", args=[weinan_submitted["case"].pk])).status_code == 404


def test_assignment_refuses_a_conflicted_expert(client, jiangning_in_review, make_expert):
    s = jiangning_in_review
    case = s["case"]
    member = s["alliance"].memberships.select_related("organisation").first().organisation
    conflicted = make_expert("zhuanjia_a", org=member)
    free = make_expert("zhuanjia_b")
    _login(client, s["staff"])
    page = client.get(reverse("staff:experts", args=[case.pk])).content.decode()
    assert member.name in page  # the conflict's reason names the membership
    assert f'type="checkbox" name="expert" value="{conflicted.pk}" id="e-{conflicted.pk}" disabled' in page
    refused = client.post(reverse("staff:experts", args=[case.pk]), {"expert": conflicted.pk, "round": "review"})
    assert refused.status_code == 200 and member.name in refused.content.decode()
    from itisa.reviews.models import ExpertAssignment

    assert not ExpertAssignment.objects.filter(case=case, expert=conflicted).exists()
    # A panel with one conflicted expert is refused whole: nobody is assigned.
    mixed = client.post(reverse("staff:experts", args=[case.pk]),
                        {"expert": [free.pk, conflicted.pk], "round": "review"})
    assert mixed.status_code == 200 and member.name in mixed.content.decode()
    assert not ExpertAssignment.objects.filter(case=case).exists()
    second = make_expert("zhuanjia_c")
    panel = client.post(reverse("staff:experts", args=[case.pk]), {"expert": [free.pk, second.pk], "round": "review"})
    assert panel.status_code == 302
    assert set(ExpertAssignment.objects.filter(case=case, active=True).values_list("expert", flat=True)) == {
        free.pk, second.pk}
    assignment = ExpertAssignment.objects.get(case=case, expert=free)
    client.post(reverse("staff:unassign", args=[case.pk, assignment.pk]), {"reason": "回避"})
    assignment.refresh_from_db()
    assert assignment.active is False and assignment.withdrawn_reason == "回避"


def test_an_objection_is_resolved_from_the_case_page(client, jiangning_world):
    w = jiangning_world
    _login(client, w["staff"])
    url = reverse("staff:objection_resolve", args=[w["case"].pk, w["objection"].pk])
    prefix = f"obj-{w['objection'].pk}"
    kept = client.post(url, {f"{prefix}-outcome": "dismissed", f"{prefix}-reason": ""})
    assert kept.status_code == 200
    client.post(url, {f"{prefix}-outcome": "dismissed", f"{prefix}-reason": "经核实材料属实"})
    w["objection"].refresh_from_db()
    assert (w["objection"].status, w["objection"].resolution_reason) == ("dismissed", "经核实材料属实")


def test_a_stale_money_decision_is_a_conflict(client, jiangning_world):
    w = jiangning_world
    proposal = w["proposal"]
    _login(client, w["staff"])
    response = client.post(reverse("staff:proposal", args=[proposal.pk]), {
        "decision": "reject", "reason": "预算不足", "expected_version": proposal.lock_version + 1})
    assert response.status_code == 409 and "预算不足" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    client.post(reverse("staff:proposal", args=[proposal.pk]), {
        "decision": "reject", "reason": "预算不足", "expected_version": proposal.lock_version})
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_a_call_is_opened_and_listed(client, jiangning_in_review, jurisdiction):
    s = jiangning_in_review
    _login(client, s["staff"])
    bad = client.post(reverse("staff:calls"), {"jurisdiction": jurisdiction("jiangning-kjj").pk,
                                               "procedure_id": "recognition", "year": 2020, "title": "江宁常年认定",
                                               "opens_on": "2020-03-01", "closes_on": "2020-02-01"})
    assert bad.status_code == 200 and "江宁常年认定" in bad.content.decode()
    other = client.post(reverse("staff:calls"), {"jurisdiction": jurisdiction("kunming-kjj").pk,
                                                 "procedure_id": "recognition", "year": 2020, "title": "越权",
                                                 "opens_on": "2020-03-01"})
    assert other.status_code == 200
    from itisa.workflow.models import Call

    assert not Call.objects.filter(title="越权").exists()


def test_deadlines_export_to_ics(client, jiangning_world):
    w = jiangning_world
    _login(client, w["staff"])
    ics = client.get(reverse("staff:deadlines"), {"export": "ics"})
    assert ics["Content-Type"].startswith("text/calendar")
    assert "DTSTART;VALUE=DATE:20300331" in ics.content.decode()
    bad = client.get(reverse("staff:deadlines"), {"from": "not-a-date", "sort": "-due_on"})
    assert bad.status_code == 200 and "筛选条件未生效" in bad.content.decode()  # said on the page, not dropped
    assert 'aria-sort="descending"' in bad.content.decode()  # the sort still holds


def test_the_deadlines_sort_by_their_column_headers(client, jiangning_world):
    _login(client, jiangning_world["staff"])
    url = reverse("staff:deadlines")
    plain = client.get(url, {"all": "1"}).content.decode()
    assert 'href="/work/deadlines/?sort=due_on"' in plain and "aria-sort" not in plain
    asc = client.get(url, {"sort": "alliance__name"}).content.decode()
    assert 'aria-sort="ascending"' in asc and "sort=-alliance__name" in asc
    assert client.get(url, {"sort": "nonsense"}).status_code == 200


def test_the_comparison_shows_every_pack_with_citations(client, jiangning_in_review):
    s = jiangning_in_review
    _login(client, s["staff"])
    page = client.get(reverse("staff:compare", args=[s["alliance"].pk]), {"on": "2020-06-01"}).content.decode()
    from policy.api import get_pack

    for pack in ("320115-jiangning/2019", "410300-luoyang/2018", "530100-kunming/2016", "610500-weinan/2015",
                 "410000-henan/2013"):
        assert get_pack(pack).identity["title"] in page and pack not in page  # the text by its title, no id


def test_the_export_neutralises_formulas(client, make_alliance, make_org, person, jurisdiction):
    alliance = make_alliance('=HYPERLINK("http://x","点我")', juris="kunming-kjj", lead=make_org("+恶意单位", region="530102"))
    Case.objects.create(alliance=alliance, jurisdiction=alliance.jurisdiction, pack_id="530100-kunming/2016",
                        pack_digest="x", procedure_id="recognition", state="submitted", opened_on=date(2024, 1, 10))
    _login(client, person("km_boss", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj")))
    sheet = load_workbook(io.BytesIO(client.get(reverse("staff:home"), {"export": "xlsx"}).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][1] == "'=HYPERLINK(\"http://x\",\"点我\")" and rows[2][2] == "'+恶意单位"
    csv_text = body(client.get(reverse("staff:home"), {"export": "csv"})).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+恶意单位" in csv_text


@pytest.mark.parametrize("size", [10, 1000])
def test_the_case_list_costs_the_same_queries_for_10_or_1000_cases(client, size, django_assert_max_num_queries,
                                                                   django_user_model):
    from itisa.register.models import Alliance
    from itisa.register.synthetic import generate_register

    generate_register(alliances=size, seed=size, today=date(2026, 11, 21))
    Case.objects.bulk_create([Case(alliance=a, jurisdiction_id=a.jurisdiction_id, pack_id="530100-kunming/2016",
                                   pack_digest="x", procedure_id="recognition", state="submitted",
                                   opened_on=date(2026, 1, 5)) for a in Alliance.objects.all()])
    assert Case.objects.count() == size
    boss = django_user_model.objects.create_superuser(username="boss", password="x")
    _login(client, boss)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:home")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("staff:home"), {"state": "submitted"}, HTTP_HX_REQUEST="true").status_code == 200


def test_a_failing_grade_orders_rectification_which_is_judged(client, recognised, person, jurisdiction):
    """Henan 第十二条: an unqualified grade warns and orders rectification; not rectified, the title goes."""
    from itisa.supervision.models import Grade, Rectification

    alliance = recognised("henan-kjt", date(2022, 3, 1))
    staff = person("hn_staff", role="bureau_staff", jurisdiction=jurisdiction("henan-kjt"))
    _login(client, staff)
    page = client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    assert "不合格" in page  # the pack's scale
    kept = client.post(reverse("staff:grade", args=[alliance.pk]), {"year": 2999, "grade": "fail", "kind": "yearly"})
    assert kept.status_code == 200 and "2999" in kept.content.decode() and not Grade.objects.exists()
    client.post(reverse("staff:grade", args=[alliance.pk]), {"year": 2023, "grade": "fail", "kind": "yearly",
                                                             "rectification_months": 3})
    alliance.refresh_from_db()
    rect = Rectification.objects.get(alliance=alliance)
    assert alliance.status == "warned" and rect.months == 3 and rect.article == "第十二条"
    prefix = f"rect-{rect.pk}"
    client.post(reverse("staff:rectification_judge", args=[alliance.pk, rect.pk]),
                {f"{prefix}-result": "fail", f"{prefix}-judgement": "未按期整改"})
    alliance.refresh_from_db()
    assert alliance.status == "revoked"
    assert "第十二条" in client.get(reverse("staff:alliance", args=[alliance.pk])).content.decode()
    other = person("km_staff2", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj"))
    _login(client, other)
    assert client.get(reverse("staff:alliance", args=[alliance.pk])).status_code == 404


def test_revocation_needs_its_article_and_reason(client, recognised, person, jurisdiction):
    from itisa.supervision.models import Revocation

    alliance = recognised("kunming-kjj", date(2022, 3, 1))
    _login(client, person("km_staff3", role="bureau_staff", jurisdiction=jurisdiction("kunming-kjj")))
    kept = client.post(reverse("staff:revoke", args=[alliance.pk]), {"reason": "经专家论证不再具备条件"})
    assert kept.status_code == 200 and "经专家论证不再具备条件" in kept.content.decode()
    assert not Revocation.objects.exists()
    client.post(reverse("staff:revoke", args=[alliance.pk]), {"article": "第十七条(四)", "reason": "经专家论证不再具备条件",
                                                              "plaque_recall": "on", "publish": "on"})
    assert Revocation.objects.get(alliance=alliance).article == "第十七条(四)"


def test_a_recommender_endorses_a_report(client, weinan_submitted):
    from itisa.supervision.models import Report

    w = weinan_submitted
    report = Report.objects.create(alliance=w["alliance"], kind="annual_report", year=2020, pack_id="610500-weinan/2015",
                                   duty="annual_report", filed_on=date(2021, 1, 10), endorsement_required=True)
    _login(client, w["county"])
    assert w["alliance"].name in client.get(reverse("staff:reports")).content.decode()
    client.post(reverse("staff:endorse", args=[report.pk]), {f"rep-{report.pk}-opinion": "情况属实，同意上报"})
    report.refresh_from_db()
    assert report.endorsement_opinion == "情况属实，同意上报" and report.endorsed_on is not None


def test_the_decision_form_offers_the_proposed_amount_as_people_write_it(client, jiangning_world):
    proposal = jiangning_world["proposal"]
    type(proposal).objects.filter(pk=proposal.pk).update(amount=Decimal("20.0000"))  # a fixed amount, as stored
    proposal.refresh_from_db()
    _login(client, jiangning_world["staff"])
    page = client.get(reverse("staff:proposal", args=[proposal.pk])).content.decode()
    shown = re.search(r'<input[^>]*name="amount"[^>]*value="([^"]*)"', page)
    assert shown is not None
    assert not re.search(r"\.\d*0$|\.$", shown.group(1))  # no trailing zeros after the point
    assert Decimal(shown.group(1)) == proposal.amount
