"""Headers a level-3 review checks: CSP without inline script, Permissions-Policy, no-store on private
pages and downloads; templates hold no inline script or event handler; production passes check --deploy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_carries_a_csp_with_no_inline_script(client):
    policy = _csp(client.get(reverse("public:register")))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in v for values in policy.values() for v in values)


def test_permissions_policy_and_other_headers(client):
    response = client.get(reverse("accounts:login"))
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_a_logged_in_person_are_not_stored(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="u", password="x"))
    response = client.get(reverse("public:register"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_anonymous_public_page_may_be_cached(client):
    assert "no-store" not in client.get(reverse("public:register")).get("Cache-Control", "")


def test_downloads_are_not_stored_even_for_anonymous_visitors(client):
    response = client.get(reverse("public:register"), {"export": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


TEMPLATES = sorted((ROOT / "itisa").glob("**/templates/**/*.html"))


def test_no_template_holds_inline_script_or_event_handlers():
    assert len(TEMPLATES) > 50
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text, re.I)]
        offenders += [f"{path}: javascript:" for _ in re.findall(r"javascript:", text, re.I)]
        if "recognition/templates" not in str(path):  # PDF templates, rendered by WeasyPrint, not a browser
            offenders += [f"{path}: style=" for _ in re.findall(r"\sstyle=", text)]
    assert offenders == []


def test_check_deploy_in_production_mode_gives_no_warning(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "ITISA_MODE": "production",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ITISA_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "Zq3-" + "".join(chr(65 + i % 26) + str(i % 10) for i in range(30)),
            "AUDIT_ANCHOR_KEY": "anchor-" + "k7" * 20,
            "ALLOWED_HOSTS": "lianmeng.example.cn",
            "ITISA_PUBLIC_URL": "https://lianmeng.example.cn",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "ITISA_MODE": "production",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ITISA_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "x1" * 20,
            "AUDIT_ANCHOR_KEY": "k" * 40,
            "ALLOWED_HOSTS": "a.cn",
            "ITISA_PUBLIC_URL": "https://a.cn",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
