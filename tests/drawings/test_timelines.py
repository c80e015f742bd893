"""Timelines: the list and the drawing are made from the same moments."""

import pytest

from cases.drawings import timeline_drawing, timelines
from cases.models import CaseStudy, Event, Organisation, Person

pytestmark = pytest.mark.django_db


def marks(drawing):
    return [mark for lane in drawing.lanes for mark in lane.marks]


@pytest.mark.parametrize(
    ("model", "key", "collect"),
    [
        (Person, "jorge-quintanilla", timelines.person_moments),
        (Organisation, "pum", timelines.organisation_moments),
    ],
)
def test_the_list_and_the_drawing_show_the_same_dated_moments(model, key, collect):
    record = model.objects.public().for_page().get(key=key)
    moments = collect(record)
    listed = timelines.Timeline.of(moments)
    drawing = timeline_drawing.draw(timeline_drawing.lanes_of(moments))
    # Each dated moment is on one row here, so once in the list and once in the drawing.
    assert len(marks(drawing)) == len(listed.dated) > 3
    titles = {mark.title for mark in marks(drawing)}
    for moment in listed.dated:
        assert f"{moment.mark or moment.text} ({moment.when})" in titles
    # What the source does not date is listed apart and never drawn.
    assert all(moment.date is None for moment in listed.undated)


def test_moments_are_collected_without_a_query(django_assert_num_queries):
    person = Person.objects.public().for_page().get(key="jorge-quintanilla")
    with django_assert_num_queries(0):
        moments = timelines.person_moments(person)
        timelines.Timeline.of(moments)
        timeline_drawing.draw(timeline_drawing.lanes_of(moments))


def test_a_cases_rows_rank_organisations_by_their_events_and_end_with_the_rest():
    case = CaseStudy.objects.get(key="el-agustino")
    events = list(Event.objects.public().filter(case=case).for_list())
    lanes = timeline_drawing.case_lanes(timelines.case_moments(events))
    counts = [len(moments) for row, moments in lanes if row.key]
    assert counts == sorted(counts, reverse=True)
    assert not lanes[-1][0].key  # the events naming no organisation
    # A case's list calls each event by its own kind.
    first = timelines.case_moments(events[:1])[0]
    assert first.kind_label == events[0].get_kind_display()
