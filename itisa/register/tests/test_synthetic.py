"""The synthetic register: deterministic, valid, and mixed enough to exercise every condition."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from itisa.core.identifiers import validate_uscc
from itisa.register.models import Alliance, Membership, Organisation
from itisa.register.synthetic import Generator, generate_register

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


def test_the_same_seed_plans_the_same_register():
    first, second = Generator(seed=7, start_serial=1000), Generator(seed=7, start_serial=1000)
    first.plan(25, TODAY)
    second.plan(25, TODAY)
    assert [(o.name, o.credit_code, o.region_id) for o in first.orgs] == \
           [(o.name, o.credit_code, o.region_id) for o in second.orgs]
    other = Generator(seed=8, start_serial=1000)
    other.plan(25, TODAY)
    assert [o.name for o in other.orgs] != [o.name for o in first.orgs]


def test_it_generates_valid_credit_codes_real_regions_and_about_twenty_members():
    counts = generate_register(alliances=50, seed=3, today=TODAY)
    assert counts["alliances"] == 50 == Alliance.objects.count()
    for org in Organisation.objects.select_related("region"):
        assert validate_uscc(org.credit_code).region_code == org.region_id
    per_alliance = Counter(Membership.objects.values_list("alliance_id", flat=True))
    mean = sum(per_alliance.values()) / len(per_alliance)
    assert 12 <= mean <= 24
    assert set(Alliance.objects.values_list("jurisdiction__code", flat=True)) == {
        "luoyang-kjj", "henan-kjt", "weinan-kjj", "jiangning-kjj", "kunming-kjj"}


def test_every_alliance_has_exactly_one_lead_today():
    generate_register(alliances=30, seed=5, today=TODAY)
    leads = Counter(m.alliance_id for m in Membership.objects.filter(role="lead") if m.is_active_on(TODAY))
    assert set(leads.values()) == {1} and len(leads) == 30


def test_jiangning_alliances_sometimes_meet_and_sometimes_miss_twenty_members_two_thirds_local():
    generate_register(alliances=100, seed=11, today=TODAY)
    outcomes = set()
    for alliance in Alliance.objects.filter(jurisdiction__code="jiangning-kjj"):
        members = [m for m in alliance.memberships.select_related("organisation__region") if m.is_active_on(TODAY)]
        local = sum(1 for m in members if m.organisation.region.is_within("320115"))
        outcomes.add(len(members) >= 20 and 3 * local >= 2 * len(members))
    assert outcomes == {True, False}


def test_level_histories_include_upgrades():
    generate_register(alliances=200, seed=13, today=TODAY)
    upgraded = [a for a in Alliance.objects.prefetch_related("level_history") if a.level_history.count() > 1]
    assert upgraded
    for alliance in upgraded:
        steps = list(alliance.level_history.order_by("from_date"))
        assert alliance.level == steps[-1].level


def test_the_demo_seed_creates_one_login_per_role_and_is_idempotent(client):
    call_command("seed_demo", alliances=10)
    call_command("seed_demo", alliances=10)
    from itisa.demo.stories import STORIES

    assert Alliance.objects.count() == 10 + len(STORIES)  # the synthetic set plus the demo stories
    from itisa.accounts.models import RoleAssignment
    from itisa.demo.seeding import DEMO_PASSWORD

    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"bureau_staff", "recommender", "lead_unit", "expert", "finance", "bureau_admin"}
    assert client.login(request=HttpRequest(), username="lead_kunming", password=DEMO_PASSWORD)  # axes needs a request
