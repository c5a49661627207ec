"""The cast of the life stories: people with roles, PDFs, experts, funds — copied from the apps'
conftests (those are not visible here) and trimmed to what the stories need."""

from __future__ import annotations

import io
import itertools
from datetime import date
from decimal import Decimal

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.documents.services import document_upload

PDF = b"%PDF-1.7\n%%EOF\n"
D = Decimal
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(django_user_model):
    """A user (with an e-mail address) holding one role assignment, e.g.
    ``person("km_staff", role="bureau_staff", jurisdiction=…)``."""

    def make(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password="pw", full_name=username,
                                                     email=f"{username}@example.cn")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return make


@pytest.fixture
def pdf(system_actor):
    def make(name: str = "材料.pdf", alliance=None):
        return document_upload(actor=system_actor, kind="other", name=name, stream=io.BytesIO(PDF), size=len(PDF),
                               alliance=alliance)

    return make


@pytest.fixture
def make_expert(person, make_org, jurisdiction):
    """An expert of the pool working for *org* (a new outside organisation by default)."""
    from itisa.reviews.services import expert_profile_create

    keeper: list = []

    def make(username: str, org=None, fields=(), tags=(), region: str = "320102"):
        if not keeper:
            keeper.append(person(f"pool_keeper{next(_n)}", role="bureau_staff", jurisdiction=jurisdiction("most")))
        org = org or make_org(f"{username}所在单位", region=region, kind="university")
        user = person(username)
        user.organisation = org
        user.save(update_fields=["organisation"])
        return expert_profile_create(actor=keeper[0], user=user, organisation=org, fields=fields, tags=tags)

    return make


@pytest.fixture
def members(make_org, system_actor):
    """Add *n* member organisations to an alliance (alternating enterprise / university unless *kind*)."""
    from itisa.register.services import membership_add

    def add(alliance, n: int, *, region: str, joined_on: date, prefix: str = "成员", kind: str | None = None,
            role: str = "member"):
        out = []
        for i in range(n):
            org = make_org(f"{alliance.name[:12]}{prefix}{next(_n)}", region=region,
                           kind=kind or ("enterprise" if i % 2 == 0 else "university"))
            membership_add(actor=system_actor, alliance=alliance, organisation=org, joined_on=joined_on, role=role)
            out.append(org)
        return out

    return add


def audit_rows(action: str, target) -> list:
    """The audit events of *action* on *target*, oldest first."""
    from itisa.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)).order_by("id"))


def timeline(case) -> list[tuple]:
    """(from, to, action, role, article) of every move of the case, in order."""
    from itisa.workflow.models import CaseTransition

    return list(CaseTransition.objects.filter(case=case).order_by("seq")
                .values_list("from_state", "to_state", "action", "role", "article"))
