"""Drafts, restricted interviews and their quotes never leave the admin.

Each withheld record carries a word found nowhere else ("Zanzibarite…"); the test then
visits every public page, list (with its facet counts), search, citation export and the
sitemap, and asserts the word appears in none of them, while a public control record
made the same way does appear, so the test would notice if nothing were shown at all.
"""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from cases.models import (
    Affiliation,
    CaseStudy,
    Citation,
    Event,
    EventParticipant,
    GlossaryTerm,
    Interviewee,
    Organisation,
    Place,
    Source,
    Status,
)
from tests import records
from tests.public_urls import LISTS, PAGE_MODELS, busiest, record_pages

SECRET = "Zanzibarite"
LEAK = re.compile(rf"{SECRET}\s+\w", re.IGNORECASE)
CONTROL = "Quetzalcoatlite"
DRAFT = Status.DRAFT


@pytest.fixture
def withheld(db):
    """A public record linked to each kind of withheld one, and the withheld URLs."""
    case = CaseStudy.objects.get(key="el-agustino")
    source = Source.objects.get(key="lrr-el-agustino")
    public_person = records.person(name=f"{CONTROL} Public Speaker")
    public_person.cases.add(case)
    draft_person = records.person(name=f"{SECRET} Draft Person", status=DRAFT)
    draft_person.cases.add(case)
    draft_org = Organisation.objects.create(
        key="test-draft-org", name=f"{SECRET} Draft Front", kind="party", status=DRAFT
    )
    draft_org.cases.add(case)
    draft_place = Place.objects.create(
        key="test-draft-place", name=f"{SECRET} Draft Hill", kind="hill", status=DRAFT
    )
    restricted = records.interview(
        case, title=f"{SECRET} restricted interview", access="restricted", place=draft_place
    )
    embargoed = records.interview(
        case,
        title=f"{SECRET} embargoed interview",
        access="embargoed",
        embargo_until=datetime.date.today() + datetime.timedelta(days=365),
    )
    Interviewee.objects.create(interview=restricted, person=public_person)
    Interviewee.objects.create(interview=embargoed, person=public_person)
    open_interview = records.interview(case, title=f"{CONTROL} open interview")
    Interviewee.objects.create(interview=open_interview, person=public_person)
    quotes = [
        records.quote(case, public_person, text=f"{SECRET} words from a restricted tape",
                      interview=restricted, date="1991-11"),
        records.quote(case, public_person, text=f"{SECRET} words under embargo",
                      interview=embargoed),
        records.quote(case, public_person, text=f"{SECRET} draft words", status=DRAFT),
        records.quote(case, draft_person, text=f"{SECRET} words of a draft speaker"),
    ]  # fmt: skip
    control_quote = records.quote(
        case, public_person, text=f"{CONTROL} words in the open", interview=open_interview
    )
    draft_event = Event.objects.create(
        key="test-draft-event", title=f"{SECRET} draft event", kind="meeting", case=case,
        date="1988", status=DRAFT,
    )  # fmt: skip
    public_event = Event.objects.create(
        key="test-public-event", title=f"{CONTROL} public event", kind="meeting", case=case,
        date="1988", place=draft_place,
    )  # fmt: skip
    EventParticipant.objects.create(event=public_event, organisation=draft_org)
    EventParticipant.objects.create(event=public_event, person=draft_person)
    EventParticipant.objects.create(event=draft_event, person=public_person)
    Affiliation.objects.create(
        key="test-draft-affiliation", person=public_person, organisation=draft_org,
        role=f"{SECRET} post", date="1989",
    )  # fmt: skip
    draft_source = records.source(title=f"{SECRET} draft pamphlet", status=DRAFT)
    draft_term = GlossaryTerm.objects.create(
        key="test-draft-term", term=f"{SECRET} term", gloss="a draft term", status=DRAFT
    )
    for record in [*quotes, control_quote, restricted, embargoed, draft_event, public_event]:
        records.cite(record, source, footnote="10", page="12")
    for record in (public_person, control_quote):  # a draft source behind public records
        Citation.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            source=draft_source,
            page="3",
        )
    withheld_records = [draft_person, draft_org, draft_place, restricted, embargoed, *quotes,
                        draft_event, draft_source, draft_term]  # fmt: skip
    return {
        "public": [public_person, control_quote, public_event, open_interview],
        "withheld": withheld_records,
    }


def public_urls(withheld):
    urls = ["/", "/sitemap.xml", "/robots.txt"]
    urls += [
        f"/sitemap-{name}.xml" for name in ["lists", *(m._meta.model_name for m in PAGE_MODELS)]
    ]
    urls += LISTS + [url.split("?")[0] + f"?q={SECRET}" for url in LISTS]
    urls += ["/quotes/?case=el-agustino", "/people/?case=el-agustino",
             "/events/?case=el-agustino&year_from=1988&year_to=1988", "/interviews/?taped=unknown",
             f"/search/?q={SECRET}", f"/search/?q={CONTROL}", "/search/?q=words"]  # fmt: skip
    urls += record_pages()
    for record in withheld["public"]:
        url = record.get_absolute_url()
        urls += [url, url + "cite.bib", url + "cite.ris", url + "cite.json"]
    urls += [
        "/sources/lrr-el-agustino/?footnote=10",
        "/sources/lrr-el-agustino/?cites=quote",
        "/sources/lrr-el-agustino/?cites=interview",
        "/sources/lrr-el-agustino/?cites=event",
        "/cases/el-agustino/",
    ]
    return urls


@pytest.mark.django_db
def test_withheld_records_appear_on_no_public_page(client, withheld):
    leaks, seen_control = [], False
    for url in public_urls(withheld):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = response.content.decode()
        # A search for the secret word echoes it back; a leak is the word *in a record*:
        # every withheld record has a word after it.
        if LEAK.search(body):
            leaks.append(url)
        seen_control |= CONTROL in body
    assert not leaks, f"withheld material shown on: {leaks}"
    assert seen_control, "the public control records should be visible"


@pytest.mark.django_db
def test_withheld_records_have_no_page_and_no_export(client, withheld):
    for record in withheld["withheld"]:
        url = record.get_absolute_url()
        for suffix in ["", "cite.bib", "cite.ris", "cite.json"]:
            assert client.get(url + suffix).status_code == 404, url + suffix


@pytest.mark.django_db
def test_facet_counts_leave_out_withheld_quotes(client, withheld):
    from cases.models import Quote

    public_count = Quote.objects.public().filter(case__key="el-agustino").count()
    response = client.get("/quotes/")
    case_facet = next(f for f in response.context["facets"] if f.name == "case")
    option = next(o for o in case_facet.options if o.value == "el-agustino")
    assert option.count == public_count
    assert Quote.objects.filter(case__key="el-agustino").count() == public_count + 4


@pytest.mark.django_db
def test_a_public_page_does_not_link_its_withheld_neighbours(client, withheld):
    person, _quote, event, _interview = withheld["public"]
    page = client.get(person.get_absolute_url()).content.decode()
    assert CONTROL in page
    assert "test-draft-org" not in page and "/quotes/test-quote" not in page.replace(
        withheld["public"][1].get_absolute_url(), ""
    )
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert "test-draft-place" not in event_page and not LEAK.search(event_page)
    assert busiest(Source) is not None
