"""What each case holds: counts per kind of record, and the corrections made to the sources."""

from cases.models import CaseStudy, Citation
from cases.records import kinds


def case_counts(case: CaseStudy) -> list[tuple[str, int]]:
    """How many records of each kind belong to the case (the declarations' ``statistics``),
    then its citations and the corrections they record."""
    counts = []
    for kind in kinds.registry():
        for tally in kind.statistics:
            queryset = kind.model.objects.filter(tally.condition, **{tally.path: case}).distinct()
            counts.append((tally.label, queryset.count()))
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
