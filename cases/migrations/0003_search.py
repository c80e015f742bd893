"""Full-text search on PostgreSQL: accent-insensitive configurations and GIN indexes.

On SQLite every operation here does nothing (search falls back to a word match there).

The per-model fields and weights are a literal copy of ``WEIGHTED_FIELDS`` in
cases/browse/search.py (a migration must not depend on app code that may change); the index
expression is built the same way, so the planner can use the index for the search query.
tests/browse/test_search.py checks that both stay identical.
"""

from functools import reduce
from operator import add

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
CONFIG_COPIES = (
    ("archive_en", "english", "english_stem"),
    ("archive_es", "spanish", "spanish_stem"),
)


def index_name(model_name):
    return f"cases_{model_name}_search"


def search_vector(fields):
    from django.contrib.postgres.search import SearchVector

    return reduce(
        add,
        (
            SearchVector(name, config=config, weight=weight)
            for name, weight in fields
            for config in CONFIGS
        ),
    )


def search_index(model_name):
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(search_vector(WEIGHTED_FIELDS[model_name]), name=index_name(model_name))


def is_postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def create_configurations(apps, schema_editor):
    if not is_postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, copy, stemmer in CONFIG_COPIES:
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{copy})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
        )


def drop_configurations(apps, schema_editor):
    if not is_postgresql(schema_editor):
        return
    for name, _copy, _stemmer in CONFIG_COPIES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
    schema_editor.execute("DROP EXTENSION IF EXISTS unaccent")


def create_indexes(apps, schema_editor):
    if not is_postgresql(schema_editor):
        return
    for model_name in WEIGHTED_FIELDS:
        schema_editor.add_index(apps.get_model("cases", model_name), search_index(model_name))


def drop_indexes(apps, schema_editor):
    if not is_postgresql(schema_editor):
        return
    for model_name in WEIGHTED_FIELDS:
        schema_editor.remove_index(apps.get_model("cases", model_name), search_index(model_name))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_groups"),
    ]

    operations = [
        migrations.RunPython(create_configurations, drop_configurations, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
