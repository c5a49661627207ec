"""Roles are granted and revoked by a bureau's administrator, within its own bureau, with audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from itisa.access.accounts import can_manage_roles
from itisa.accounts.models import Role, RoleAssignment
from itisa.accounts.services import role_grant, role_revoke
from itisa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_decides_who_manages_which_bureau(ly_admin, ly_staff, ha_admin, jurisdiction, admin_user):
    luoyang, henan = jurisdiction("luoyang-kjj"), jurisdiction("henan-kjt")
    assert can_manage_roles(ly_admin, luoyang) and not can_manage_roles(ly_admin, henan)
    assert can_manage_roles(ha_admin, henan) and not can_manage_roles(ha_admin, luoyang)  # a province is not its cities
    assert not can_manage_roles(ly_staff, luoyang)
    assert can_manage_roles(admin_user, luoyang) and can_manage_roles(admin_user, None)
    assert not can_manage_roles(ly_admin, None)


def test_a_grant_and_a_revocation_are_audited(ly_admin, person, jurisdiction):
    clerk = person("clerk")
    granted = role_grant(
        actor=ly_admin, user=clerk, role=Role.FINANCE, jurisdiction=jurisdiction("luoyang-kjj"), reason="新任财务"
    )
    event = AuditEvent.objects.get(action="role.grant", target_id=str(granted.pk))
    assert event.actor == ly_admin and event.reason == "新任财务" and event.after["role"] == "finance"
    role_revoke(actor=ly_admin, assignment=granted, reason="调岗")
    granted.refresh_from_db()
    assert not granted.active
    event = AuditEvent.objects.get(action="role.revoke", target_id=str(granted.pk))
    assert event.before["active"] is True and event.after["active"] is False and event.reason == "调岗"


def test_lead_unit_roles_of_the_bureaus_alliances_may_be_granted(ly_admin, person, make_alliance):
    alliance = make_alliance()
    granted = role_grant(actor=ly_admin, user=person("office"), role=Role.LEAD_UNIT, alliance=alliance)
    assert granted.alliance == alliance


def test_another_bureaus_roles_are_refused_and_nothing_is_written(
    ly_admin, ha_admin, person, jurisdiction, make_alliance
):
    clerk = person("clerk")
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        role_grant(actor=ly_admin, user=clerk, role=Role.BUREAU_STAFF, jurisdiction=jurisdiction("henan-kjt"))
    with pytest.raises(PermissionDenied):
        role_grant(actor=ha_admin, user=clerk, role=Role.LEAD_UNIT, alliance=make_alliance(juris="luoyang-kjj"))
    theirs = RoleAssignment.objects.get(user=ha_admin)
    with pytest.raises(PermissionDenied):
        role_revoke(actor=ly_admin, assignment=theirs)
    assert not RoleAssignment.objects.filter(user=clerk).exists()
    assert theirs.active
    assert not AuditEvent.objects.filter(action__startswith="role.").exists() and AuditEvent.objects.count() >= before


def test_nobody_changes_their_own_roles_and_duplicates_are_refused(ly_admin, ly_staff, jurisdiction, admin_user):
    luoyang = jurisdiction("luoyang-kjj")
    with pytest.raises(ValidationError):
        role_grant(actor=ly_admin, user=ly_admin, role=Role.FINANCE, jurisdiction=luoyang)
    with pytest.raises(ValidationError):
        role_revoke(actor=ly_admin, assignment=RoleAssignment.objects.get(user=ly_admin))
    with pytest.raises(ValidationError):
        role_grant(actor=admin_user, user=ly_staff, role=Role.BUREAU_STAFF, jurisdiction=luoyang)
    with pytest.raises(ValidationError):
        role_grant(actor=admin_user, user=ly_staff, role=Role.LEAD_UNIT)  # no alliance


def test_the_page_lists_only_the_bureaus_roles(client, ly_admin, ly_staff, ha_admin):
    client.force_login(ly_admin)
    page = client.get(reverse("accounts:roles"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "ly_staff" in body and "ha_admin" not in body


def test_the_page_is_refused_to_people_who_administer_nothing(client, ly_staff):
    client.force_login(ly_staff)
    assert client.get(reverse("accounts:roles")).status_code == 403
    client.logout()
    assert client.get(reverse("accounts:roles")).status_code == 302


def test_granting_and_revoking_on_the_page(client, ly_admin, person, jurisdiction):
    clerk = person("clerk")
    client.force_login(ly_admin)
    luoyang = jurisdiction("luoyang-kjj")
    response = client.post(
        reverse("accounts:roles"),
        {"username": "clerk", "role": "bureau_staff", "jurisdiction": luoyang.pk, "reason": "新进人员"},
    )
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user=clerk, active=True)
    response = client.post(reverse("accounts:role_revoke", args=[granted.pk]), {"reason": "离职"})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert not granted.active


def test_the_page_cannot_reach_another_bureau(client, ly_admin, ha_admin, jurisdiction):
    client.force_login(ly_admin)
    henan = jurisdiction("henan-kjt")
    page = client.post(
        reverse("accounts:roles"), {"username": "ha_admin", "role": "finance", "jurisdiction": henan.pk, "reason": "x"}
    )
    assert page.status_code == 200 and not RoleAssignment.objects.filter(user=ha_admin, role="finance").exists()
    theirs = RoleAssignment.objects.get(user=ha_admin)
    assert client.post(reverse("accounts:role_revoke", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("accounts:role_revoke", args=[10**20]), {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_an_unknown_user_name_is_a_form_error(client, ly_admin, jurisdiction):
    client.force_login(ly_admin)
    page = client.post(
        reverse("accounts:roles"),
        {"username": "nobody", "role": "finance", "jurisdiction": jurisdiction("luoyang-kjj").pk, "reason": "x"},
    )
    assert page.status_code == 200 and "errorlist" in page.content.decode()


def test_the_roles_page_is_chinese_and_linked_for_administrators_only(client, ly_admin, ly_staff):
    client.force_login(ly_admin)
    body = client.get(reverse("accounts:roles")).content.decode()
    assert "角色管理" in body and "授予角色" in body and "科技局系统管理员" in body
    assert reverse("accounts:roles") in client.get(reverse("core:home")).content.decode()
    client.force_login(ly_staff)
    assert reverse("accounts:roles") not in client.get(reverse("core:home")).content.decode()
