"""Bad input on the finance pages and in the money services: refused with a message, never a 500, nothing
booked (issue 9 §4)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from itisa.finance.tests.test_finance_pages import commitment  # noqa: F401
from itisa.funding.models import LedgerEntry
from itisa.funding.services import grant_pay
from policy.api import ParameterError, ParamSet, get_pack

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"fund": "abc"},
        {"year": "abc"},
        {"fund": "99999999999999999999"},
        {"year": "9" * 5000},
        {"kind": "\x00"},
        {"q": "x" * 60_000},
    ],
)
def test_a_malformed_ledger_filter_is_dropped_not_a_server_error(client, cast, commitment, query):  # noqa: F811
    client.force_login(cast["jn_finance"])
    response = client.get(reverse("finance:ledger"), query)
    assert response.status_code == 200


@pytest.mark.parametrize("year", ["²", "9" * 5000, "-1", "1e3"])
def test_a_malformed_budget_year_shows_every_year(client, cast, commitment, year):  # noqa: F811
    client.force_login(cast["jn_finance"])
    response = client.get(reverse("finance:home"), {"year": year})
    assert response.status_code == 200 and response.context["year"] is None


@pytest.mark.parametrize(
    "value", ["1e999999", "1e30000000", "9" * 30, "-5", "NaN", "Infinity", "1/0", "0x10", "１２", "4\x000"]
)
def test_a_what_if_override_is_bounded_before_it_is_parsed(client, cast, funds, value):
    client.force_login(cast["jn_finance"])
    started = time.monotonic()
    response = client.get(
        reverse("finance:simulate"),
        {
            "run": "1",
            "jurisdiction": "jiangning-kjj",
            "on": "2020-01-01",
            "set:recognition_award.district": value,
            "set:matching_rate.national": value,
            "set:min_members": value,
        },
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    form = response.context["form"]
    assert {"set:recognition_award.district", "set:matching_rate.national", "set:min_members"} <= set(form.errors)
    assert response.context["sim"] is None


@pytest.mark.parametrize("value", ["1e30000000", "9" * 30, "-1", "abc"])
def test_set_on_the_command_line_path_is_refused_quickly(value):
    pack = get_pack("jiangning")
    started = time.monotonic()
    for name in ("recognition_award.district", "matching_rate.national", "min_members"):
        with pytest.raises(ParameterError):
            ParamSet(pack, {f"jiangning.{name}": value})
    assert time.monotonic() - started < 1


def test_a_plain_override_still_runs(client, cast, funds):
    client.force_login(cast["jn_finance"])
    response = client.get(
        reverse("finance:simulate"),
        {
            "run": "1",
            "jurisdiction": "jiangning-kjj",
            "on": "2020-01-01",
            "set:recognition_award.district": "45.5",
            "set:matching_rate.national": "3/5",
        },
    )
    assert response.status_code == 200 and not response.context["form"].errors
    assert response.context["sim"] is not None


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_payment_dated_year_1_or_9999_is_refused_on_the_form(client, cast, commitment, day):  # noqa: F811
    client.force_login(cast["jn_finance"])
    before = LedgerEntry.objects.count()
    response = client.post(reverse("finance:pay", args=[commitment.pk]), {"on": day, "reason": "拨付"})
    assert response.status_code == 400 and "on" in response.context["form"].errors
    assert LedgerEntry.objects.count() == before


def test_the_payment_service_refuses_a_date_in_the_far_future(cast, commitment):  # noqa: F811
    far = timezone.localdate() + timedelta(days=800)
    with pytest.raises(ValidationError) as caught:
        grant_pay(actor=cast["jn_finance"], commitment=commitment, on=far)
    assert set(caught.value.error_dict) == {"on"}
    with pytest.raises(ValidationError) as caught:
        grant_pay(actor=cast["jn_finance"], commitment=commitment, on=date(1, 1, 1))
    assert set(caught.value.error_dict) == {"on"}


@pytest.mark.parametrize("reason", ["\u200b", "\u3000\ufeff", " \u200d "])
def test_a_clawback_reason_of_invisible_characters_is_no_reason(cast, commitment, reason):  # noqa: F811
    from itisa.funding.services import grant_claw_back

    with pytest.raises(ValidationError) as caught:
        grant_claw_back(
            actor=cast["jn_finance"], commitment=commitment, on=date(2019, 5, 1), ground="misuse", reason=reason
        )
    assert set(caught.value.error_dict) == {"reason"}
