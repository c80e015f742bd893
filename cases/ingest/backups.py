"""Backups that restore: the whole database as it is, history included.

A backup is the database engine's own copy, not ``dumpdata``: loading fixtures back fires
the history signals (rows written during the load) and loses the history of deleted
records. PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore --clean
--if-exists`` in one transaction (a failed restore changes nothing). SQLite: the sqlite3
online backup API, which copies every page of the file consistently while the site runs.

Used by ``manage.py backup`` and ``manage.py restore`` (``make backup``, ``make restore``).
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.translation import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
# Rows `migrate` itself writes: a database holding only these holds nothing anyone entered.
MIGRATION_MODELS = (ContentType, Permission, Group, Group.permissions.through)


@dataclass(frozen=True)
class Engine:
    name: str  # "postgresql" or "sqlite"
    suffix: str


ENGINES = {
    "django.db.backends.postgresql": Engine("postgresql", ".dump"),
    "django.db.backends.sqlite3": Engine("sqlite", ".sqlite3"),
}


def engine_of(connection) -> Engine:
    engine = ENGINES.get(connection.settings_dict["ENGINE"])
    if engine is None:
        raise CommandError(
            _("Backups support PostgreSQL and SQLite, not %(engine)s.")
            % {"engine": connection.settings_dict["ENGINE"]}
        )
    return engine


def default_backup_dir() -> Path:
    return Path(settings.BASE_DIR) / "backups"


def backup_path(connection, output: str | None, now: datetime | None = None) -> Path:
    """Where a backup goes: ``output`` if it names a file, else a timestamped name in
    ``output`` (a folder) or in ``backups/``."""
    engine = engine_of(connection)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%SZ")
    name = f"archive-{engine.name}-{stamp}{engine.suffix}"
    if not output:
        return default_backup_dir() / name
    path = Path(output)
    if path.is_dir() or output.endswith(("/", os.sep)):
        return path / name
    return path


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_environment(connection) -> dict:
    """libpq's variables for the connection, so no password appears on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
        ("PGSSLMODE", params.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run_pg_tool(tool: str, arguments: list[str], connection) -> None:
    program = shutil.which(tool)
    if program is None:
        raise CommandError(
            _(
                "%(tool)s was not found: install PostgreSQL's client programs, of the "
                "server's version or newer."
            )
            % {"tool": tool}
        )
    result = subprocess.run(  # noqa: S603 (the program is found on PATH, the arguments are ours)
        [program, *arguments],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": result.stderr.strip()}
        )


def _pg_backup(connection, path: Path) -> None:
    _run_pg_tool("pg_dump", ["--format=custom", "--file", str(path)], connection)


def _pg_restore(connection, path: Path) -> None:
    connection.close()  # nothing of ours holds a lock on what is dropped and recreated
    _run_pg_tool(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            # The target's own user owns what is restored, whoever owned the original.
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(path),
        ],
        connection,
    )


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_backup(connection, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(connection, path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CommandError(_("%(path)s is a damaged SQLite file.") % {"path": path})
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


# --- what the commands call ----------------------------------------------------------------


def _connect(connection) -> None:
    """Connect now, so that a database that is down or missing is said in a sentence."""
    try:
        connection.ensure_connection()
    except (OperationalError, InterfaceError) as error:
        raise CommandError(
            _("Cannot connect to the database %(name)s (create it first if it is new): %(error)s")
            % {"name": connection.settings_dict["NAME"], "error": str(error).strip()}
        ) from None


def backup(output: str | None = None, using: str = "default") -> Path:
    """Write a backup of the database ``using`` and return where it is."""
    connection = connections[using]
    engine = engine_of(connection)
    path = backup_path(connection, output)
    _connect(connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final name and renamed when complete: a backup cut short by a
    # full disk or a stopped database never looks like a good one.
    partial = path.with_name(path.name + ".partial")
    try:
        if engine.name == "postgresql":
            _pg_backup(connection, partial)
        else:
            _sqlite_backup(connection, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def backup_kind(path: Path) -> str:
    """``postgresql`` or ``sqlite`` from the file's first bytes; refused if neither."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise CommandError(_("There is no backup at %(path)s.") % {"path": path}) from None
    except IsADirectoryError:
        raise CommandError(_("%(path)s is a folder, not a backup.") % {"path": path}) from None
    if head.startswith(PG_CUSTOM_HEADER):
        return "postgresql"
    if head == SQLITE_HEADER:
        return "sqlite"
    raise CommandError(
        _("%(path)s is not a backup this archive made (not pg_dump's custom format nor SQLite).")
        % {"path": path}
    )


def entered_rows(using: str = "default") -> int:
    """How many rows the database holds beyond what ``migrate`` writes (0 for a fresh one)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    skipped = {model._meta.db_table for model in MIGRATION_MODELS}
    total = 0
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in existing and table not in skipped:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                total += cursor.fetchone()[0]
    return total


def restore(path: Path, *, replace: bool = False, using: str = "default") -> None:
    """Restore the backup at ``path`` into the database ``using``.

    Refused if the backup is of another engine, or if the database holds rows anyone entered
    and ``replace`` is not set."""
    connection = connections[using]
    engine = engine_of(connection)
    kind = backup_kind(path)
    if kind != engine.name:
        raise CommandError(
            _("%(path)s is a %(kind)s backup; the database to restore into is %(engine)s.")
            % {"path": path, "kind": kind, "engine": engine.name}
        )
    _connect(connection)
    rows = entered_rows(using)
    if rows and not replace:
        raise CommandError(
            _(
                "The database %(name)s is not empty (%(rows)d rows): restoring would replace "
                "them. Restore into a new database, or add --replace to replace its contents."
            )
            % {"name": connection.settings_dict["NAME"], "rows": rows}
        )
    if engine.name == "postgresql":
        _pg_restore(connection, path)
    else:
        _sqlite_restore(connection, path)
    # Pages kept before the restore show what is no longer there.
    from cases.browse.page_cache import pages_changed

    pages_changed(using)
