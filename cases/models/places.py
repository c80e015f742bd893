"""Places, in the hierarchy the sources use: department > province > district > settlement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .publication import PublishableQuerySet, Status
from .record import ArchiveRecord

# Places nest at most this deep in the sources (country > ... > micro-area); fetching the
# chain in one join keeps a place's breadcrumb to one query however many places there are.
PARENT_CHAIN = "__".join(["parent"] * 6)
PAGE_SAMPLE = 50


class PlaceQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.select_related("parent")

    def for_page(self):
        from .case_studies import CaseStudy
        from .citations import public_citations
        from .events import Event
        from .interviews import Interview
        from .organisations import Organisation

        # A country or a district gathers many records: the page shows the first of each
        # kind (a sliced prefetch needs its own attribute) and links to the filtered list.
        first = slice(None, PAGE_SAMPLE)
        return self.select_related(PARENT_CHAIN).prefetch_related(
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

    def public_ancestors(self) -> list["Place"]:
        """The breadcrumb a reader sees: a draft parent is left out, not linked."""
        return [place for place in self.ancestors() if place.status == Status.PUBLISHED]

    def ancestors(self) -> list["Place"]:
        """From the top (the country) down to the parent; places nest only a few deep."""
        chain, place, seen = [], self.parent, set()
        while place is not None and place.pk not in seen:
            seen.add(place.pk)
            chain.append(place)
            place = place.parent
        return list(reversed(chain))
