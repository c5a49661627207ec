"""Logins, logouts, failures, lockouts and password changes are audited; lockout after five failures;
passwords of at least twelve characters mixing three kinds of character."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from itisa.audit.models import AuditEvent
from itisa.audit.services import audit_verify_chain

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_login_and_logout_are_audited_with_the_address(client, person):
    alice = person("alice")
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    login = AuditEvent.objects.get(action="auth.login")
    assert login.actor == alice and login.target_id == str(alice.pk) and login.after["ip"] == "10.0.0.7"
    assert AuditEvent.objects.filter(action="auth.logout", actor=alice).exists()
    assert audit_verify_chain() == []


def test_a_failed_login_is_audited_for_known_and_unknown_names(client, person):
    alice = person("alice")
    _login(client, "alice", "wrong-password")
    _login(client, "nobody-here", "wrong-password")
    failed = list(AuditEvent.objects.filter(action="auth.login_failed").order_by("id"))
    assert [e.target_repr for e in failed] == [str(alice), "nobody-here"]
    assert failed[0].target_id == str(alice.pk) and failed[1].target_id == ""
    assert all(e.actor is None and e.after["ip"] == "10.0.0.7" for e in failed)
    assert "wrong-password" not in str([e.after for e in failed])


def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(client, person):
    person("alice")
    for _ in range(5):
        _login(client, "alice", "wrong-password")
    locked = _login(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.lockout", target_repr="alice").exists()


def test_a_success_before_the_limit_resets_the_count(client, person):
    person("alice")
    for _ in range(4):
        _login(client, "alice", "wrong-password")
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _login(client, "alice", "wrong-password")
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_a_password_change_is_audited(client, person):
    alice = person("alice")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Another-Secret-2027", "new_password2": "Another-Secret-2027"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.actor == alice and "Another" not in str(event.after)


@pytest.mark.parametrize("password", ["Short-1a", "alllowercaseletters", "lowercase-only-words", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["demo-2026-lianmeng", "Another-Secret-2027", "Lianmeng2026Pass"])
def test_long_mixed_passwords_pass(password):
    validate_password(password)


def test_a_weak_new_password_is_refused_on_the_page(client, person):
    alice = person("alice")
    client.force_login(alice)
    page = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short-pw", "new_password2": "short-pw"},
    )
    assert page.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
