"""Two-step sign-in (TOTP) for staff, finance and admin: enrol with a QR code, verify, recovery codes.

The rest of the suite runs with ``ITISA_SKIP_2FA`` (settings_test); these tests turn it off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from itisa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.ITISA_SKIP_2FA = False


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_must_enrol_before_anything_else(client, ly_staff):
    client.force_login(ly_staff)
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    assert "next=/work/" in response["Location"]


def test_enrolment_shows_a_qr_code_confirms_a_code_and_gives_recovery_codes(client, ly_staff):
    client.force_login(ly_staff)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=ly_staff, confirmed=False)
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A failure throttles the device (django-otp doubles the wait each time): even the right code waits.
    assert not TOTPDevice.objects.get(pk=device.pk).verify_is_allowed()[0]
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    done = client.post(reverse("accounts:otp_setup"), {"token": _code(device), "next": "/work/"})
    assert done.status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes = StaticToken.objects.filter(device__user=ly_staff)
    assert codes.count() == 10 and all(c.token in done.content.decode() for c in codes)
    assert client.get("/work/").status_code != 302 or "2fa" not in client.get("/work/")["Location"]
    assert {"auth.otp_failed", "auth.otp_enrol"} <= set(AuditEvent.objects.values_list("action", flat=True))


def _enrolled(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_a_new_session_asks_for_the_code(client, ly_staff):
    device = _enrolled(ly_staff)
    client.force_login(ly_staff)
    response = client.get("/work/")
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    bad = client.post(reverse("accounts:otp_verify"), {"token": "12345x"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    good = client.post(reverse("accounts:otp_verify"), {"token": _code(device), "next": "/work/"})
    assert good.status_code == 302 and good["Location"] == "/work/"
    follow = client.get("/work/")
    assert "2fa" not in follow.get("Location", "")
    assert AuditEvent.objects.filter(action="auth.otp_verify", actor=ly_staff).exists()


def test_a_recovery_code_works_once(client, ly_staff):
    from django_otp.plugins.otp_static.models import StaticDevice

    _enrolled(ly_staff)
    static = StaticDevice.objects.create(user=ly_staff, name="recovery")
    static.token_set.create(token="abcd2345efgh")
    client.force_login(ly_staff)
    assert client.post(reverse("accounts:otp_verify"), {"token": "abcd2345efgh"}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.otp_recovery_used").exists()
    client.logout()
    client.force_login(ly_staff)
    assert client.post(reverse("accounts:otp_verify"), {"token": "abcd2345efgh"}).status_code == 200


def test_an_offsite_next_is_not_followed(client, ly_staff):
    device = _enrolled(ly_staff)
    client.force_login(ly_staff)
    response = client.post(reverse("accounts:otp_verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_superusers_and_finance_need_it_lead_units_do_not(client, admin_user, person, jurisdiction):
    client.force_login(admin_user)
    assert "2fa" in client.get("/admin/")["Location"]
    client.force_login(person("fin", "finance", jurisdiction=jurisdiction("luoyang-kjj")))
    assert "2fa" in client.get("/finance/")["Location"]
    client.force_login(person("visitor"))
    assert client.get(reverse("core:home")).status_code == 200


def test_recovery_codes_can_be_renewed_only_after_verifying(client, ly_staff):
    device = _enrolled(ly_staff)
    client.force_login(ly_staff)
    assert client.post(reverse("accounts:otp_recovery")).status_code == 302
    client.post(reverse("accounts:otp_verify"), {"token": _code(device)})
    page = client.post(reverse("accounts:otp_recovery"))
    assert page.status_code == 200 and StaticToken.objects.filter(device__user=ly_staff).count() == 10


def test_the_pages_are_in_chinese_and_english(client, ly_staff):
    _enrolled(ly_staff)
    client.force_login(ly_staff)
    assert "两步" in client.get(reverse("accounts:otp_verify")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Two-step sign-in" in client.get(reverse("accounts:otp_verify")).content.decode()


def test_production_refuses_to_skip_the_second_factor(tmp_path):
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(
        {
            "ITISA_MODE": "production",
            "SECRET_KEY": "s" * 25 + "t" * 25 + "uvwxy",
            "ALLOWED_HOSTS": "x.cn",
            "ITISA_PUBLIC_URL": "https://x.cn",
            "AUDIT_ANCHOR_KEY": "a" * 20 + "b" * 20,
            "ITISA_DATA_DIR": str(tmp_path),
            "ITISA_DEMO_SKIP_2FA": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0 and "ITISA_DEMO_SKIP_2FA" in result.stderr


def test_setup_and_verify_send_each_person_to_the_right_one(client, ly_staff):
    client.force_login(ly_staff)
    assert client.get(reverse("accounts:otp_verify"))["Location"].startswith(reverse("accounts:otp_setup"))
    _enrolled(ly_staff)
    response = client.get(reverse("accounts:otp_setup"), {"next": "/work/"})
    assert response["Location"] == f"{reverse('accounts:otp_verify')}?next=%2Fwork%2F"
    assert TOTPDevice.objects.filter(user=ly_staff).count() == 1  # no second, unconfirmed key was made
