"""What each case holds: counts per kind of record, and the corrections made to the sources."""

from django.db.models import Q

from cases.models import (
    Affiliation,
    CaseStudy,
    Citation,
    Event,
    Figure,
    GlossaryTerm,
    Interview,
    InterviewSeries,
    Organisation,
    OrganisationRelation,
    Person,
    Place,
    Quote,
    Source,
)

# (label, model, how a record belongs to a case)
KINDS = [
    ("people", Person, "cases"),
    ("anonymous people", Person, "cases", Q(anonymous=True)),
    ("organisations", Organisation, "cases"),
    ("affiliations", Affiliation, "person__cases"),
    ("organisation relations", OrganisationRelation, "subject__cases"),
    ("places", Place, "cases"),
    ("events", Event, "case"),
    ("interview series", InterviewSeries, "case"),
    ("interviews", Interview, "case"),
    ("quotes", Quote, "case"),
    ("figures", Figure, "case"),
    ("table cells", Figure, "case", ~Q(table="")),
    ("sources", Source, "cases"),
    ("glossary terms", GlossaryTerm, "cases"),
]


def case_counts(case: CaseStudy) -> list[tuple[str, int]]:
    counts = []
    for label, model, path, *extra in KINDS:
        queryset = model.objects.filter(*extra, **{path: case}).distinct()
        counts.append((label, queryset.count()))
    counts.append(("citations", case_citations(case).count()))
    counts.append(("corrections recorded", case_citations(case).exclude(correction="").count()))
    return counts


def case_citations(case: CaseStudy):
    """Citations of the case's own bibliography (its document and the works it cites)."""
    return Citation.objects.filter(source__cases=case).distinct()


def corrections(case: CaseStudy):
    """Each recorded correction with the record it belongs to (one key query per kind)."""
    citations = list(
        case_citations(case)
        .exclude(correction="")
        .select_related("content_type")
        .order_by("content_type__model", "object_id", "order")
    )
    keys = {}
    for content_type in {c.content_type for c in citations}:
        ids = [c.object_id for c in citations if c.content_type == content_type]
        model = content_type.model_class()
        keys[content_type.pk] = dict(
            model._default_manager.filter(pk__in=ids).values_list("pk", "key")
        )
    for citation in citations:
        model = citation.content_type.model_class()
        key = keys[citation.content_type_id].get(citation.object_id, "?")
        yield (model._meta.verbose_name, key, citation.correction)
