"""Settings come from the environment and fail fast on a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.secret import demo_secret_key

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env: dict[str, str], expr: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "ITISA_MODE", "DEBUG",
                                                              "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); " \
           f"from django.conf import settings as s; print({expr})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=60, check=False)


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


def test_bad_values_fail_fast(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    monkeypatch.setenv("X_CHOICE", "mysql")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="X_CHOICE"):
        env_str("X_CHOICE", choices=("a", "b"))
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST", []) == ["a", "b", "c"]


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = run_settings({"ITISA_MODE": "production", "ALLOWED_HOSTS": "example.org",
                           "ITISA_DATA_DIR": str(tmp_path)}, "s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ImproperlyConfigured" in result.stderr


def test_the_demo_generates_a_secret_once_and_keeps_it_outside_the_repo(tmp_path):
    key_file = tmp_path / "state" / "secret_key"
    first = demo_secret_key(key_file)
    assert len(first) >= 50 and demo_secret_key(key_file) == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    result = run_settings({"ITISA_MODE": "demo", "XDG_STATE_HOME": str(tmp_path / "xdg"),
                           "ITISA_DATA_DIR": str(tmp_path)}, "s.SECRET_KEY")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xdg" / "itisa" / "secret_key").read_text() == result.stdout.strip()
    assert not str(tmp_path / "xdg").startswith(str(ROOT))


def test_database_url_switches_to_postgresql(tmp_path):
    result = run_settings({"ITISA_MODE": "demo", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
                           "XDG_STATE_HOME": str(tmp_path), "ITISA_DATA_DIR": str(tmp_path)},
                          "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']")
    assert result.stdout.strip() == "django.db.backends.postgresql x"


def test_sqlite_is_the_embedded_default(tmp_path):
    result = run_settings({"ITISA_MODE": "demo", "XDG_STATE_HOME": str(tmp_path), "ITISA_DATA_DIR": str(tmp_path)},
                          "s.DATABASES['default']['ENGINE']")
    assert result.stdout.strip() == "django.db.backends.sqlite3"
