"""Dumping and restoring the database Django is connected to (whatever its name: in tests, the test database).

SQLite uses the online backup API on Django's own connection (consistent while others write, works for
the in-memory test database too). PostgreSQL uses ``pg_dump --format=custom`` and ``pg_restore``, whose
major version must be at least the server's; ITISA_PG_BIN points at another client's directory.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess  # fixed argument lists, never a shell
from pathlib import Path
from typing import Any

from django.db import connection

from itisa.operations.backup.parts import BackupError

SUPPORTED = ("sqlite", "postgresql")


def vendor() -> str:
    if connection.vendor not in SUPPORTED:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _client(name: str) -> str:
    directory = os.environ.get("ITISA_PG_BIN", "")
    path = shutil.which(name, path=directory or None)
    if path is None:
        raise BackupError(f"{name} is not installed (or not in ITISA_PG_BIN); install the PostgreSQL client.")
    return path


def client_major(name: str) -> int:
    out = subprocess.run([_client(name), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    if not match:
        raise BackupError(f"Cannot read the version of {name} from {out.strip()!r}.")
    return int(match.group(1))


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    s: dict[str, Any] = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    if sslmode := s.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()[-2000:]}")


def dump(target: Path) -> dict[str, Any]:
    """Write a consistent copy of the database to ``target``; return what the manifest records about it."""
    kind = vendor()
    if connection.in_atomic_block:
        # SQLite's backup would wait forever on our own write lock; pg_dump would miss uncommitted rows.
        raise BackupError("A backup cannot run inside a transaction.")
    if kind == "sqlite":
        connection.ensure_connection()
        dst = sqlite3.connect(target)
        try:
            connection.connection.backup(dst)
        finally:
            dst.close()
        return {"vendor": kind, "sqlite_version": sqlite3.sqlite_version}
    client, server = client_major("pg_dump"), server_major()
    if client < server:
        raise BackupError(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server: install the version {server} "
            "client or point ITISA_PG_BIN at it."
        )
    args, env = _pg_args_env()
    _run([_client("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    return {"vendor": kind, "server_major": server, "pg_dump_major": client}


def restore(source: Path, recorded: dict[str, Any]) -> None:
    """Replace the database's content with the dump at ``source`` (already verified)."""
    kind = vendor()
    if recorded.get("vendor") != kind:
        raise BackupError(
            f"This backup holds a {recorded.get('vendor')} database; this site runs on {kind}. Nothing was restored."
        )
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a transaction.")
    if kind == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        return
    client = client_major("pg_restore")
    if client < int(recorded.get("pg_dump_major", 0)):
        raise BackupError(f"pg_restore {client} cannot read a dump made by pg_dump {recorded['pg_dump_major']}.")
    args, env = _pg_args_env()
    connection.close()  # our own idle connection must not hold locks on the tables being replaced
    _run(
        [
            _client("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env,
    )
