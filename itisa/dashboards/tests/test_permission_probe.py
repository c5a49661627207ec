"""Every URL of the expert, finance and dashboard pages, asked by every kind of user: the right role gets the
page; a wrong role 403; the right role for someone else's object 404 (an expert whose organisation is a member
of the alliance included); anonymous users are sent to log in. A URL added without an entry here fails."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLResolver, get_resolver, reverse

from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.services import budget_set, fund_create, grant_decide, grant_propose
from itisa.register.services import membership_add
from itisa.reviews.services import expert_assign

pytestmark = pytest.mark.django_db
APPS = ("experts", "finance", "dashboards")
IN_TRIAL = date(2020, 6, 1)


def app_url_names() -> dict[str, list[tuple[str, list[str]]]]:
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.app_name in APPS:
            found[entry.app_name] = [(p.name, list(p.pattern.converters)) for p in entry.url_patterns]
    return found


@pytest.fixture
def world(jiangning_in_review, make_expert, make_org, person, jurisdiction, jiangning_alliance, system_actor):
    s = jiangning_in_review
    case, alliance = s["case"], s["alliance"]
    assigned, unassigned, member = make_expert("ex_assigned"), make_expert("ex_other"), make_expert("ex_member")
    expert_assign(actor=s["staff"], case=case, expert=assigned, on=IN_TRIAL)
    expert_assign(actor=s["staff"], case=case, expert=member, on=IN_TRIAL)
    # After the assignment, the expert's organisation joins the alliance: the case must vanish for them.
    membership_add(actor=system_actor, alliance=alliance, organisation=member.organisation, joined_on=date(2020, 5, 1))
    jn = jurisdiction("jiangning-kjj")
    jn_fin = person("jn_fin", role="finance", jurisdiction=jn)
    fund = fund_create(actor=jn_fin, jurisdiction=jn, name="江宁区产业技术创新战略联盟扶持资金", is_default=True)
    budget_set(actor=jn_fin, fund=fund, year=2019, amount="1000")
    recognised = jiangning_alliance()
    [p] = [p for p in grant_propose(actor=s["staff"], alliance=recognised, pack="jiangning",
                                    on=date(2019, 4, 1)).proposals if p.rule == "recognition_award"]
    grant_decide(actor=s["staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    users = {
        "anonymous": None,
        "nobody": person("nobody"),
        "lead": s["lead"],
        "expert": assigned.user,
        "expert_unassigned": unassigned.user,
        "expert_member": member.user,
        "jn_staff": s["staff"],
        "jn_fin": jn_fin,
        "km_staff": s["other_staff"],
        "ly_fin": person("ly_fin", role="finance", jurisdiction=jurisdiction("luoyang-kjj")),
    }
    submitted = case.submissions.order_by("-number").first()
    material = next(d["document"] for docs in submitted.materials.values() for d in docs)
    objects = {"case": case.pk, "commitment": LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).pk,
               "material": material, "alliance": case.alliance_id,
               "fund": LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).fund_id}
    return users, objects


KWARGS = {
    ("experts", "case"): {"pk": "case"}, ("experts", "sheet"): {"pk": "case", "round": "review"},
    ("experts", "site_visit"): {"pk": "case"}, ("experts", "material"): {"pk": "case", "doc": "material"},
    ("experts", "case_act"): {"pk": "case"},
    ("finance", "fund"): {"fund": "fund"}, ("finance", "inspection"): {"pk": "alliance"},
    ("finance", "pay"): {"pk": "commitment"}, ("finance", "claw_back"): {"pk": "commitment"},
}
OK = 200
# What each user gets; "ok" means the page (200, or a 302 that is not to the login page).
EXPECTED: dict[str, dict[str, object]] = {
    "anonymous": {"*": "login"},
    "nobody": {"*": 403},
    "lead": {"*": 403},
    "expert": {"experts:*": "ok", "*": 403},
    "expert_unassigned": {"experts:home": "ok", "experts:*": 404, "*": 403},
    "expert_member": {"experts:home": "ok", "experts:*": 404, "*": 403},
    "jn_staff": {"experts:*": 403, "*": "ok"},
    "jn_fin": {"experts:*": 403, "*": "ok"},
    "km_staff": {"experts:*": 403, "finance:pay": 404, "finance:claw_back": 404, "finance:fund": 404,
                 "finance:inspection": 404, "*": "ok"},
    "ly_fin": {"experts:*": 403, "finance:pay": 404, "finance:claw_back": 404, "finance:fund": 404,
               "finance:inspection": 404, "*": "ok"},
}


def expected(user: str, app: str, name: str) -> object:
    table = EXPECTED[user]
    for key in (f"{app}:{name}", f"{app}:*", "*"):
        if key in table:
            return table[key]
    raise AssertionError(key)


def test_every_url_answers_each_user_as_it_should(client, world):
    users, objects = world
    names = app_url_names()
    assert set(names) == set(APPS)
    checked = 0
    for app, patterns in names.items():
        for name, converters in patterns:
            kwargs = {k: (objects[v] if k in ("pk", "doc", "fund") else v) for k, v in KWARGS.get((app, name), {}).items()}
            assert set(kwargs) == set(converters), f"{app}:{name} needs an entry in KWARGS"
            url = reverse(f"{app}:{name}", kwargs=kwargs)
            for user_key, user in users.items():
                client.logout()
                if user is not None:
                    client.force_login(user)
                want = expected(user_key, app, name)
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    got = response.status_code
                    where = f"{method.upper()} {url} as {user_key}: {got}, expected {want}"
                    if want == "login":
                        assert got == 302 and "/accounts/login/" in response["Location"], where
                    elif want == "ok":
                        assert got in (200, 302, 400, 405) and "/accounts/login/" not in response.get("Location", ""), where
                    else:
                        assert got == want, where
                    checked += 1
    assert checked >= 9 * 10 * 2
    # The probe wrote nothing: every POST above was empty (refused by the form) or refused outright.
    assert not LedgerEntry.objects.exclude(kind=EntryKind.COMMITMENT).exists()
