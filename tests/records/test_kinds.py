"""The declarations of the kinds of record, and the few places that must spell them out."""

from cases.ingest import loading
from cases.models import ReadingItem
from cases.records import kinds


def test_each_kind_is_declared_once_with_its_own_address():
    models = [kind.model for kind in kinds.registry()]
    assert len(models) == len(set(models))
    segments = [kind.segment for kind in kinds.with_pages()]
    assert len(segments) == len(set(segments))
    for kind in kinds.registry():
        assert kinds.kind_of(kind.model) is kind
        assert kinds.by_model_name(kind.model_name) is kind
    for kind in kinds.with_pages():
        assert kinds.by_segment(kind.segment) is kind


def test_the_loader_reads_the_declared_sections_in_order():
    names = [section.name for section in loading.sections()]
    assert names == [kind.section.name for kind in kinds.ARCHIVE_KINDS]
    assert names.index("sources") == 0  # every citation needs the file's sources
    assert set(loading.shared_kinds()) == {"sources", "places", "people", "organisations"}


def test_the_reading_items_choices_are_the_readable_kinds():
    # The admin's choices are spelled out in the model because migrations record them.
    field = ReadingItem._meta.get_field("content_type")
    readable = [kind.model_name for kind in kinds.readable() if kind in kinds.ARCHIVE_KINDS]
    assert sorted(field.get_limit_choices_to()["model__in"]) == sorted(readable)
