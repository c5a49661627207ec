"""The back office: every model registered and searchable; domain rows are read-only there (only
services write them, with their audit event), and account changes made there are audited."""

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
            if model._meta.model_name == "auditstreamhead":
                continue  # internal chain heads, not data
            assert model in admin.site._registry, model
            assert admin.site._registry[model].search_fields, model


DOMAIN_APPS = (
    "accounts",
    "audit",
    "register",
    "documents",
    "workflow",
    "reviews",
    "notices",
    "recognition",
    "supervision",
    "funding",
)


def _domain_admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in DOMAIN_APPS and model._meta.model_name != "user":
            yield model, model_admin


def test_no_domain_row_can_be_added_changed_or_deleted_in_the_back_office(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    admins = list(_domain_admins())
    assert len(admins) > 30
    for model, model_admin in admins:
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline


def test_a_superuser_cannot_edit_or_delete_an_alliance_or_a_role_through_the_admin(
    admin_client, make_alliance, django_user_model
):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")

    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟")
    change = reverse("admin:register_alliance_change", args=[alliance.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()  # shown, not a form
    admin_client.post(change, {"name": "改名", "jurisdiction": alliance.jurisdiction_id})
    alliance.refresh_from_db()
    assert alliance.name == "洛阳市轴承产业技术创新战略联盟"
    assert (
        admin_client.post(reverse("admin:register_alliance_delete", args=[alliance.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert admin_client.get(reverse("admin:accounts_roleassignment_add")).status_code == 403
    user = django_user_model.objects.create_user(username="somebody", password="x")
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_changing_an_account_in_the_admin_is_audited(admin_client, django_user_model):
    AuditEvent = apps.get_model("audit", "AuditEvent")

    user = django_user_model.objects.create_user(username="clerk", password="x")
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    data = {
        "username": "clerk",
        "full_name": "书记员",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="user.admin_change", target_id=str(user.pk))
    assert event.after["full_name"] == "书记员" and "password" not in event.after


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
