"""/healthz and /readyz: JSON, public, uncached, sessionless; 503 naming what is wrong."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.test import override_settings

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _assert_probe_headers(response):
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_it_says_alive_without_touching_the_database(client):
    # No django_db mark: pytest-django raises on any database access.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "status": "alive"}
    _assert_probe_headers(response)


def test_it_stays_alive_when_the_database_is_down(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError):
        assert client.get("/healthz").status_code == 200


def test_it_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_it_is_ready_when_database_migrations_and_queue_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ok"] is True and body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "task_queue"}
    assert all(c["ok"] for c in body["checks"].values())
    assert body["checks"]["task_queue"]["backend"] == "DatabaseBackend"
    _assert_probe_headers(response)


@pytest.mark.django_db
def test_it_reports_an_unapplied_migration(client):
    pending = Migration("0099_pending", "register")
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=[(pending, False)]):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": False, "error": "1 unapplied migrations: register.0099_pending"}
    _assert_probe_headers(response)


@pytest.mark.django_db
def test_it_reports_an_unreachable_database(client):
    with mock.patch("itisa.core.health.connections") as conns:
        conns.__getitem__.return_value.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "error": "OperationalError"}
    assert checks["migrations"]["ok"] is False and checks["task_queue"]["ok"] is False
    assert "connection refused" not in response.content.decode()


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_it_reports_a_missing_task_table(client):
    with mock.patch("django_tasks_db.models.DBTaskResult.objects") as objects:
        objects.order_by.side_effect = OperationalError("no such table: django_tasks_database_dbtaskresult")
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"]
    assert checks["task_queue"] == {"ok": False, "error": "OperationalError"}
