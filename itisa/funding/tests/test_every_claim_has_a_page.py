"""Issue 13 §5: every claim-based article of every pack is performed on pages, never only by a service.

One test per kind of claim a pack pays on (``procedure_table.claim_rows``, read from the packs at collection, so a
new kind in a pack is a new row in docs/procedures.md and a new test here): an alliance that qualifies is built
(``FACTS``: what each kind needs besides the claim), its lead unit finds the claim on its claims page and files it
on the form the pack's rule builds, with evidence; the paying bureau accepts it on its review page with the
findings the rule asks of it; the grant proposal then exists for the claim's rule with the engine's range or
amount and its money-decision page shows it. A kind with no facts here, or no page, fails."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from itisa.accounts.models import RoleAssignment
from itisa.funding.claim_services import as_of, claim_preview
from itisa.funding.models import Claim, GrantProposal
from itisa.register.services import alliance_level_record, membership_add
from itisa.workflow.tests import procedure_table

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: A day on which every claim-paying text is in force (the pages act "today").
DAY = date(2020, 6, 1)
HAPPENED = "2020-05-01"

#: pack folder → (bureau, lead unit's region, recognised at, recognised on, the paying bureau's staff in conftest)
WHERE = {
    "320115-jiangning": ("jiangning-kjj", "320115", "district", date(2019, 3, 1), "jn_staff"),
    "410300-luoyang": ("luoyang-kjj", "410311", "municipal", date(2019, 5, 1), "ly_staff"),
    "530100-kunming": ("kunming-kjj", "530102", "municipal", date(2020, 4, 10), "km_staff"),
    "610500-weinan": ("weinan-kjj", "610502", "municipal", date(2017, 1, 10), "wn_staff"),
}
#: What the lead types for each kind beyond the date and the evidence (the flags the pack asks it to tick and the
#: member that carries it are added from the ClaimKind itself).
FACTS: dict[tuple[str, str], dict[str, str]] = {
    ("320115-jiangning", "national_major_project"): {"base": "400", "matter": "2020ZX01"},
    ("320115-jiangning", "provincial_key_rd_project"): {"base": "200", "matter": "BE2020001"},
    ("320115-jiangning", "platform_recognised"): {"matter": "国家工程研究中心"},
    ("320115-jiangning", "exchange_activity"): {"base": "20", "matter": "EX-2020-1"},
    ("320115-jiangning", "operating_subsidy"): {"year": "2020"},
    ("410300-luoyang", "legal_entity_registered"): {"matter": "联盟研究院"},
    ("410300-luoyang", "entity_sales"): {"base": "1500", "year": "2020", "matter": "联盟研究院"},
    ("410300-luoyang", "rd_project"): {"matter": "LY-RD-2020-1"},
    ("410300-luoyang", "platform_construction"): {"base": "800", "matter": "LY-PLAT-1"},
    ("410300-luoyang", "platform_operating"): {"base": "120", "matter": "LY-PLAT-1"},
    ("410300-luoyang", "platform_service_income"): {"base": "300", "matter": "LY-PLAT-1"},
    ("530100-kunming", "lead_matching"): {"base": "30"},
    ("610500-weinan", "re_review_passed"): {"matter": "复审2020"},
}


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY)


@pytest.fixture
def qualifying(cast, funds, make_alliance, make_org, jurisdiction, system_actor, django_user_model):
    """An alliance of the row's pack that qualifies for the claim, its lead unit and an enterprise member."""

    def make(row: dict[str, Any]) -> dict[str, Any]:
        juris, region, level, since, staff = WHERE[row["folder"]]
        a = make_alliance(f"{row['folder']}{row['spec'].kind}联盟", juris=juris,
                          lead=make_org(f"{row['spec'].kind}牵头企业", region=region), founded_on=date(2016, 1, 5))
        alliance_level_record(actor=system_actor, alliance=a, level=level, from_date=since,
                              jurisdiction=jurisdiction(juris))
        firm = make_org(f"{row['spec'].kind}成员企业", region=region)
        membership_add(actor=system_actor, alliance=a, organisation=firm, joined_on=date(2016, 1, 5))
        lead = django_user_model.objects.create_user(username=f"lead-{row['spec'].kind}", password="pw", full_name="牵头")
        RoleAssignment.objects.create(user=lead, role="lead_unit", alliance=a)
        if row["folder"] == "610500-weinan":
            _passed_re_review(a, lead, cast[staff], system_actor)
        return {"alliance": a, "lead": lead, "staff": cast[staff], "member": firm}

    return make


def _passed_re_review(alliance, lead, staff, system_actor) -> None:
    """Weinan 16 pays the alliances that passed the re-review (15): the re-review worked as its case."""
    import io

    from itisa.documents.services import document_upload
    from itisa.workflow.services import case_act, case_attach_material, case_open

    case = case_open(actor=lead, alliance=alliance, procedure_id="re_review", on=date(2020, 2, 1))
    doc = document_upload(actor=system_actor, kind="other", name="三年工作总结.pdf", stream=io.BytesIO(PDF),
                          size=len(PDF), alliance=alliance)
    case_attach_material(actor=lead, case=case, material_id="re_review_report", document=doc)
    case_act(actor=lead, case=case, action="submit", on=date(2020, 2, 5))
    case_act(actor=staff, case=case, action="pass_review", on=date(2020, 3, 1))


