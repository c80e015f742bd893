"""Reading lists: an instructor's guided path through the archive for a class.

A reading list belongs to the instructor who made it (and any co-editors they name). It is
private until published; a published list is read through an unguessable share link, by
students without an account. Its items point at public archive records; an item whose
record is later withdrawn (unpublished, restricted) drops out of the students' view at
once and is flagged to its editors. An item may instead be a link to a page of the archive
that is not one record (a filtered list, a network year, a case's figures): a same-site
path with its query, under a title the instructor chose.
"""

import re
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_share_token() -> str:
    # 32 random bytes: a link that cannot be guessed or enumerated.
    return secrets.token_urlsafe(32)


# What an instructor may type before the pages ("pp. 12-15", "p. 7", "pages 3–9"): the
# page shows its own label, so a typed one would print twice.
PAGES_LABEL = re.compile(r"^\s*(?:pp?|pages?|págs?|pgs?)\b\.?\s*", re.IGNORECASE)
# A page, arabic ("12", "12a", "12ff.") or roman ("xii"); several joined by a range or a list.
PAGE = r"(?:\d+[a-z]{0,2}\.?|[ivxlcdm]+)"
PAGES = re.compile(rf"^{PAGE}(?:\s*(?:–|,|;|&|and|y)\s*{PAGE})*$", re.IGNORECASE)


def bare_pages(text: str) -> str:
    """The pages as stored: no "pp." label, ranges with an en dash ("12–15")."""
    text = PAGES_LABEL.sub("", text or "").strip()
    return re.sub(r"\s*[-‐‑–—]+\s*", "–", text)


def pages_display(text: str) -> str:
    """ "pp. 12–15" or "p. 7", whatever label (or none) the instructor typed."""
    pages = bare_pages(text)
    if not pages:
        return ""
    if re.search(r"[–,;&]|\band\b|\by\b", pages):
        return _("pp. %(pages)s") % {"pages": pages}
    return _("p. %(page)s") % {"page": pages}


class ReadingListQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The lists a user may see and change: their own and those shared with them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(owner=user) | Q(co_editors=user)).distinct()

    def published(self):
        return self.filter(published=True)


class ReadingList(models.Model):
    """An instructor's ordered selection of archive records, with notes and questions."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reading_lists",
        verbose_name=_("owner"),
    )
    co_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="shared_reading_lists",
        blank=True,
        verbose_name=_("co-editors"),
        help_text=_("Other instructors who may edit this list."),
    )
    title = models.CharField(_("title"), max_length=200)
    course = models.CharField(_("course"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Students can open a published list through its share link."),
    )
    share_token = models.CharField(
        _("share token"), max_length=64, unique=True, default=new_share_token, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    history = HistoricalRecords()
    objects = ReadingListQuerySet.as_manager()

    class Meta:
        verbose_name = _("reading list")
        verbose_name_plural = _("reading lists")
        ordering = ["-modified"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:readinglist_edit", kwargs={"pk": self.pk})

    def get_share_url(self) -> str:
        return reverse("cases:readinglist_share", kwargs={"token": self.share_token})


class ReadingItem(models.Model):
    """One record, or one page of the archive, in a reading list, with notes and questions.

    A record item has ``content_type`` and ``object_id`` and no ``link``; a link item has a
    ``link`` (a same-site path, checked by ``teaching.reading.local_link`` before it is stored)
    and a ``title``, and no record.
    """

    reading_list = models.ForeignKey(
        ReadingList, on_delete=models.CASCADE, related_name="items", verbose_name=_("list")
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        # What the admin offers: the archive's kinds declared with a ``reading_label``
        # (cases/records/kinds.py), spelled out because migrations record it;
        # tests/records/test_kinds.py checks that the two agree.
        limit_choices_to={
            "app_label": "cases",
            "model__in": [
                "casestudy",
                "source",
                "quote",
                "event",
                "person",
                "organisation",
                "interview",
                "glossaryterm",
            ],
        },
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    link = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("A page of this archive that is not one record, e.g. a filtered list."),
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("What students see for the link.")
    )
    pages = models.CharField(
        _("pages"), max_length=40, blank=True, help_text=_("For a source: the pages to read.")
    )
    note = models.TextField(_("note"), blank=True)
    questions = models.TextField(
        _("discussion questions"), blank=True, help_text=_("One question per line.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reading-list item")
        verbose_name_plural = _("reading-list items")
        ordering = ["reading_list", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading_list", "content_type", "object_id"], name="reading_item_once"
            ),
            models.UniqueConstraint(
                fields=["reading_list", "link"],
                condition=~Q(link=""),
                name="reading_link_once",
            ),
            # Either a record or a link, never both nor neither.
            models.CheckConstraint(
                condition=(
                    Q(content_type__isnull=False, object_id__isnull=False, link="")
                    | (Q(content_type__isnull=True, object_id__isnull=True) & ~Q(link=""))
                ),
                name="reading_item_record_or_link",
            ),
        ]
        indexes = [models.Index(fields=["reading_list", "order"])]

    def __str__(self):
        if self.is_link:
            return f"{self.reading_list}: {self.title or self.link}"
        return f"{self.reading_list}: {self.content_type.model} {self.object_id}"

    @property
    def is_link(self) -> bool:
        return bool(self.link)

    @property
    def pages_display(self) -> str:
        return pages_display(self.pages)

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]
