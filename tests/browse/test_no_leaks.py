"""Drafts, restricted interviews and their quotes never leave the admin.

Each withheld record carries a word found nowhere else ("Zanzibarite…"); the test then
visits every public page, list (with its facet counts), search, citation export and the
sitemap, and asserts the word appears in none of them, while a public control record
made the same way does appear, so the test would notice if nothing were shown at all.
"""

import datetime
import re

import pytest

from cases.models import (
    Affiliation,
    CaseStudy,
    Event,
    EventParticipant,
    GlossaryTerm,
    Interviewee,
    Organisation,
    Place,
    Source,
    Status,
)
from tests import sample_records as records
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
        records.cite(record, draft_source, page="3")
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


# ---- Withheld through every relation: an intermediate record, the case, a chosen key

MADE_UP = "no-such-record-anywhere"


@pytest.fixture
def rendered(settings):
    """Every response rendered, with its context: none served from the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


def answer(client, url, key):
    """What a reader gets for ``url`` naming ``key``, with the key itself blanked out.

    Status, the records listed, every facet (values, labels, counts, chosen) and the whole
    page: a withheld key must give the same as a key that never existed.
    """
    response = client.get(url.replace("KEY", key))
    body = read(response).replace(key, "KEY")
    context = response.context
    if context is None or "page_obj" not in context:  # an export, a drawing, a 404
        return response.status_code, body
    listed = [record.key for record in context["page_obj"].object_list]
    facets = [
        (facet.name, [(o.value.replace(key, "KEY"), o.label.replace(key, "KEY"), o.count,
                       o.selected) for o in facet.options])
        for facet in context["facets"]
    ]  # fmt: skip
    return response.status_code, listed, facets, body


def read(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def facet_values(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


@pytest.mark.django_db
def test_a_draft_affiliation_neither_counts_in_the_facet_nor_finds_the_person(client, rendered):
    case = records.case()
    member = records.person(name=f"{CONTROL} Member")
    member.cases.add(case)
    qullana = Organisation.objects.create(key="test-qullana", name="Qullana", kind="party")
    Affiliation.objects.create(
        key="test-draft-post", person=member, organisation=qullana, role="secretary",
        date="1989", status=DRAFT,
    )  # fmt: skip
    listed = client.get(f"/people/?case={case.key}")
    assert [record.key for record in listed.context["page_obj"].object_list] == [member.key]
    assert "test-qullana" not in facet_values(listed, "organisation")
    assert "Qullana" not in listed.content.decode()
    url = f"/people/?case={case.key}&organisation=KEY"
    assert answer(client, url, "test-qullana") == answer(client, url, MADE_UP)
    export = "/people/export.csv?organisation=KEY"
    assert answer(client, export, "test-qullana") == answer(client, export, MADE_UP)
    assert "test-qullana" not in read(client.get(f"/people/export.csv?case={case.key}"))


@pytest.fixture
def draft_case(db):
    """A draft case with published records of every kind a case owns, and a public speaker
    who also belongs to a public case."""
    from cases.models import Figure, InterviewSeries

    case = records.case(
        key="test-draft-case", title=f"{SECRET} draft case", short_title=f"{SECRET} Case",
        status=DRAFT,
    )  # fmt: skip
    source = Source.objects.get(key="lrr-el-agustino")
    speaker = records.person(key="test-two-case-speaker", name=f"{CONTROL} Two-case Speaker")
    speaker.cases.add(CaseStudy.objects.get(key="el-agustino"), case)
    event = Event.objects.create(
        key="test-event-of-draft-case", title=f"{SECRET} event of a draft case",
        kind="meeting", case=case, date="1990",
    )  # fmt: skip
    EventParticipant.objects.create(event=event, person=speaker)
    series = InterviewSeries.objects.create(
        key="test-series-of-draft-case", title=f"{SECRET} series", case=case, date="1991"
    )
    interview = records.interview(
        case, key="test-interview-of-draft-case", title=f"{SECRET} interview of a draft case",
        series=series,
    )  # fmt: skip
    Interviewee.objects.create(interview=interview, person=speaker)
    quotes = [
        records.quote(case, speaker, key="test-quote-of-draft-case",
                      text=f"{SECRET} taped words of a draft case", interview=interview),
        records.quote(case, speaker, key="test-quote-of-draft-case-2",
                      text=f"{SECRET} printed words of a draft case"),
    ]  # fmt: skip
    figure = Figure.objects.create(
        key="test-figure-of-draft-case", measure=f"{SECRET} measure", value_text="12",
        case=case,
    )  # fmt: skip
    for record in [event, interview, *quotes, series, figure]:
        records.cite(record, source, footnote="10", page="12")
    return {
        "case": case,
        "speaker": speaker,
        "records": [event, interview, *quotes],
        "others": [series, figure],
    }


@pytest.mark.django_db
def test_a_draft_case_takes_its_records_with_it(client, rendered, draft_case):
    from cases.models import Figure, InterviewSeries, Quote

    for record in draft_case["records"]:
        assert record not in type(record).objects.public()
        url = record.get_absolute_url()
        for suffix in ["", "cite.bib", "cite.ris", "cite.json"]:
            assert client.get(url + suffix).status_code == 404, url + suffix
    assert not InterviewSeries.objects.public().filter(case=draft_case["case"]).exists()
    assert not Figure.objects.public().filter(case=draft_case["case"]).exists()
    assert not Quote.objects.public().filter(case=draft_case["case"]).exists()

    speaker = draft_case["speaker"]
    urls = [
        "/events/", "/interviews/", "/quotes/", "/people/", "/events/?year_from=1990",
        f"/events/?person={speaker.key}", f"/interviews/?interviewee={speaker.key}",
        f"/quotes/?speaker={speaker.key}", f"/people/?q={CONTROL}", f"/search/?q={SECRET}",
        "/search/?q=words", speaker.get_absolute_url(), speaker.get_absolute_url() + "cite.json",
        "/sources/lrr-el-agustino/?cites=event", "/sources/lrr-el-agustino/?cites=interview",
        "/sources/lrr-el-agustino/?cites=quote", "/sources/lrr-el-agustino/?footnote=10",
        "/sitemap-event.xml", "/sitemap-interview.xml", "/sitemap-quote.xml",
        "/sitemap-casestudy.xml", "/cases/",
        "/events/export.csv", "/interviews/export.csv", "/quotes/export.csv",
        "/people/export.csv", f"/events/export.csv?person={speaker.key}",
    ]  # fmt: skip
    for list_url in ["/events/", "/interviews/", "/quotes/"]:
        urls.append(f"{list_url}?q={SECRET}")
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = read(response)
        if LEAK.search(body) or "test-draft-case" in body or "of-draft-case" in body:
            shown.append(url)
    assert not shown, f"a draft case's records shown on: {shown}"
    assert CONTROL in client.get(speaker.get_absolute_url()).content.decode()

    for list_url in ["/events/", "/interviews/", "/quotes/", "/people/"]:
        assert "test-draft-case" not in facet_values(client.get(list_url), "case"), list_url
        url = f"{list_url}?case=KEY"
        assert answer(client, url, "test-draft-case") == answer(client, url, MADE_UP), list_url
        export = list_url + "export.csv?case=KEY"
        assert answer(client, export, "test-draft-case") == answer(client, export, MADE_UP)
    for url in ["/network/?case=KEY", "/cases/KEY/figures/", "/cases/KEY/", "/cases/?case=KEY"]:
        assert answer(client, url, "test-draft-case") == answer(client, url, MADE_UP), url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/events/?person=KEY",
        "/events/?organisation=KEY",
        "/events/?place=KEY",
        "/interviews/?interviewee=KEY",
        "/interviews/?place=KEY",
        "/organisations/?place=KEY",
        "/places/?within=KEY",
        "/quotes/?source=KEY",
        "/events/export.csv?person=KEY",
        "/events/export.csv?place=KEY",
        "/interviews/export.csv?interviewee=KEY",
        "/quotes/export.csv?source=KEY",
    ],
)
def test_a_withheld_key_answers_as_a_made_up_one(client, rendered, withheld, url):
    draft_person, draft_org, draft_place = withheld["withheld"][:3]
    draft_source = next(r for r in withheld["withheld"] if isinstance(r, Source))
    case = CaseStudy.objects.get(key="el-agustino")
    public_interview = withheld["public"][3]
    Interviewee.objects.create(interview=public_interview, person=draft_person)
    public_interview.place = draft_place
    public_interview.save()
    Organisation.objects.create(key="test-org-on-draft-place", name="Org", kind="party",
                                place=draft_place).cases.add(case)  # fmt: skip
    Place.objects.create(key="test-place-in-draft-place", name="Child", kind="settlement",
                         parent=draft_place)  # fmt: skip
    parameter = url.split("?")[1].split("=")[0]
    key = {
        "person": draft_person.key,
        "interviewee": draft_person.key,
        "organisation": draft_org.key,
        "place": draft_place.key,
        "within": draft_place.key,
        "source": draft_source.key,
    }[parameter]
    assert answer(client, url, key) == answer(client, url, MADE_UP)


@pytest.mark.django_db
def test_a_public_interview_does_not_name_a_series_of_a_draft_case(client, rendered, draft_case):
    series = draft_case["others"][0]
    interview = records.interview(
        CaseStudy.objects.get(key="el-agustino"), title=f"{CONTROL} interview", series=series
    )
    page = read(client.get(interview.get_absolute_url()))
    assert CONTROL in page
    assert not LEAK.search(page)
