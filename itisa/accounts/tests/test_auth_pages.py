"""Login, logout, password change; Chinese by default, English one click away."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user(username="alice", password="old-Secret-2026", full_name="王小丽")


def test_the_login_page_is_chinese_by_default(client):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert '<html lang="zh-hans">' in page.content.decode()
    assert "登录" in page.content.decode()


def test_the_language_switch_gives_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page and "Log in" in page and "登录" not in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "登录" in client.get(reverse("accounts:login")).content.decode()


def test_it_logs_in_and_out(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "old-Secret-2026"})
    assert response.status_code == 302
    assert "王小丽" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("accounts:logout"))
    assert "王小丽" not in client.get(reverse("core:home")).content.decode()


def test_a_wrong_password_is_refused_and_the_username_kept(client, alice):
    page = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="alice"' in body
    assert "请输入一个正确的" in body  # Django's own zh-hans message


def test_it_changes_the_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "old-Secret-2026", "new_password1": "New-Secret-2027!", "new_password2": "New-Secret-2027!"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("New-Secret-2027!")


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_healthz_answers(client):
    assert client.get(reverse("core:healthz")).json()["ok"] is True
