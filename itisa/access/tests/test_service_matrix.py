"""Every guarded service × the roles that have no business with the Jiangning world's objects: each is refused
by ``require`` before anything is written (generated from the services' ``@requires`` registry)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from itisa.access import AccessDenied
from itisa.access.core import SERVICE_ACTIONS
from itisa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# What an outsider may still do, by action: anyone objects to a public notice (公示); organisations are shared
# facts any lead or bureau adds; any bureau's staff keep the common expert pool and correct organisations.
OPEN_TO = {
    "notices.object": {
        "anonymous",
        "nobody",
        "lead_other",
        "bureau_other",
        "finance_other",
        "expert_unassigned",
        "recommender_other",
    },
    "register.manage_organisations": {"lead_other", "bureau_other"},
    "register.edit_organisation": {"bureau_other"},
    "reviews.manage_experts": {"bureau_other"},
    "api.create_token": {"nobody", "lead_other", "bureau_other", "finance_other", "expert_unassigned",
                         "recommender_other"},  # everyone signed in has their own tokens
    "exports.start": {"nobody", "lead_other", "bureau_other", "finance_other", "expert_unassigned",
                      "recommender_other"},  # anyone signed in has a list built (the list page decided what it holds)
}
OUTSIDERS = (
    "anonymous",
    "nobody",
    "lead_other",
    "bureau_other",
    "finance_other",
    "expert_unassigned",
    "recommender_other",
)


def service(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_every_service_refuses_every_outsider_before_writing(cast_world, jurisdiction):
    users, o = cast_world
    users = {**users, "anonymous": AnonymousUser()}
    jn = jurisdiction("jiangning-kjj")
    alliance = o["alliance"]
    # Each keyword a rule reads, by name; stand-ins carry only what the rules read.
    kwargs = {
        "alliance": alliance,
        "case": o["case"],
        "jurisdiction": jn,
        "fund": o["proposal"].fund,
        "proposal": o["proposal"],
        "commitment": o["commitment"],
        "membership": o["membership"],
        "dissolution": SimpleNamespace(alliance=alliance),
        "rectification": o["rectification"],
        "revocation": SimpleNamespace(alliance=alliance),
        "report": o["report"],
        "recognition": SimpleNamespace(jurisdiction_id=jn.pk, case=o["case"]),
        "notice": o["notice"],
        "objection": o["objection"],
        "assignment": o["assignment"],
        "organisation": alliance.lead,
        "kind": "plan",
        "claim": SimpleNamespace(alliance=alliance, jurisdiction=jn),
    }
    before = AuditEvent.objects.count()
    checked = 0
    for path, action in sorted(SERVICE_ACTIONS.items()):
        fn = service(path)
        for who in OUTSIDERS:
            if who in OPEN_TO.get(action, set()):
                continue
            with pytest.raises(AccessDenied):
                fn(actor=users[who], **kwargs)
            checked += 1
    assert checked > 40 * 6
    assert AuditEvent.objects.count() == before
