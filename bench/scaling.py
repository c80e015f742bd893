"""Scaled copies of the archive, to measure how pages behave when the data grows.

``multiply(factor)`` adds ``factor - 1`` copies of every record, so lists grow by that
factor; the copies' relations point back at the original records, so each original
person, organisation, event, place and source also gains ``factor`` times the related
rows (posts, participants, quotes, citations). A page whose query count stays the same
under this is one whose cost does not grow with the data.

Copies are written with ``bulk_create``: no history rows, no ``save()``; the partial-date
bounds are copied from the originals, so nothing needs recomputing. Never run this on the
production database: it is for tests and benchmarks.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cases.browse.page_cache import pages_changed
from cases.models import Citation
from cases.records.kinds import ARCHIVE_KINDS


def copied() -> list[tuple[type, tuple[str, ...]]]:
    """Each model copied, in an order where a copy's foreign keys point at models copied
    before it, with the foreign keys that point at the copy of the same round; every other
    foreign key keeps pointing at the original, which is what makes related sets grow. The
    kinds' declarations say which (``copied``), their parts right after them."""
    models = []
    for kind in ARCHIVE_KINDS:
        if kind.copied is not None:
            models.append((kind.model, kind.copied))
            models += [(part.model, part.copied) for part in kind.parts]
    return models


KEY_LENGTH = 110


def _fields(model):
    return [field for field in model._meta.concrete_fields if not field.primary_key]


@transaction.atomic
def multiply(factor: int, batch_size: int = 2000) -> dict[str, int]:
    """Make the archive ``factor`` times its size; returns the rows added per model."""
    models = copied()
    originals = {model: list(model._default_manager.order_by("pk")) for model, _ in models}
    original_citations = list(Citation.objects.order_by("pk"))
    copies_of = defaultdict(dict)  # (model, round) -> {original pk: copy pk}
    added = defaultdict(int)
    for round_ in range(1, factor):
        for model, copied_fks in models:
            rows = originals[model]
            fresh = []
            for row in rows:
                values = {field.attname: getattr(row, field.attname) for field in _fields(model)}
                if "key" in values:
                    values["key"] = f"{row.key[:KEY_LENGTH]}-x{round_}"
                for name in copied_fks:
                    attname = model._meta.get_field(name).attname
                    target = model._meta.get_field(name).related_model
                    if values[attname] is not None:
                        values[attname] = copies_of[target, round_][values[attname]]
                fresh.append(model(**values))
            created = model._default_manager.bulk_create(fresh, batch_size=batch_size)
            copies_of[model, round_] = {
                row.pk: copy.pk for row, copy in zip(rows, created, strict=True)
            }
            added[model._meta.label] += len(created)
        # Every many-to-many of a copied record (its cases, a quote's topics) is copied too.
        for field in (field for model, _fks in models for field in model._meta.many_to_many):
            model = field.model
            through = field.remote_field.through
            own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            copies = copies_of[model, round_]
            links = through._default_manager.filter(**{f"{own}__in": list(copies)})
            through._default_manager.bulk_create(
                [
                    through(**{own: copies[mine], other: theirs})
                    for mine, theirs in links.values_list(own, other)
                ],
                batch_size=batch_size,
            )
        fresh = []
        for citation in original_citations:
            model = ContentType.objects.get_for_id(citation.content_type_id).model_class()
            copies = copies_of.get((model, round_), {})
            if citation.object_id in copies:
                values = {
                    field.attname: getattr(citation, field.attname) for field in _fields(Citation)
                }
                values["object_id"] = copies[citation.object_id]
                fresh.append(Citation(**values))
        Citation.objects.bulk_create(fresh, batch_size=batch_size)
        added[Citation._meta.label] += len(fresh)
    pages_changed()  # bulk_create sends no signals: forget the pages kept before
    return dict(added)
