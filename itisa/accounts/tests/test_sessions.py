"""Idle timeout: 30 minutes for staff, finance and admin, longer for others; an absolute lifetime for all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itisa.accounts import middleware

pytestmark = pytest.mark.django_db


class FakeTime:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(middleware.time, "time", fake)
    return fake


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_staff_are_logged_out_after_thirty_idle_minutes(client, ly_staff, clock):
    client.force_login(ly_staff)
    client.get(reverse("core:home"))
    clock.now += 29 * 60
    client.get(reverse("core:home"))
    assert _logged_in(client)
    clock.now += 31 * 60
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not _logged_in(client)


def test_others_keep_a_longer_idle_time(client, person, clock, settings):
    client.force_login(person("visitor"))
    client.get(reverse("core:home"))
    clock.now += 31 * 60
    client.get(reverse("core:home"))
    assert _logged_in(client)
    clock.now += settings.SESSION_IDLE_OTHER + 1
    client.get(reverse("core:home"))
    assert not _logged_in(client)


def test_activity_does_not_extend_a_login_past_its_absolute_lifetime(client, ly_staff, clock, settings):
    client.force_login(ly_staff)
    client.get(reverse("core:home"))
    steps = settings.SESSION_ABSOLUTE_LIFETIME // (20 * 60) + 1
    for _ in range(steps):
        clock.now += 20 * 60
        client.get(reverse("core:home"))
    assert not _logged_in(client)


def test_the_settings_say_thirty_minutes_for_privileged_people(settings):
    assert settings.SESSION_IDLE_PRIVILEGED == 30 * 60
    assert settings.SESSION_IDLE_OTHER > settings.SESSION_IDLE_PRIVILEGED
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_LIFETIME
