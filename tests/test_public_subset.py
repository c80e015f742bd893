"""The public subset: drafts and restricted material never leave the admin."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Affiliation, Interview, Organisation, Person, Quote

from . import records

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
