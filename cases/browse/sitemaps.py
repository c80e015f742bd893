"""sitemap.xml: every public page, from the same public subset as the pages themselves."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import (
    CaseStudy,
    Event,
    GlossaryTerm,
    Interview,
    Organisation,
    Person,
    Place,
    Quote,
    Source,
)


class RecordSitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.public().only("key", "modified").order_by("pk")

    def lastmod(self, record):
        return record.modified

    def get_latest_lastmod(self):
        # The index would otherwise read every record of every kind to find the newest.
        return None


class ListSitemap(Sitemap):
    def items(self):
        return ["cases:home"] + [f"cases:{name}_list" for name in LISTS]

    def location(self, name):
        return reverse(name)


LISTS = [
    "casestudy",
    "person",
    "organisation",
    "event",
    "interview",
    "quote",
    "source",
    "place",
    "glossaryterm",
]

sitemaps = {
    "lists": ListSitemap(),
    **{
        model._meta.model_name: RecordSitemap(model)
        for model in (
            CaseStudy,
            Person,
            Organisation,
            Event,
            Interview,
            Quote,
            Source,
            Place,
            GlossaryTerm,
        )
    },
}
