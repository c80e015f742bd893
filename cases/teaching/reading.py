"""What reading lists do: resolve items to public records, reorder, duplicate, cite.

An item points at a record by content type and id. Whether the record may still be read is
decided the one way the archive decides it, ``Model.objects.public()``, each time a list
is shown: a record withdrawn after it was added disappears from the students' view at
once, and its editors see it flagged.

An item may instead link to a page of the archive that is not one record (a filtered list,
a network year, a case's figures). Only a same-site path that resolves to one of those
pages is stored (``local_link``), and it is checked again each time the list is shown.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.urls import Resolver404
from django.urls import resolve as resolve_path
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from cases.browse.addresses import address
from cases.citing import chicago, csl
from cases.models import Quote, ReadingItem, ReadingList, Source
from cases.models.citations import public_citations
from cases.records import kinds

# The query parameter that names, on a page opened from a shared list, the list to go back
# to: its share token, never its id (ids can be counted; a published list is still only
# for those given its link).
BACK_PARAMETER = "reading"
# Parameters a link item does not keep: which page of results, and the way back.
NOT_KEPT_IN_LINKS = {"page", BACK_PARAMETER}
# The pages of the archive a link item may point at, by URL name in the ``cases`` namespace.
LINKABLE_PAGES = {"network", "casestudy_figures"}
LINK_MAX_LENGTH = 500
# What ``secrets.token_urlsafe`` makes, no longer than the column.
SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ReadingListError(ValueError):
    """A request that would change a list wrongly; the message says why, nothing changed."""


@dataclass
class ResolvedItem:
    item: ReadingItem
    record: object | None  # None: no longer public, or a link item

    @property
    def is_link(self) -> bool:
        return self.item.is_link

    @property
    def withdrawn(self) -> bool:
        if self.is_link:
            # A link changed outside the site's forms (the admin, the database) to point
            # elsewhere is not shown to students.
            return local_link(self.item.link) != self.item.link
        return self.record is None

    @property
    def kind(self) -> str:
        if self.is_link:
            return _("archive page")
        kind = readable_kind(self.item.content_type.model)
        return str(kind.reading_label) if kind else ""

    @property
    def model_name(self) -> str:
        return "link" if self.is_link else self.item.content_type.model

    @property
    def url(self) -> str:
        return self.item.link if self.is_link else self.record.get_absolute_url()

    @property
    def label(self) -> str:
        """How the item is named to its editors: a quote in one pair of quotation marks."""
        if self.is_link:
            return self.item.title
        if self.record is None:
            return self.kind
        if isinstance(self.record, Quote):
            text = Truncator(unquoted(self.record.text)).chars(70, truncate="…")
            return f"{quoted(text)} — {self.record.speaker}"
        return str(self.record)


# Quotation marks a text may already carry: opening → the closings that end it.
QUOTE_PAIRS = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’", "‚": "‘’", "‹": "›", "'": "'"}


def unquoted(text: str) -> str:
    """``text`` without the one pair of quotation marks that encloses all of it, if any.

    "“We govern ourselves.”" → "We govern ourselves."; but "“Yes” and “no”" is left as it
    is: its first and last marks are not a pair.
    """
    text = (text or "").strip()
    if len(text) < 2 or text[0] not in QUOTE_PAIRS or text[-1] not in QUOTE_PAIRS[text[0]]:
        return text
    opening, closings, inner = text[0], QUOTE_PAIRS[text[0]], text[1:-1]
    if opening in closings:  # the same mark opens and closes: none may be inside
        return text if opening in inner else inner.strip()
    depth = 0
    for char in inner:
        if char == opening:
            depth += 1
        elif char in closings:
            depth -= 1
            if depth < 0:
                return text  # the first mark closes inside the text
    return inner.strip() if depth == 0 else text


def quoted(text: str) -> str:
    """``text`` in one pair of quotation marks, marks inside it turned to single ones."""
    inner = unquoted(text).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def readable_kind(model_name: str):
    """The kind of record a list may hold under this model name, or None."""
    return next((kind for kind in kinds.readable() if kind.model_name == model_name), None)


def readable_model(model_name: str):
    kind = readable_kind(model_name)
    if kind is None:
        raise ReadingListError(_("A reading list cannot hold that kind of record."))
    return kind.model


def reading_queryset(model):
    """What a reading shows of a record: its list row and its public citations."""
    queryset = model.objects.public().for_list()
    fetched = {
        getattr(lookup, "prefetch_to", lookup) for lookup in queryset._prefetch_related_lookups
    }
    if "citations" not in fetched:  # unless its list row already carries them (quotes)
        queryset = queryset.prefetch_related(public_citations())
    return queryset


def resolve(reading_list: ReadingList) -> list[ResolvedItem]:
    """The list's items in order, each with its public record or None if withdrawn.

    One query for the items, then one per kind of record in the list, whatever its length.
    """
    items = list(reading_list.items.select_related("content_type").order_by("order", "pk"))
    by_model = {}
    for item in items:
        if not item.is_link:
            by_model.setdefault(item.content_type, set()).add(item.object_id)
    records = {}
    for content_type, ids in by_model.items():
        for record in reading_queryset(content_type.model_class()).filter(pk__in=ids):
            records[content_type.model, record.pk] = record
    return [
        ResolvedItem(
            item,
            None if item.is_link else records.get((item.content_type.model, item.object_id)),
        )
        for item in items
    ]


def next_order(reading_list: ReadingList) -> int:
    last = reading_list.items.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def add(reading_list: ReadingList, model_name: str, key: str) -> ReadingItem:
    """Add a public record to the end of a list; refused if absent, withdrawn or already in."""
    model = readable_model(model_name)
    record = model.objects.public().filter(key=key).first()
    if record is None:
        raise ReadingListError(_("There is no public record “%(key)s” to add.") % {"key": key})
    content_type = ContentType.objects.get_for_model(model)
    if reading_list.items.filter(content_type=content_type, object_id=record.pk).exists():
        label = ResolvedItem(ReadingItem(content_type=content_type), record).label
        raise ReadingListError(
            _("%(record)s is already in this list.") % {"record": quoted(label)}
        )
    return ReadingItem.objects.create(
        reading_list=reading_list,
        content_type=content_type,
        object_id=record.pk,
        order=next_order(reading_list),
    )


def local_link(value: str) -> str | None:
    """``value`` as a link item stores it, or None if it is not a page of this archive.

    Only a path on this site (no scheme, no host: never "//evil.example", "/\\evil",
    "javascript:…") that resolves to a list, a network year or a case's figures; its query
    kept in order, without the page number, the way back and empty filters.
    """
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > LINK_MAX_LENGTH
        or any(ord(char) < 32 or ord(char) == 127 for char in value)
    ):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    try:
        match = resolve_path(parts.path)
    except Resolver404:
        return None
    if match.namespace != "cases" or not (
        match.url_name in LINKABLE_PAGES or match.url_name.endswith("_list")
    ):
        return None
    query = [
        (name, item)
        for name, item in parse_qsl(parts.query, keep_blank_values=False)
        if name not in NOT_KEPT_IN_LINKS
    ]
    link = address(parts.path, query)
    return link if len(link) <= LINK_MAX_LENGTH else None


def add_link(reading_list: ReadingList, value: str, title: str) -> ReadingItem:
    """Add a page of the archive to the end of a list, under ``title``."""
    link = local_link(value)
    if link is None:
        raise ReadingListError(_("Only a page of this archive can be added to a reading list."))
    title = " ".join((title or "").split())[:200]
    if not title:
        raise ReadingListError(_("Nothing was added: give the page a title."))
    existing = reading_list.items.filter(link=link).first()
    if existing is not None:
        raise ReadingListError(
            _("This page is already in this list, as %(title)s.")
            % {"title": quoted(existing.title)}
        )
    return ReadingItem.objects.create(
        reading_list=reading_list, link=link, title=title, order=next_order(reading_list)
    )


def with_back_parameter(url: str, reading_list: ReadingList) -> str:
    """``url`` naming the list to go back to (see ``BACK_PARAMETER``)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({BACK_PARAMETER: reading_list.share_token})}"


