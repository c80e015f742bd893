"""Newest-first sorts have an index in their own order on PostgreSQL (migration 0010)."""

import importlib

import pytest
from django.db import connection

migration = importlib.import_module("cases.migrations.0010_descending_sort_indexes")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes only")
def test_each_descending_sort_has_an_index_in_its_order():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        definitions = dict(cursor.fetchall())
    for table, column, name in migration.DESCENDING:
        assert name in definitions, name
        assert f"ON public.{table} USING btree ({column} DESC NULLS LAST, id)" in definitions[name]


@pytest.mark.django_db
def test_newest_first_lists_put_the_undated_last(client):
    response = client.get("/interviews/", {"sort": "-date"})
    interviews = list(response.context["page_obj"].object_list)
    dates = [i.date_sort for i in interviews]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # no undated interview before a dated one
