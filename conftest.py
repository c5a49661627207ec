"""Shared test cast: a fixed set of people and a small register (healthchecks-style)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from itisa.core.identifiers import make_uscc

_serial = itertools.count(10_000_001)


@pytest.fixture
def credit_code():
    """A factory of valid, unique 统一社会信用代码 for a region (default: 洛龙区, Luoyang)."""

    def make(region: str = "410311", authority: str = "9", category: str = "1") -> str:
        return make_uscc(authority, category, region, f"{next(_serial):08d}")

    return make


@pytest.fixture
def system_actor(django_user_model):
    """The register keeper of the tests: a superuser, so register services pass the access checks."""
    return django_user_model.objects.create_superuser(username="registrar", password="x", full_name="登记员")


@pytest.fixture
def make_org(db, credit_code, system_actor):
    from itisa.register.services import organisation_create

    def make(name: str = "洛阳精工机械有限公司", *, region: str = "410311", kind: str = "enterprise", **kw):
        return organisation_create(actor=system_actor, name=name, credit_code=credit_code(region), kind=kind, **kw)

    return make


@pytest.fixture
def jurisdiction(db):
    from itisa.register.models import Jurisdiction

    return lambda code: Jurisdiction.objects.get(code=code)


@pytest.fixture
def make_alliance(db, make_org, jurisdiction, system_actor):
    from itisa.register.services import alliance_create

    def make(name: str = "洛阳市轴承产业技术创新战略联盟", *, juris: str = "luoyang-kjj", lead=None,
             founded_on: date = date(2019, 3, 1), **fields):
        lead = lead or make_org(f"{name}牵头单位")
        return alliance_create(actor=system_actor, name=name, jurisdiction=jurisdiction(juris), lead=lead,
                               founded_on=founded_on, **fields)

    return make


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (live server, threads) flush the database when they end; the reference data
    that migrations load (regions, bureaus, catalogues) is put back before each of them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from itisa.register.models import IndustryField, Jurisdiction, Region
    from itisa.register.reference_data import sync_jurisdictions, sync_regions

    if not Jurisdiction.objects.exists():
        sync_regions(Region)
        sync_jurisdictions(Jurisdiction, IndustryField, Region)


@pytest.fixture(autouse=True)
def _register_columns_per_test():
    """Each test rolls its database back, so two tests may hold different registers under the same version
    (SQLite gives ids again after a rollback): the columns cached per register version (ADR 0017) are not
    shared between tests."""
    from itisa.register.columns_bulk import forget

    forget()


@pytest.fixture(autouse=True)
def _default_language_per_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing
    deactivates): each test starts in the site's default language, whatever ran before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
