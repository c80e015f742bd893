"""The public pages, one or more of each type, for tests that visit them all."""

from cases import models

LISTS = [
    "/cases/",
    "/cases/?q=lima&year_from=1985&year_to=1990&sort=title",
    "/people/",
    "/people/?case=el-agustino&organisation=pum&sort=name",
    "/organisations/",
    "/organisations/?kind=party&year_from=1980&year_to=1990&sort=-founded",
    "/events/",
    "/events/?organisation=pum&year_from=1985&year_to=1990",
    "/events/?case=el-gol&kind=election&place=anta-district&q=election",
    "/interviews/",
    "/interviews/?taped=yes&language=es&sort=-date",
    "/quotes/",
    "/quotes/?case=el-agustino&topic=autonomy&year_from=1989",
    "/quotes/?q=community",
    "/sources/",
    "/sources/?kind=book&q=lima",
    "/places/",
    "/places/?kind=district",
    "/glossary/",
    "/glossary/?language=es&q=vaso",
]
SITE = ["/", "/search/?q=Gestion", "/search/?q=mayor", "/sitemap.xml", "/robots.txt"]
# Each public list and the kind of record it lists: the one place tests name every kind.
LIST_MODELS = {
    "/cases/": models.CaseStudy,
    "/people/": models.Person,
    "/organisations/": models.Organisation,
    "/events/": models.Event,
    "/interviews/": models.Interview,
    "/quotes/": models.Quote,
    "/sources/": models.Source,
    "/places/": models.Place,
    "/glossary/": models.GlossaryTerm,
}
PAGE_MODELS = list(LIST_MODELS.values())


def busiest(model):
    """The public record of a model with the most citations: the page with most to show."""
    from django.db.models import Count

    return (
        model.objects.public().annotate(cited=Count("citations")).order_by("-cited", "pk").first()
    )


def record_pages() -> list[str]:
    """A detail page of each type, its citation downloads, and the case source's views."""
    urls = []
    for model in PAGE_MODELS:
        record = busiest(model)
        url = record.get_absolute_url()
        urls += [url, url + "cite.bib", url + "cite.ris", url + "cite.json"]
    for person in models.Person.objects.public().order_by("pk")[:3]:
        urls.append(person.get_absolute_url())
    urls += [
        "/sources/lrr-el-agustino/",
        "/sources/lrr-el-agustino/?cites=quote",
        "/sources/lrr-el-agustino/?footnote=10",
        "/sources/ids-el-gol/?cites=event&page=2",
    ]
    return urls
