"""The audit trail: every change recorded with who, when, before, after and why; tampering detected."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_record, audit_verify_chain
from itisa.register.services import membership_add

pytestmark = pytest.mark.django_db


def test_every_register_service_leaves_an_event_naming_actor_and_reason(make_alliance, make_org, system_actor):
    alliance = make_alliance()
    org = make_org("洛阳理工学院", kind="university")
    membership = membership_add(
        actor=system_actor, alliance=alliance, organisation=org, joined_on=date(2020, 1, 1), reason="理事会同意吸收"
    )
    event = AuditEvent.objects.get(action="membership.add", target_id=str(membership.pk))
    assert event.actor == system_actor
    assert event.reason == "理事会同意吸收"
    assert event.after["organisation_id"] == org.pk and event.after["joined_on"] == "2020-01-01"
    assert event.before is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organisation.create", "alliance.create", "membership.add"} <= actions


def test_the_chain_verifies_and_detects_an_edited_event(make_alliance):
    make_alliance()
    assert AuditEvent.objects.count() >= 2
    assert audit_verify_chain() == []
    first = AuditEvent.objects.order_by("id").first()
    AuditEvent.objects.filter(pk=first.pk).update(reason="悄悄修改")
    assert first.pk in audit_verify_chain()


def test_the_chain_detects_a_deleted_event(make_alliance):
    make_alliance()
    AuditEvent.objects.order_by("id").last().delete()
    assert audit_verify_chain() != []


def test_an_event_without_a_person_is_recorded_as_the_system(make_alliance):
    alliance = make_alliance()
    with transaction.atomic():
        audit_record(actor=None, action="x", target=alliance)
    assert AuditEvent.objects.get(action="x").actor_repr == "system"
