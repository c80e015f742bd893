"""What reading lists do: resolve items to public records, reorder, duplicate, cite.

An item points at a record by content type and id. Whether the record may still be read is
decided the one way the archive decides it, ``Model.objects.public()``, each time a list
is shown: a record withdrawn after it was added disappears from the students' view at
once, and its editors see it flagged.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cases.citing import chicago, csl
from cases.models import READABLE_MODELS, Quote, ReadingItem, ReadingList, Source
from cases.models.citations import public_citations


class ReadingListError(ValueError):
    """A request that would change a list wrongly; the message says why, nothing changed."""


@dataclass
class ResolvedItem:
    item: ReadingItem
    record: object | None  # None: no longer public

    @property
    def withdrawn(self) -> bool:
        return self.record is None

    @property
    def kind(self) -> str:
        return str(READABLE_MODELS.get(self.item.content_type.model, ""))

    @property
    def model_name(self) -> str:
        return self.item.content_type.model


def readable_model(model_name: str):
    if model_name not in READABLE_MODELS:
        raise ReadingListError(_("A reading list cannot hold that kind of record."))
    return apps.get_model("cases", model_name)


def reading_queryset(model):
    """What a reading shows of a record: its list row and its public citations."""
    queryset = model.objects.public().for_list()
    if model is not Quote:  # a quote's list row already carries its citations
        queryset = queryset.prefetch_related(public_citations())
    return queryset


def resolve(reading_list: ReadingList) -> list[ResolvedItem]:
    """The list's items in order, each with its public record or None if withdrawn.

    One query for the items, then one per kind of record in the list, whatever its length.
    """
    items = list(reading_list.items.select_related("content_type").order_by("order", "pk"))
    by_model = {}
    for item in items:
        by_model.setdefault(item.content_type.model, set()).add(item.object_id)
    records = {}
    for model_name, ids in by_model.items():
        model = apps.get_model("cases", model_name)
        for record in reading_queryset(model).filter(pk__in=ids):
            records[model_name, record.pk] = record
    return [
        ResolvedItem(item, records.get((item.content_type.model, item.object_id)))
        for item in items
    ]


def add(reading_list: ReadingList, model_name: str, key: str) -> ReadingItem:
    """Add a public record to the end of a list; refused if absent, withdrawn or already in."""
    model = readable_model(model_name)
    record = model.objects.public().filter(key=key).first()
    if record is None:
        raise ReadingListError(_("There is no public record “%(key)s” to add.") % {"key": key})
    content_type = ContentType.objects.get_for_model(model)
    if reading_list.items.filter(content_type=content_type, object_id=record.pk).exists():
        raise ReadingListError(_("“%(record)s” is already in this list.") % {"record": record})
    last = reading_list.items.aggregate(last=Max("order"))["last"]
    return ReadingItem.objects.create(
        reading_list=reading_list,
        content_type=content_type,
        object_id=record.pk,
        order=0 if last is None else last + 1,
    )


@transaction.atomic
def reorder(reading_list: ReadingList, item_ids: list[str]) -> None:
    """Put the items in the given order; every item must appear exactly once."""
    current = set(reading_list.items.values_list("pk", flat=True))
    try:
        wanted = [int(pk) for pk in item_ids]
    except (TypeError, ValueError) as error:
        raise ReadingListError(_("The new order names an item that is not a number.")) from error
    if len(wanted) != len(set(wanted)) or set(wanted) != current:
        raise ReadingListError(
            _("The new order must name every item of the list exactly once; nothing was moved.")
        )
    items = {item.pk: item for item in reading_list.items.all()}
    for position, pk in enumerate(wanted):
        items[pk].order = position
    ReadingItem.objects.bulk_update(items.values(), ["order"])
    reading_list.save(update_fields=["modified"])


@transaction.atomic
def duplicate(reading_list: ReadingList, owner) -> ReadingList:
    """A private copy for a new term, owned by ``owner``, with the same items and notes."""
    copy = ReadingList.objects.create(
        owner=owner,
        title=_("%(title)s (copy)") % {"title": reading_list.title},
        course=reading_list.course,
        introduction=reading_list.introduction,
    )
    ReadingItem.objects.bulk_create(
        ReadingItem(
            reading_list=copy,
            content_type_id=item.content_type_id,
            object_id=item.object_id,
            pages=item.pages,
            note=item.note,
            questions=item.questions,
            order=item.order,
        )
        for item in reading_list.items.all()
    )
    return copy


def bibliography(resolved: list[ResolvedItem]) -> list[Source]:
    """Every public source in the list: sources listed as items and those items cite."""
    ids = set()
    for entry in resolved:
        if entry.withdrawn:
            continue
        if isinstance(entry.record, Source):
            ids.add(entry.record.pk)
        ids.update(citation.source_id for citation in entry.record.citations.all())
    sources = list(Source.objects.public().for_list().filter(pk__in=ids))
    formatted = [(chicago.chicago_html(csl.source_item(source)), source) for source in sources]
    formatted.sort(key=lambda pair: pair[0]["bibliography"].lower())
    for reference, source in formatted:
        source.reference = reference["bibliography"]
    return [source for _reference, source in formatted]