def _claim_post(row: dict[str, Any], member) -> dict[str, Any]:
    spec = row["spec"]
    facts = FACTS.get(row["key"])
    assert facts is not None, f"{row['key']}: a new claim kind — say in FACTS what an alliance that qualifies types"
    data: dict[str, Any] = {"date": HAPPENED, "note": "依据条款申请", **{k: v for k, v in facts.items()
                                                                  if k in spec.fields}}
    data.update({f"flag_{flag}": "on" for flag, _zh, _en in spec.event_flags})
    if spec.member_payee:
        data["payee"] = str(member.pk)
    data["evidence"] = [SimpleUploadedFile("证明材料.pdf", PDF, content_type="application/pdf")]
    return data


def _check_claim(client, world: dict[str, Any], row: dict[str, Any]) -> GrantProposal:
    """File the row's claim on the lead's page and accept it on the bureau's; an AssertionError says what failed."""
    spec, a = row["spec"], world["alliance"]
    pages = procedure_table.CLAIM_PAGES
    client.force_login(world["lead"])
    new = reverse(pages["lead"], kwargs={"pk": a.pk, "claim_kind": spec.kind})
    listed = client.get(reverse("leadunit:claims", kwargs={"pk": a.pk})).content.decode()
    assert f'href="{new}"' in listed, f"{row['key']}: the lead's claims page does not offer {new}"
    form = client.get(new)
    assert form.status_code == 200, f"{row['key']}: {new} → {form.status_code}"
    assert set(spec.fields) <= set(form.context["form"].fields), f"{row['key']}: the form lacks {spec.fields}"
    filed = client.post(new, _claim_post(row, world["member"]))
    claim = Claim.objects.filter(alliance=a, kind=spec.kind).first()
    errors = filed.context["form"].errors if filed.status_code == 200 and filed.context else ""
    assert filed.status_code == 302 and claim is not None, f"{row['key']}: not filed on {new}: {errors}"
    assert claim.documents.count() == 1

    findings = [flag for flag, _zh, _en in spec.staff_flags]  # the bureau finds what the rule asks of it
    expected = claim_preview(a, row["pack"], spec, claim.event, on=as_of(claim.event), flags=findings)
    assert expected["entitlements"], f"{row['key']}: the engine pays nothing on this claim: {expected['refusals']}"

    client.force_login(world["staff"])
    review = reverse(pages["review"], kwargs={"claim": claim.pk})
    assert claim.ref in client.get(reverse("staff:claims")).content.decode()
    accepted = client.post(review, {"decision": "accept", "reason": "材料齐全", "flags": findings})
    shown = accepted.content.decode() if accepted.status_code == 200 else ""
    assert accepted.status_code == 302, f"{row['key']}: not accepted on {review}: {shown[-2000:]}"
    proposals = list(GrantProposal.objects.filter(alliance=a, rule__in=spec.rule_ids))
    assert proposals, f"{row['key']}: accepted, but no proposal for {spec.rule_ids}"
    ent = expected["entitlements"][0]
    [p] = [p for p in proposals if p.rule == ent.rule]
    if ent.amount is not None:
        assert p.amount == ent.amount
    else:
        assert (p.range_min, p.range_max) == tuple(ent.range) and p.is_range
    assert p.claim["claim"] == claim.ref
    decision = client.get(reverse(pages["proposal"], args=[p.pk])).content.decode()
    assert p.ref in decision and 'name="decision"' in decision, f"{row['key']}: no money decision on its page"
    return p


@pytest.mark.parametrize("row", procedure_table.claim_rows(), ids=lambda r: "-".join(r["key"]))
def test_every_claim_kind_is_filed_and_accepted_on_its_pages(client, qualifying, row):
    world = qualifying(row)
    p = _check_claim(client, world, row)
    assert p.article in {rule["article"] for rule in row["spec"].rules}


def test_there_is_a_row_for_every_claim_kind_of_the_four_paying_packs():
    rows = procedure_table.claim_rows()
    assert len(rows) == 13 and set(FACTS) == {r["key"] for r in rows}


def test_the_check_fails_for_a_kind_no_page_offers(client, qualifying):
    """A kind the pack does not pay on (planted into a real row) is neither listed nor has a form: it fails."""
    from dataclasses import replace

    row = next(r for r in procedure_table.claim_rows() if r["spec"].kind == "exchange_activity")
    planted = {**row, "spec": replace(row["spec"], kind="planted_kind")}
    with pytest.raises(AssertionError, match="does not offer"):
        _check_claim(client, qualifying(row), planted)
