"""The register's version: a short string that changes whenever a fact the engine reads may have changed.

Computed, not counted (ADR 0017): the last audit event (every write of a service is audited, so any change
of an alliance, a membership, a level, a grade, a claim, a case or a bureau's scope moves it) together with
the size and the last row of the tables the register's columns are read from (what bulk loaders such as
``generate_register`` or a restore write without services). One query; a key, never shown to anyone.
"""

from __future__ import annotations

from django.db import connection

from itisa.audit.models import AuditEvent
from itisa.register.models import Achievement, Alliance, LevelRecord, Membership, Organisation

TABLES = (AuditEvent, Alliance, Membership, LevelRecord, Achievement, Organisation)


def _sql() -> str:
    q = connection.ops.quote_name
    parts = []
    for model in TABLES:
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        # names from the models, quoted by the backend: no input reaches this SQL
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({pk}) FROM {table})"]  # noqa: S608
    return "SELECT " + ", ".join(parts)


def register_version() -> str:
    """``<rows>:<last id>`` per table (the audit first), joined by ``/`` — equal strings, same register."""
    with connection.cursor() as cur:
        cur.execute(_sql())
        row = cur.fetchone()
    return "/".join(f"{row[k]}:{row[k + 1] or 0}" for k in range(0, len(row), 2))
