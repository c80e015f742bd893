"""Search reads a stored vector: a ``search_document`` column per searchable model.

PostgreSQL keeps the column current itself: a trigger per table recomputes it on every
insert (``bulk_create`` and raw loads included, which skip ``save()``) and on every update
of the columns it is built from. Existing rows are backfilled here, and a GIN index on the
column replaces migration 0003's expression index, so a search neither recomputes the
vectors nor depends on the query repeating the index's exact expression.

The vector is the one migration 0003 indexed: each field weighted, in English and Spanish
accent-insensitive configurations. ``WEIGHTED_FIELDS`` is a literal copy of the one in
cases/browse/search.py (a migration must not depend on app code that may change);
tests/browse/test_search.py checks they agree and that every stored vector equals the computed one.

On SQLite the column is added and stays empty; nothing else happens.
"""

import importlib

import django.contrib.postgres.search
from django.db import migrations

WEIGHTED_FIELDS = {
    "quote": (("text", "A"), ("original_text", "A"), ("context", "B")),
    "person": (("name", "A"), ("description", "B")),
    "organisation": (("name", "A"), ("acronym", "A"), ("gloss", "B"), ("description", "C")),
    "event": (("title", "A"), ("description", "B")),
    "interview": (("title", "A"), ("description", "B")),
    "glossaryterm": (("term", "A"), ("gloss", "B"), ("definition", "C")),
}
CONFIGS = ("archive_en", "archive_es")
COLUMN = "search_document"


def table(model_name):
    return f"cases_{model_name}"


def index_name(model_name):
    return f"cases_{model_name}_search_doc"


def vector_sql(model_name, row=""):
    """The weighted vector over a row's columns (``NEW.`` in the trigger)."""
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE({row}{name}::text, '')), "
        f"'{weight}')"
        for name, weight in WEIGHTED_FIELDS[model_name]
        for config in CONFIGS
    )


def create_stored_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    old = importlib.import_module("cases.migrations.0003_search")
    for model_name, fields in WEIGHTED_FIELDS.items():
        schema_editor.remove_index(apps.get_model("cases", model_name), old.search_index(model_name))
        columns = ", ".join(name for name, _weight in fields)
        function = f"{table(model_name)}_{COLUMN}"
        schema_editor.execute(
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.{COLUMN} := {vector_sql(model_name, 'NEW.')}; RETURN NEW; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {table(model_name)} FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        schema_editor.execute(f"UPDATE {table(model_name)} SET {COLUMN} = {vector_sql(model_name)}")
        schema_editor.execute(
            f"CREATE INDEX {index_name(model_name)} ON {table(model_name)} USING gin ({COLUMN})"
        )


def drop_stored_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    old = importlib.import_module("cases.migrations.0003_search")
    for model_name in WEIGHTED_FIELDS:
        function = f"{table(model_name)}_{COLUMN}"
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(model_name)}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table(model_name)}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        schema_editor.add_index(apps.get_model("cases", model_name), old.search_index(model_name))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_instructor_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='glossaryterm',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='interview',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='person',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.AddField(
            model_name='quote',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document'),
        ),
        migrations.RunPython(create_stored_vectors, drop_stored_vectors, elidable=False),
    ]
