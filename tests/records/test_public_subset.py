"""The public subset: drafts and restricted material never leave the admin."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Affiliation, Interview, Organisation, Person, Quote
from tests import sample_records as records

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return records.case()


def test_drafts_are_not_public(case):
    published = records.person()
    draft = records.person(status="draft")
    public = Person.objects.public()
    assert published in public
    assert draft not in public


def test_a_restricted_interview_and_its_quotes_are_withheld(case):
    speaker = records.person()
    restricted = records.interview(case, access="restricted")
    open_interview = records.interview(case)
    hidden = records.quote(case, speaker, interview=restricted)
    shown = records.quote(case, speaker, interview=open_interview)
    without_interview = records.quote(case, speaker)
    assert restricted not in Interview.objects.public()
    public_quotes = Quote.objects.public()
    assert hidden not in public_quotes
    assert shown in public_quotes
    assert without_interview in public_quotes


def test_an_embargo_lifts_on_its_date(case):
    today = timezone.localdate()
    speaker = records.person()
    embargoed = records.interview(
        case, access="embargoed", embargo_until=today + datetime.timedelta(days=1)
    )
    lifted = records.interview(case, access="embargoed", embargo_until=today)
    quote = records.quote(case, speaker, interview=embargoed)
    assert embargoed not in Interview.objects.public()
    assert quote not in Quote.objects.public()
    assert lifted in Interview.objects.public()


def test_a_quote_by_a_draft_speaker_is_withheld(case):
    speaker = records.person(status="draft")
    quote = records.quote(case, speaker)
    assert quote not in Quote.objects.public()


def test_a_published_quote_in_a_draft_interview_is_withheld(case):
    quote = records.quote(
        case, records.person(), interview=records.interview(case, status="draft")
    )
    assert quote not in Quote.objects.public()


def test_an_affiliation_with_a_draft_organisation_is_withheld(case):
    organisation = Organisation.objects.create(
        key=records.key("org"), name="Draft org", kind="party", status="draft"
    )
    affiliation = Affiliation.objects.create(
        key=records.key("aff"), person=records.person(), organisation=organisation, undated=True
    )
    assert affiliation not in Affiliation.objects.public()
    assert not affiliation.is_public


def test_a_draft_case_withholds_every_record_it_owns():
    from cases.models import Event, Figure, InterviewSeries

    draft = records.case(status="draft")
    speaker = records.person()
    series = InterviewSeries.objects.create(key=records.key("series"), title="S", case=draft)
    interview = records.interview(draft, series=series)
    event = Event.objects.create(key=records.key("event"), title="E", kind="meeting", case=draft)
    figure = Figure.objects.create(key=records.key("fig"), measure="M", value_text="1", case=draft)
    owned = [
        series, interview, event, figure, records.quote(draft, speaker),
        records.quote(draft, speaker, interview=interview),
    ]  # fmt: skip
    assert not any(record.is_public for record in owned)
    draft.status = "published"
    draft.save()
    assert all(record.is_public for record in owned)


def test_a_quote_is_withheld_with_the_draft_case_of_its_interview(case):
    """A quote filed under a public case but drawn from an interview of a draft one."""
    interview = records.interview(records.case(status="draft"))
    quote = records.quote(case, records.person(), interview=interview)
    assert quote not in Quote.objects.public()


def test_a_key_reaches_records_only_through_public_ones():
    from django.db.models import Q

    from cases.models.publication import public_along

    member = records.person()
    organisation = Organisation.objects.create(key=records.key("org"), name="O", kind="party")
    Affiliation.objects.create(
        key=records.key("aff"), person=member, organisation=organisation, undated=True,
        status="draft",
    )  # fmt: skip
    path = "affiliations__organisation__key"
    through_any = Person.objects.filter(**{path: organisation.key})
    assert member in through_any
    assert member not in through_any.filter(
        Q(**{path: organisation.key}) & public_along(Person, path)
    )


def test_a_person_only_in_a_draft_case_stays_public_without_naming_it(client, settings):
    """People, organisations, places, sources and terms may belong to several cases and are
    published on their own status; the draft case is never named on them."""
    settings.PAGE_CACHE_SECONDS = 0
    draft = records.case(status="draft", short_title="Unreleased Case")
    person = records.person()
    person.cases.add(draft)
    assert person in Person.objects.public()
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert "Unreleased Case" not in page.content.decode()
    assert draft.key not in page.content.decode()
