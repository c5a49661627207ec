"""The back office: every model registered and searchable."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_APPS = ("accounts", "audit", "register", "documents", "workflow")


def test_every_model_of_ours_is_registered_with_search():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name == "auditchainhead":
                continue  # an internal lock row, not data
            assert model in admin.site._registry, model
            assert admin.site._registry[model].search_fields, model


def test_every_changelist_answers_a_search(admin_client, make_alliance):
    make_alliance()
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url, {"q": "洛阳"})
        assert response.status_code == 200, url


def test_an_alliance_is_found_by_name_in_the_back_office(admin_client, make_alliance):
    make_alliance("洛阳市机器人产业技术创新战略联盟")
    page = admin_client.get(reverse("admin:register_alliance_changelist"), {"q": "机器人"}).content.decode()
    assert "洛阳市机器人产业技术创新战略联盟" in page


def test_date_pickers_hold_iso_dates_in_chinese():
    # zh-hans formats dates as 2020/06/01, which a browser's date input shows as empty.
    from datetime import date

    from django.utils import translation

    from itisa.core.forms import HtmlDateInput

    with translation.override("zh-hans"):
        html = HtmlDateInput().render("on", date(2020, 6, 1))
    assert 'type="date"' in html and 'value="2020-06-01"' in html
