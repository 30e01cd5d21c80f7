"""Backups and restores of the whole database, on either engine.

SQLite: the online backup API, which copies a consistent snapshot while the site keeps
running. PostgreSQL: pg_dump in its custom format, restored with pg_restore --clean.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _pg_env(settings: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--host", settings.get("HOST") or "localhost", "--username", settings.get("USER") or "postgres"]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        if not candidates:
            raise BackupError(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
        found = str(candidates[-1])
    return found


def backup(target: Path, using: str = "default") -> Path:
    connection = connections[using]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(
            [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(target),
             connection.settings_dict["NAME"]],
            check=True, env=env, capture_output=True,
        )
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return target


def restore(source: Path, using: str = "default") -> None:
    """Replace the database's contents with the backup's. Stop the site first in production."""
    connection = connections[using]
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        result = subprocess.run(
            [_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", connection.settings_dict["NAME"], str(source)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip())
    else:
        raise BackupError(f"no restore for {connection.vendor}")
