"""Places, in the hierarchy the sources use: department > province > district > settlement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .publication import PublishableQuerySet, public_name, related_at
from .record import ArchiveRecord

# Places nest at most this deep in the sources (country > ... > micro-area); fetching the
# chain in one join keeps a place's breadcrumb to one query however many places there are.
ANCESTRY_DEPTH = 6
PAGE_SAMPLE = 50


def ancestry(path: str = "") -> tuple[str, ...]:
    """The paths to the places above the place at ``path`` (the record itself if empty),
    nearest first: "place__parent", "place__parent__parent", ... for ``with_public``."""
    lead = f"{path}__" if path else ""
    return tuple(lead + "__".join(["parent"] * depth) for depth in range(1, ANCESTRY_DEPTH + 1))


def public_ancestors(record, path: str = "") -> list["Place"]:
    """The breadcrumb above the place at ``path`` of ``record``, from the top (the country)
    down: a withheld place in between is left out, not linked.

    ``record`` was fetched ``with_public(*ancestry(path))``, which decided which are public.
    """
    chain, seen = [], set()
    for step in ancestry(path):
        place = related_at(record, step)
        if place is None or place.pk in seen:
            break
        seen.add(place.pk)
        public = getattr(record, public_name(step), None)  # not fetched: shown as withheld
        if public is not None:
            chain.append(public)
    return list(reversed(chain))


class PlaceQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.with_public("parent")

    def for_page(self):
        from .case_studies import CaseStudy
        from .citations import public_citations
        from .events import Event
        from .interviews import Interview
        from .organisations import Organisation

        # A country or a district gathers many records: the page shows the first of each
        # kind (a sliced prefetch needs its own attribute) and links to the filtered list.
        first = slice(None, PAGE_SAMPLE)
        return self.with_public(*ancestry()).prefetch_related(
            models.Prefetch("cases", CaseStudy.objects.public()),
            models.Prefetch("children", Place.objects.public()[first], to_attr="first_children"),
            models.Prefetch("events", Event.objects.public()[first], to_attr="first_events"),
            models.Prefetch(
                "organisations",
                Organisation.objects.public()[first],
                to_attr="first_organisations",
            ),
            models.Prefetch(
                "interviews", Interview.objects.public()[first], to_attr="first_interviews"
            ),
            public_citations(),
        )


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    DEPARTMENT = "department", _("department or region")
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    SETTLEMENT = "settlement", _("settlement or community")
    MICRO_AREA = "micro-area", _("micro-area (MIADE)")
    ZONE = "zone", _("zone")
    HILL = "hill", _("hill (cerro)")
    RIVER = "river", _("river")
    FACILITY = "facility", _("facility")
    OTHER = "other", _("other")


class Place(ArchiveRecord):
    """A place the sources name, placed under its parent (a district under its province)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    other_names = models.CharField(
        _("other names"), max_length=300, blank=True, help_text=_("Comma-separated variants.")
    )
    description = models.TextField(_("description"), blank=True)
    cases = models.ManyToManyField(
        "cases.CaseStudy", related_name="places", blank=True, verbose_name=_("cases")
    )

    _history_m2m_fields = ["cases"]

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def shown_name(self):
        """As ``str``, for a page's text: the name marked as a name, its kind in the
        interface's words."""
        from cases.records.wording import worded

        return worded(
            "%(name)s (%(kind)s)",
            names={"name": self.name},
            plain={"kind": self.get_kind_display()},
        )

    @property
    def public_ancestors(self) -> list["Place"]:
        """The breadcrumb a reader sees, as ``for_page`` fetched it."""
        return public_ancestors(self)
