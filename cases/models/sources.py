"""Bibliographic sources: the two case documents and every work they cite."""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dated import AsWrittenField, PartialDateField, PartialDates, bound_fields
from .publication import PublishableQuerySet
from .record import ArchiveRecord


class SourceQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.prefetch_related("creators")

    def for_page(self):
        from .case_studies import CaseStudy

        return self.prefetch_related(
            "creators", models.Prefetch("cases", CaseStudy.objects.public())
        )


class SourceKind(models.TextChoices):
    # CSL item types, so that citation formatters and exports need no mapping table.
    ARTICLE_JOURNAL = "article-journal", _("journal article")
    ARTICLE_MAGAZINE = "article-magazine", _("magazine article")
    ARTICLE_NEWSPAPER = "article-newspaper", _("newspaper article")
    BOOK = "book", _("book")
    CHAPTER = "chapter", _("book chapter")
    REPORT = "report", _("report")
    THESIS = "thesis", _("thesis")
    WEBPAGE = "webpage", _("web page")
    MANUSCRIPT = "manuscript", _("manuscript")
    LEGISLATION = "legislation", _("legislation")
    DATASET = "dataset", _("data set")
    PAMPHLET = "pamphlet", _("pamphlet or newsletter")
    SPEECH = "speech", _("speech")


class Source(PartialDates, ArchiveRecord):
    """A published work: a case's source document or a work that document cites.

    Where the citing text gives only part of a reference (an author and a year), the
    record holds only that part and says so in ``bibliographic_note``.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    container_title = models.CharField(
        _("container title"),
        max_length=300,
        blank=True,
        help_text=_("Journal, book or series the work appears in."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_place = models.CharField(_("place of publication"), max_length=200, blank=True)
    issued = PartialDateField(_("issued"))
    issued_earliest, issued_latest, issued_sort = bound_fields()
    issued_as_written = AsWrittenField()
    volume = models.CharField(_("volume"), max_length=32, blank=True)
    issue = models.CharField(_("issue"), max_length=32, blank=True)
    page = models.CharField(_("pages"), max_length=32, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=32, blank=True)
    url = models.URLField(_("URL"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    bibliographic_note = models.TextField(
        _("bibliographic note"),
        blank=True,
        help_text=_("What the citing text gives, and what is missing or uncertain."),
    )
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="sources", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = [models.F("issued_sort").asc(nulls_last=True), "title"]  # undated last
        indexes = [
            models.Index(fields=["issued_sort"]),
            models.Index(fields=["issued_earliest", "issued_latest"]),
        ]

    def __str__(self):
        return str(self.shown_name)

    @property
    def shown_name(self):
        """The short reference, "Stepan (1978): The State and Society…", for a page's text:
        authors and title marked as names, the year (or "n.d.") in the interface's words."""
        from cases.records.wording import worded

        names = ", ".join(c.display_name for c in self.creators.all() if c.role == "author")
        issued = self.partial_issued
        year = issued.year_as_written if issued else gettext("n.d.")
        title = Truncator(self.title).chars(70, truncate="…")
        if names:
            return worded(
                "%(names)s (%(year)s): %(title)s",
                names={"names": names, "title": title},
                plain={"year": year},
            )
        return worded("%(title)s (%(year)s)", names={"title": title}, plain={"year": year})

    @property
    def identifiers(self) -> list[tuple[str, str, str]]:
        """Every identifier the record holds, as (label, value, link or ""), so that a
        reader asked for the ISBN finds it on the page, not only in the exports."""
        held = [
            (_("ISBN"), self.isbn, ""),
            (_("DOI"), self.doi, f"https://doi.org/{self.doi}" if self.doi else ""),
            (_("URL"), self.url, self.url),
        ]
        return [(label, value, link) for label, value, link in held if value]

    @property
    def unknown_parts(self) -> list[str]:
        """The parts of a full reference the record lacks because the citing text does not
        give them (the note says why). A title in square brackets is our description of the
        work, not its title. Read from the prefetched creators: no query on a page."""
        missing = []
        if not any(creator.role == SourceCreator.Role.AUTHOR for creator in self.creators.all()):
            missing.append(_("author"))
        if not self.title or self.title.startswith("["):
            missing.append(_("title"))
        if not self.issued:
            missing.append(_("year"))
        if self.kind == SourceKind.ARTICLE_JOURNAL:
            # What a journal article's reference gives beyond author, title and year.
            parts = ((_("volume"), self.volume), (_("issue"), self.issue), (_("pages"), self.page))
            missing += [label for label, value in parts if not value]
        return [str(part) for part in missing]


class SourceCreator(models.Model):
    """An author or editor of a source, in the order the work names them."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        EDITOR = "editor", _("editor")
        TRANSLATOR = "translator", _("translator")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="creators")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AUTHOR)
    family = models.CharField(_("family name"), max_length=120, blank=True)
    given = models.CharField(_("given names"), max_length=120, blank=True)
    literal = models.CharField(
        _("organisation or literal name"),
        max_length=200,
        blank=True,
        help_text=_("For a corporate author (e.g. NACLA); leave family and given empty."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        ordering = ["source", "role", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(family="", literal=""),
                name="creator_has_a_name",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family
