"""The ledger offers only the acts that can still succeed (issue 10 §2): no pay on a commitment paid in
full, no claw back where nothing paid is left to recover; and its pages show words, not codes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from itisa.funding.models import EntryKind, LedgerEntry
from itisa.funding.services import grant_claw_back, grant_decide, grant_pay, grant_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(cast, funds, jiangning_alliance):
    a = jiangning_alliance()
    [p] = [
        p
        for p in grant_propose(actor=cast["jn_staff"], alliance=a, pack="jiangning", on=date(2019, 4, 1)).proposals
        if p.rule == "recognition_award"
    ]
    grant_decide(actor=cast["jn_staff"], proposal=p, approve=True, on=date(2019, 4, 10))
    return LedgerEntry.objects.get(kind=EntryKind.COMMITMENT, proposal=p)


def _ledger(client) -> str:
    return client.get(reverse("finance:ledger"), {"kind": "commitment"}).content.decode()


def test_settled_commitments_offer_no_pay_or_claw_back(client, cast, commitment):
    client.force_login(cast["jn_finance"])
    pay, claw = reverse("finance:pay", args=[commitment.pk]), reverse("finance:claw_back", args=[commitment.pk])
    page = _ledger(client)
    assert f'href="{pay}"' in page and f'href="{claw}"' not in page  # nothing paid yet: nothing to recover
    assert "已拨付款项" in page  # the disabled act says why

    grant_pay(actor=cast["jn_finance"], commitment=commitment, on=date(2019, 4, 20), reason="拨付")
    page = _ledger(client)
    assert f'href="{pay}"' not in page and f'href="{claw}"' in page
    assert "已全额拨付" in page

    grant_claw_back(
        actor=cast["jn_finance"], commitment=commitment, on=date(2019, 12, 1), ground="misuse", reason="挪用补助资金"
    )
    page = _ledger(client)
    assert f'href="{pay}"' not in page and f'href="{claw}"' not in page


def test_the_ledger_and_the_payment_page_show_words(client, cast, commitment):
    client.force_login(cast["jn_finance"])
    page = _ledger(client)
    assert "第十条第1项" in page and ">第十条1<" not in page
    assert f"alliance:{commitment.alliance_id}" not in page and commitment.alliance.name in page
    form = client.get(reverse("finance:pay", args=[commitment.pk])).content.decode()
    assert "《江宁区产业技术创新战略联盟认定管理暂行办法》第十条第1项" in form
    assert "320115-jiangning/2019" not in form and "recognition_award:district" not in form
    # The irreversible act sits behind a confirmation that names its consequence.
    assert '<details class="confirm' in form and "不可撤销" in form
    claw = client.get(reverse("finance:claw_back", args=[commitment.pk])).content.decode()
    assert '<details class="confirm destructive">' in claw and 'class="danger"' in claw
