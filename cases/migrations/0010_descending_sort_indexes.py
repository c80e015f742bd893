"""Newest-first sorts read in index order, on PostgreSQL.

``?sort=-date`` orders by date descending with undated records last (``DESC NULLS LAST``,
as ``SortFilter`` orders), which an ascending index read backwards does not give: it puts
the undated first, so the database would sort every match. SQLite cannot declare
``NULLS LAST`` in an index, and Django's ``Index`` cannot be limited to one database, so
these indexes are created here, on PostgreSQL only, rather than in the models' ``Meta``.
"""

from django.db import migrations

# (table, sort column, index name)
DESCENDING = [
    ("cases_event", "date_sort", "cases_event_date_desc"),
    ("cases_interview", "date_sort", "cases_inter_date_desc"),
    ("cases_quote", "date_sort", "cases_quote_date_desc"),
    ("cases_organisation", "founded_sort", "cases_organ_founded_desc"),
    ("cases_source", "issued_sort", "cases_sourc_issued_desc"),
    ("cases_person", "modified", "cases_perso_modified_desc"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in DESCENDING:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}" DESC NULLS LAST, "id")'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in DESCENDING:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_casestudy_featured"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
