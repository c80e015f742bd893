"""Public is decided once: by each model's ``public_q`` (``cases/models/publication.py``).

Templates and citing helpers receive related records already filtered (public prefetches,
``with_public``) and never test a status themselves."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cases.models import Event, Interview, Place, Quote, Status
from cases.models.places import ancestry

ROOT = Path(settings.BASE_DIR)

# A status test in a template: ``x.is_published``, ``x.status == …``, ``status != …``.
STATUS_TEST = re.compile(r"is_published|\bstatus\s*[!=]=|\.status\b")
# The same in the application's code, outside the one module that defines "public".
RESTATED = re.compile(r"is_published|\.status\s*[!=]=|==\s*Status\.|Status\.PUBLISHED\s*[!=]=")


def lines_matching(paths, pattern) -> list[str]:
    """Each line of the files that the pattern finds, as "path:number: line"."""
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]


def test_no_template_decides_what_is_public():
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )
    assert templates
    found = lines_matching(templates, STATUS_TEST)
    assert not found, "templates testing publication:\n" + "\n".join(found)


def test_no_module_but_publication_restates_what_public_means():
    modules = [
        path
        for path in sorted((ROOT / "cases").rglob("*.py"))
        if "migrations" not in path.parts and path.name != "publication.py"
    ]
    found = lines_matching(modules, RESTATED)
    assert not found, "publication restated outside publication.py:\n" + "\n".join(found)


def test_the_scans_find_a_status_test_and_nothing_else():
    for line in (
        "{% if record.place.is_published %}",
        "{% if record.status == 'published' %}",
        "{% if place.status != 'draft' %}",
    ):
        assert STATUS_TEST.search(line), line
    for line in ('<p role="status">', "{% if reading_list.published %}"):
        assert not STATUS_TEST.search(line), line
    for line in ("if place.status == Status.PUBLISHED:", "record.is_published"):
        assert RESTATED.search(line), line
    assert not RESTATED.search('row["status"] = Status.DRAFT')


@pytest.mark.django_db
def test_a_withheld_related_record_reads_as_none_decided_in_the_same_query(
    django_assert_num_queries,
):
    event = Event.objects.public().filter(place__parent__isnull=False).first()
    draft, parent = event.place, event.place.parent
    draft.status = Status.DRAFT
    draft.save()
    with django_assert_num_queries(1):
        fetched = Event.objects.public().with_public("place", "place__parent").get(pk=event.pk)
        assert fetched.public_place is None
        assert fetched.public_place_parent == parent  # public on its own
    with django_assert_num_queries(1):
        others = list(Event.objects.public().with_public("place").filter(place__isnull=False))
    assert all(other.public_place is None for other in others if other.place_id == draft.pk)
    assert any(other.public_place == other.place for other in others)


@pytest.mark.django_db
def test_a_related_record_public_only_with_its_case_is_withheld_with_it():
    interview = Interview.objects.public().filter(series__isnull=False).first()
    series = interview.series
    assert Interview.objects.with_public("series").get(pk=interview.pk).public_series == series
    series.case.status = Status.DRAFT
    series.case.save()
    assert Interview.objects.with_public("series").get(pk=interview.pk).public_series is None


@pytest.mark.django_db
def test_public_relations_survive_filtering_slicing_and_nesting():
    quotes = Quote.objects.public().with_public("interview__place").filter(interview__isnull=False)
    quote = quotes.order_by("pk")[:1].get()
    assert quote.public_interview_place == quote.interview.place


@pytest.mark.django_db
def test_a_breadcrumb_leaves_out_a_withheld_place_but_not_the_places_above_it():
    place = Place.objects.filter(parent__parent__isnull=False).first()
    parent, grandparent = place.parent, place.parent.parent
    before = Place.objects.public().with_public(*ancestry()).get(pk=place.pk).public_ancestors
    assert before[-2:] == [grandparent, parent]
    parent.status = Status.DRAFT
    parent.save()
    after = Place.objects.public().with_public(*ancestry()).get(pk=place.pk).public_ancestors
    assert after == before[:-1] and after[-1] == grandparent
