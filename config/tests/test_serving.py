"""Serving settings: DEBUG off in the demo, persistent health-checked connections, hashed static files."""

from __future__ import annotations

from config.tests.test_settings import run_settings


def test_the_demo_runs_with_debug_off_and_persistent_connections(tmp_path):
    base = {"ITISA_MODE": "demo", "XDG_STATE_HOME": str(tmp_path), "ITISA_DATA_DIR": str(tmp_path)}
    result = run_settings(
        base,
        "s.DEBUG, s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.STATIC_ROOT",
    )
    assert result.stdout.strip() == f"False 60 True {tmp_path / 'static'}", result.stderr
    result = run_settings(
        {**base, "DB_CONN_MAX_AGE": "0", "DB_CONN_HEALTH_CHECKS": "no"},
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']",
    )
    assert result.stdout.strip() == "0 False", result.stderr


def test_production_serves_hashed_compressed_static_files(tmp_path):
    env = {
        "ITISA_MODE": "production",
        "ALLOWED_HOSTS": "example.org",
        "SECRET_KEY": "Zq3-" + "".join(chr(65 + i % 26) + str(i % 10) for i in range(30)),
        "AUDIT_ANCHOR_KEY": "anchor-" + "k7" * 20,
        "ITISA_PUBLIC_URL": "https://example.org",
        "ITISA_DATA_DIR": str(tmp_path),
    }
    result = run_settings(env, "s.STORAGES['staticfiles']['BACKEND'], s.WHITENOISE_USE_FINDERS")
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage False", result.stderr


def test_production_collectstatic_succeeds(tmp_path):
    # The manifest storage refuses any CSS/JS reference to a file it cannot find (e.g. a source map).
    env = {
        "ITISA_MODE": "production",
        "ALLOWED_HOSTS": "example.org",
        "SECRET_KEY": "Zq3-" + "".join(chr(65 + i % 26) + str(i % 10) for i in range(30)),
        "AUDIT_ANCHOR_KEY": "anchor-" + "k7" * 20,
        "ITISA_PUBLIC_URL": "https://example.org",
        "ITISA_DATA_DIR": str(tmp_path),
    }
    result = run_settings(
        env,
        "__import__('django.core.management').core.management.call_command('collectstatic', '--noinput', verbosity=0)",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "css").glob("site.*.css.gz"))


def test_an_object_store_is_configuration(tmp_path):
    env = {
        "ITISA_MODE": "demo",
        "XDG_STATE_HOME": str(tmp_path),
        "ITISA_DATA_DIR": str(tmp_path),
        "ITISA_STORAGE_BACKEND": "django.core.files.storage.InMemoryStorage",
        "ITISA_STORAGE_OPTIONS": '{"location": "uploads"}',
        "TRUST_X_FORWARDED_PROTO": "1",
    }
    result = run_settings(env, "s.STORAGES['default'], s.SECURE_PROXY_SSL_HEADER")
    assert result.stdout.strip() == (
        "{'BACKEND': 'django.core.files.storage.InMemoryStorage', 'OPTIONS': {'location': 'uploads'}} "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    ), result.stderr
    bad = run_settings({**env, "ITISA_STORAGE_OPTIONS": "[1]"}, "1")
    assert bad.returncode != 0 and "ITISA_STORAGE_OPTIONS must be a JSON object" in bad.stderr


def test_without_a_proxy_forwarded_proto_is_not_trusted(tmp_path):
    env = {"ITISA_MODE": "demo", "XDG_STATE_HOME": str(tmp_path), "ITISA_DATA_DIR": str(tmp_path)}
    assert run_settings(env, "s.SECURE_PROXY_SSL_HEADER").stdout.strip() == "None"