def is_token_like(token) -> bool:
    """Whether ``token`` could be a share token: else it is not looked up at all (a NUL
    byte, say, would be an error on PostgreSQL rather than "not found")."""
    return isinstance(token, str) and SHARE_TOKEN.fullmatch(token) is not None


def published_by_token(token) -> ReadingList | None:
    """The published list with this share token, or None (also for junk: never an error)."""
    if not is_token_like(token):
        return None
    return ReadingList.objects.published().filter(share_token=token).first()


def lists_for(user):
    """The lists ``user`` may add to, or None if they are not an instructor."""
    if not user.has_perm("cases.add_readingitem"):
        return None
    return ReadingList.objects.editable_by(user)


def file_name(reading_list: ReadingList, extension: str) -> str:
    """A download's name after the list: "participation-and-its-limits.bib"."""
    stem = slugify(reading_list.title)[:80].strip("-") or "reading-list"
    return f"{stem}.{extension}"


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
            link=item.link,
            title=item.title,
            pages=item.pages,
            note=item.note,
            questions=item.questions,
            order=item.order,
        )
        for item in reading_list.items.all()
    )
    return copy


def bibliography(resolved: list[ResolvedItem]) -> list[Source]:
    """Every public source in the list: sources listed as items and those items cite.

    A link item is a page of many records, not a reading: it adds nothing here.
    """
    ids = set()
    for entry in resolved:
        if entry.withdrawn or entry.is_link:
            continue
        if isinstance(entry.record, Source):
            ids.add(entry.record.pk)
        ids.update(citation.source_id for citation in entry.record.citations.all())
    sources = list(Source.objects.public().for_list().filter(pk__in=ids))
    formatted = [(reference(source), source) for source in sources]
    formatted.sort(key=lambda pair: pair[0].lower())
    for html, source in formatted:
        source.reference = html
    return [source for _html, source in formatted]


def reference(source: Source) -> str:
    """The source's Chicago reference, its title in one pair of quotation marks.

    The style puts an article's title in quotation marks; a title that carries its own
    would show them doubled (““…””), so it is formatted again with its own marks made
    single, as Chicago nests them.
    """
    item = csl.source_item(source)
    html = chicago.chicago_html(item)["bibliography"]
    if ("““" in html or "””" in html) and item.get("title"):
        item = {**item, "title": quoted(item["title"])[1:-1]}
        html = chicago.chicago_html(item)["bibliography"]
    return html
