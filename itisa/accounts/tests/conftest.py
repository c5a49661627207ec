"""The accounts cast: a bureau administrator of Luoyang, Luoyang staff, a Henan administrator, a lead unit."""

from __future__ import annotations

import pytest

from itisa.accounts.models import Role, RoleAssignment

PASSWORD = "Secret-Pass-2026"


@pytest.fixture
def person(django_user_model):
    def make(username: str, role: str | None = None, **scope):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, full_name=username)
        if role:
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    return make


@pytest.fixture
def ly_admin(person, jurisdiction):
    return person("ly_admin", Role.BUREAU_ADMIN, jurisdiction=jurisdiction("luoyang-kjj"))


@pytest.fixture
def ly_staff(person, jurisdiction):
    return person("ly_staff", Role.BUREAU_STAFF, jurisdiction=jurisdiction("luoyang-kjj"))


@pytest.fixture
def ha_admin(person, jurisdiction):
    return person("ha_admin", Role.BUREAU_ADMIN, jurisdiction=jurisdiction("henan-kjt"))
