"""A kind's search document kept by PostgreSQL, for kinds that migration 0007 does not cover.

Migration 0007 made PostgreSQL keep ``search_document`` for the archive's own searchable
kinds. A kind added later (by this app or another, see ``RECORD_KINDS``) gets the same
from one operation in its own migration, built from its declaration's search fields: a
trigger that recomputes the column on every insert and on every update of those fields, the
existing rows filled in, and a GIN index on the column. On SQLite it does nothing (search
there matches words instead).
"""

from django.db import migrations

COLUMN = "search_document"


def _vector_sql(fields, configs, row="") -> str:
    """The weighted vector over a row's columns (``NEW.`` in the trigger), as 0007 builds it."""
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE({row}{name}::text, '')), "
        f"'{weight}')"
        for name, weight in fields
        for config in configs
    )


def keep_search_document(kind) -> migrations.RunPython:
    """The migration operation that makes PostgreSQL keep ``kind``'s search document."""
    from cases.browse.search import CONFIGS

    fields = kind.search.fields
    app_label, model_name = kind.model._meta.app_label, kind.model._meta.model_name

    def names(apps):
        table = apps.get_model(app_label, model_name)._meta.db_table
        return table, f"{table}_{COLUMN}", f"{table}_search_doc"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, function, index = names(apps)
        columns = ", ".join(name for name, _weight in fields)
        schema_editor.execute(
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.{COLUMN} := {_vector_sql(fields, CONFIGS, 'NEW.')}; RETURN NEW; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        # Names from the model and its declaration, never from input.
        fill = f"UPDATE {table} SET {COLUMN} = {_vector_sql(fields, CONFIGS)}"  # noqa: S608
        schema_editor.execute(fill)
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({COLUMN})")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, function, index = names(apps)
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")

    return migrations.RunPython(create, drop, elidable=False)
