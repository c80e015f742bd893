"""Records found by full-text search, with their search document stored beside them."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Searchable(models.Model):
    """A record whose weighted search vector PostgreSQL stores and keeps current.

    A trigger (migration 0007, or ``cases.browse.stored_search`` for a kind added later)
    recomputes ``search_document`` from the record's own columns (the search fields of its
    declaration, cases/records/kinds.py) on every insert and on every update of those
    columns, so a record saved in the admin, loaded from a case file or bulk-created is
    searchable at once; a GIN index on the column serves the search. On
    SQLite the column stays empty: search there matches words instead.
    """

    search_document = SearchVectorField(_("search document"), null=True, editable=False)

    class Meta:
        abstract = True
