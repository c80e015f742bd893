"""Backups restore: `manage.py backup` then `manage.py restore` into a fresh database gives back
every row of every table, history included, on the engine the tests run on."""

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.utils import load_backend

from cases.ingest import backups
from tests import commands
from tests.commands import ROOT


def manage(*arguments, database_url):
    return commands.manage(*arguments, env={**os.environ, "DATABASE_URL": database_url})


def database_url(settings_dict) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    auth = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    )
    host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{settings_dict['NAME']}"


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the engine under test (its settings), dropped afterwards."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
        yield settings_dict
        return
    settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_restore"
    name = connection.ops.quote_name(settings_dict["NAME"])
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield settings_dict
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def open_database(settings_dict):
    """A connection of Django's own to another database: values read as the site reads them."""
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="restored")


def every_row(db) -> dict:
    """Every table's column names and rows in primary-key order, and the id counters."""
    quote = db.ops.quote_name
    contents = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            key = db.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")
            columns = [column[0] for column in cursor.description]
            order = quote(key) if key else ", ".join(str(i + 1) for i in range(len(columns)))
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
            contents[table] = (columns, cursor.fetchall())
        # What the next new row's id will be: a restored archive must not reuse ids.
        if db.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        else:
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
        contents["(id counters)"] = (["name", "value"], cursor.fetchall())
    return contents


def assert_same_rows(original: dict, restored: dict) -> None:
    assert sorted(restored) == sorted(original)
    for table, (columns, rows) in original.items():
        restored_columns, restored_rows = restored[table]
        assert restored_columns == columns, table
        assert len(restored_rows) == len(rows), table
        for row, restored_row in zip(rows, restored_rows, strict=True):
            assert restored_row == row, table


@pytest.mark.django_db
def test_a_backup_restores_into_a_fresh_database_row_by_row_history_included(
    fresh_database, tmp_path
):
    call_command("backup", output=str(tmp_path), verbosity=0)
    (backup,) = tmp_path.glob("archive-*")

    restored = manage("restore", str(backup), database_url=database_url(fresh_database))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout

    original = every_row(connection)
    db = open_database(fresh_database)
    try:
        copy = every_row(db)
    finally:
        db.close()
    # Every installed app's tables are there, historical ones included, and hold rows.
    for model in apps.get_models(include_auto_created=True):
        assert model._meta.db_table in copy, model._meta.label
    history = [table for table in original if table.startswith("cases_historical")]
    assert history and sum(len(original[table][1]) for table in history) > 1000
    assert_same_rows(original, copy)


@pytest.mark.django_db
def test_restore_refuses_a_database_with_records_unless_told_to_replace(fresh_database, tmp_path):
    call_command("backup", output=str(tmp_path), verbosity=0)
    (backup,) = tmp_path.glob("archive-*")
    url = database_url(fresh_database)
    assert manage("restore", str(backup), database_url=url).returncode == 0

    again = manage("restore", str(backup), database_url=url)
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    assert "--replace" in again.stderr
    assert "Traceback" not in again.stderr

    replaced = manage("restore", str(backup), "--replace", database_url=url)
    assert replaced.returncode == 0, replaced.stderr
    db = open_database(fresh_database)
    try:
        assert_same_rows(every_row(connection), every_row(db))
    finally:
        db.close()


@pytest.mark.django_db
def test_restore_explains_a_file_it_cannot_restore(fresh_database, tmp_path):
    url = database_url(fresh_database)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("people.csv, not a backup")
    other_engine = tmp_path / "other.bak"
    other_engine.write_bytes(
        backups.SQLITE_HEADER if connection.vendor != "sqlite" else backups.PG_CUSTOM_HEADER
    )
    for path, message in (
        (tmp_path / "missing.dump", "There is no backup at"),
        (not_a_backup, "is not a backup this archive made"),
        (other_engine, "backup; the database to restore into is"),
    ):
        result = manage("restore", str(path), database_url=url)
        assert result.returncode == 1, path
        assert message in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_restore_into_a_database_that_cannot_be_reached_says_so(fresh_database, tmp_path):
    missing = dict(fresh_database)
    if connection.vendor == "sqlite":
        missing["NAME"] = str(tmp_path / "no-such-folder" / "archive.sqlite3")
        header = backups.SQLITE_HEADER
    else:
        missing["NAME"] = f"{fresh_database['NAME']}_never_created"
        header = backups.PG_CUSTOM_HEADER
    backup = tmp_path / "archive.bak"
    backup.write_bytes(header)
    result = manage("restore", str(backup), database_url=database_url(missing))
    assert result.returncode == 1
    assert f"Cannot connect to the database {missing['NAME']}" in result.stderr
    assert "Traceback" not in result.stderr


def test_backups_go_to_the_backups_folder_with_a_timestamped_name(tmp_path):
    now = datetime(2026, 3, 1, 2, 30, 5, tzinfo=UTC)
    path = backups.backup_path(connection, None, now)
    suffix = backups.engine_of(connection).suffix
    assert path == Path(settings.BASE_DIR) / "backups" / f"{path.name}"
    assert path.name.endswith(f"-20260301-023005Z{suffix}")
    assert backups.backup_path(connection, str(tmp_path), now).parent == tmp_path
    assert backups.backup_path(connection, str(tmp_path / "x.bak"), now) == tmp_path / "x.bak"
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "backups/" in ignored, "backups must be kept out of git"


# --- the nightly backups of docker-compose.yml ----------------------------------------------


def test_compose_backs_up_nightly_where_restore_finds_them():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"]["backup"]
    assert service["image"].startswith("postgres:15")
    assert service["depends_on"]["db"]["condition"] == "service_healthy"
    volume = service["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    # The web service sees the same volume where `manage.py restore backups/<file>` looks.
    assert f"{volume}:/app/backups" in compose["services"]["web"]["volumes"]
    assert "pg_dump --format=custom" in service["command"][-1]


def test_the_backup_loop_keeps_the_last_n_complete_backups(tmp_path):
    """The compose service's script, run with stand-ins for sleep, date and pg_dump: six
    nights pass, the last BACKUP_KEEP backups are kept, no partial file is left."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    # Compose turns "$$" into "$"; the volume is a folder of the test's own.
    script = compose["services"]["backup"]["command"][-1].replace("$$", "$")
    folder = tmp_path / "backups"
    folder.mkdir()
    script = script.replace("/backups", str(folder))
    stubs = tmp_path / "bin"
    stubs.mkdir()
    night = tmp_path / "night"
    night.write_text("0")
    programs = {
        # Each sleep is a night passing; after the sixth the container is stopped.
        "sleep": f"n=$(($(cat {night}) + 1)); echo $n > {night}; [ $n -le 6 ] || kill $PPID",
        "date": f'case "$*" in *%Y*) echo "2026010$(cat {night})-030000Z";; *) echo 100;; esac',
        "pg_dump": 'printf PGDMP > "$3"',
    }
    for name, body in programs.items():
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}", "BACKUP_KEEP": "3"}
    env["BACKUP_AT"] = "03:00"
    subprocess.run(["sh", "-c", script], env=env, capture_output=True, timeout=60, check=False)
    kept = sorted(path.name for path in folder.iterdir())
    assert kept == [f"archive-postgresql-2026010{n}-030000Z.dump" for n in (4, 5, 6)]
