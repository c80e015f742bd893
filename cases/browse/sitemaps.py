"""sitemap.xml: every public page, from the same public subset as the pages themselves."""

from collections.abc import Mapping

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.records import kinds


class InBothLanguages(Sitemap):
    """Each page once per language, each entry naming the others (``hreflang``), the
    English as the default for readers of any other language."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(InBothLanguages):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.public().only("key", "modified").order_by("pk")

    def lastmod(self, record):
        return record.modified

    def get_latest_lastmod(self):
        # The index would otherwise read every record of every kind to find the newest.
        return None


class ListSitemap(InBothLanguages):
    def items(self):
        return ["cases:home"] + [f"cases:{kind.model_name}_list" for kind in kinds.with_pages()]

    def location(self, name):
        return reverse(name)


class Sitemaps(Mapping):
    """The sitemaps by section name: the lists, then one per kind of record with pages.

    Read from the declarations each time, so a kind added in the settings has its own.
    """

    def _all(self) -> dict[str, Sitemap]:
        return {
            "lists": ListSitemap(),
            **{
                kind.model_name: RecordSitemap(kind.model)
                for kind in kinds.with_pages()
                if kind.in_sitemap
            },
        }

    def __getitem__(self, section):
        return self._all()[section]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    # Itself only: reversing the sitemap URLs compares their default arguments, and two
    # readings hold equal sitemaps that are different objects.
    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


sitemaps = Sitemaps()
