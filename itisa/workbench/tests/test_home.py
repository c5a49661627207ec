"""The home page: a visitor's register rows link to the alliances and a verification code finds its
certificate; after login each role sees what waits for it, counted through the access module, in a number
of queries that does not grow with the register."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from itisa.access import visible_to
from itisa.accounts.models import User
from itisa.demo.seeding import seed_demo
from itisa.recognition.models import Recognition
from itisa.register.models import Alliance
from itisa.supervision.models import DeadlineStatus
from itisa.workbench.summary import workbench

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo(alliances=10, today=TODAY)


def test_a_visitor_sees_public_rows_linking_to_their_alliance_pages(client, demo):
    page = client.get(reverse("core:home")).content.decode()
    public = visible_to(AnonymousUser(), "register.view_alliance")
    shown = [a for a in Alliance.objects.all() if a.name in page]
    assert shown
    for a in shown:
        assert reverse("public:alliance", args=[a.pk]) in page
    assert set(shown) <= set(public)
    assert 'name="code"' in page


def test_a_verification_code_typed_on_the_home_page_opens_its_certificate(client, demo):
    r = Recognition.objects.order_by("pk").first()
    response = client.get(reverse("core:home"), {"code": f" {r.verification_code} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:verify", args=[r.verification_code])
    wrong = client.get(reverse("core:home"), {"code": "NOSUCHCODE"})
    assert wrong.status_code == 200 and 'aria-invalid="true"' in wrong.content.decode()


def _item(sections, title_start):
    with translation.override("en"):
        return {str(i.label): i for s in sections for i in s.items if str(s.title).startswith(title_start)}


def test_each_role_sees_its_waiting_work_counted_from_its_own_scope(demo):
    staff = User.objects.get(username="staff_kunming")
    items = _item(workbench(staff), "Work")
    assert items
    queue = visible_to(staff, "workflow.work_case").filter(closed=False)
    assert items["Cases in the work queue"].count == queue.count() > 0
    due = visible_to(staff, "supervision.view_deadline").filter(
        status__in=(DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.OVERDUE)
    )
    assert items["Alliance duties with a deadline"].count == due.count()
    proposals = visible_to(staff, "funding.view_proposal").filter(status="proposed")
    assert items["Grant proposals awaiting a decision"].count == proposals.count()
    # Another bureau's numbers differ: the scope is the bureau's, not the site's.
    other = _item(workbench(User.objects.get(username="staff_luoyang")), "Work")
    assert (
        other["Cases in the work queue"].count
        == visible_to(User.objects.get(username="staff_luoyang"), "workflow.work_case").filter(closed=False).count()
    )
    expert = _item(workbench(User.objects.get(username="expert_demo")), "My reviews")
    assert expert["Cases still to score"].count <= expert["Cases assigned to me"].count
    finance = User.objects.get(username="finance_kunming")
    from itisa.funding.models import EntryKind, LedgerEntry

    commitments = visible_to(finance, "funding.view_ledger").filter(kind=EntryKind.COMMITMENT)
    unpaid = [c for c in commitments if not LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, related=c).exists()]
    assert _item(workbench(finance), "Funds")["Approved grants not yet paid"].count == len(unpaid)
    assert not _item(workbench(finance), "Work")  # finance decides nothing: the proposals are the bureau's
    lead = User.objects.get(username="lead_kunming")
    assert (
        _item(workbench(lead), "My alliance")["Applications in progress"].count
        == visible_to(lead, "workflow.view_case").filter(closed=False).count()
    )
    assert workbench(User.objects.get(username="lead_kunming")) and not _item(workbench(lead), "Work")


@pytest.mark.parametrize("username", ["staff_kunming", "lead_kunming", "expert_demo", "finance_kunming"])
def test_the_home_page_query_count_does_not_grow_with_the_register(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    client.get(reverse("core:home"))  # warm caches (packs, sessions)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("core:home")).status_code == 200
    from itisa.register.synthetic import generate_register

    generate_register(alliances=15, seed=7, today=TODAY)
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse("core:home")).status_code == 200
    assert len(second) == len(first) <= 25, [q["sql"][:120] for q in second.captured_queries]
