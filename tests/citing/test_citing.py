"""How pages are cited: Chicago text, exports, embedded metadata and JSON-LD."""

import json
import re
from datetime import date

import bibtexparser
import pytest
import rispy
from django.utils.html import strip_tags

from cases.citing import citation_for
from cases.citing.chicago import chicago_html
from cases.citing.csl import record_item, source_item
from cases.citing.exports import FORMATS, as_bibtex, as_csl_json, as_ris
from cases.citing.linked_data import json_ld, json_ld_script
from cases.citing.metadata import coins, highwire_tags
from cases.models import Interview, Interviewee, Person, Quote, Source, SourceCreator
from tests import sample_records as records
from tests.public_urls import PAGE_MODELS

pytestmark = pytest.mark.django_db

ACCESSED = date(2026, 11, 23)
URL = "https://archive.example.org/page/"


def fetch(model, **lookup):
    """A public record fetched as its page fetches it, which the citing code relies on."""
    return model.objects.public().for_page().get(**lookup)


@pytest.fixture
def printed_quote():
    """A quote printed on p. 45, n. 10 of an article by Rodríguez (1994)."""
    src = records.source(
        title="Movimientos populares en Lima",
        container_title="Revista Peruana",
        issued="1994",
        volume="3",
        page="30–60",
    )
    SourceCreator.objects.create(source=src, family="Rodríguez", given="María José")
    case = records.case()
    speaker = records.person(name="Jorge Quintanilla")
    interview = records.interview(case, interviewer=records.person(name="Ana Núñez"))
    Interviewee.objects.create(interview=interview, person=speaker)
    quote = records.quote(case, speaker, interview=interview, date="1991-11")
    records.cite(quote, src, page="45", footnote="10")
    return fetch(Quote, pk=quote.pk)


def test_quote_citation_names_author_year_title_and_locator(printed_quote):
    citing = citation_for(printed_quote, url=URL, accessed=ACCESSED)
    reference = strip_tags(citing.chicago["bibliography"])
    assert "Rodríguez" in reference
    assert "1994" in reference
    assert "“Movimientos populares en Lima”" in reference  # as printed, not title-cased
    # On a page in another language, the title is marked as the work's own words.
    assert (
        '<span translate="no">Movimientos populares en Lima</span>'
        in (citing.chicago["bibliography"])
    )
    assert citing.chicago["in_text"] == "(Rodríguez 1994, 45n10)"
    assert citing.item["page"] == "45"
    assert "Jorge Quintanilla" in citing.item["note"]
    assert "n. 10" in citing.item["note"]


def test_real_quote_is_cited_to_its_footnote():
    quote = fetch(Quote, key="quintanilla-miades-model")
    citing = citation_for(quote, url=URL, accessed=ACCESSED)
    assert citing.item["type"] == "article-journal"
    assert citing.item["container-title"] == "Latin American Research Review"
    # The source gives no author and no year: Chicago writes "n.d.", and the footnote
    # the quote is printed in is the locator.
    assert "n.d." in citing.chicago["in_text"]
    assert "n. 10" in citing.chicago["in_text"]
    assert "Latin American Research Review" in citing.chicago["bibliography"]


def test_interview_item_is_an_interview_with_interviewer_and_date():
    interview = fetch(Interview, key="interview-quintanilla-1991-11-06")
    item = record_item(interview, url=URL, accessed=ACCESSED)
    assert item["type"] == "interview"
    assert item["issued"] == {"date-parts": [[1991, 11, 6]]}
    assert item["author"] == [{"family": "Quintanilla", "given": "Jorge"}]
    # The interviewer is anonymous in the source: described, never named.
    assert item["interviewer"][0]["literal"].startswith("The author of the Latin American")
    assert item["medium"] == "taped interview"
    assert "n. 10" in item["note"]
    chicago = chicago_html(item)
    assert "Quintanilla, Jorge" in chicago["bibliography"]
    assert "1991" in chicago["bibliography"]
    assert "Interview by" in chicago["bibliography"]


def test_a_page_of_the_archive_cites_itself_with_url_access_date_and_sources():
    person = fetch(Person, key="jorge-quintanilla")
    item = record_item(person, url=URL, accessed=ACCESSED)
    assert item["title"] == "Jorge Quintanilla"
    assert item["URL"] == URL
    assert item["accessed"] == {"date-parts": [[2026, 11, 23]]}
    assert item["container-title"] == "El Agustino & El Gol: a case-study archive"
    assert item["note"].startswith("Based on: ")
    chicago = chicago_html(item)
    assert "Accessed November 23, 2026" in chicago["bibliography"]


def test_a_spanish_page_cites_in_spanish_and_its_files_are_the_same(client):
    """The Chicago reference in the page's language; BibTeX and RIS the same from either."""
    english = client.get("/quotes/quintanilla-miades-model/").content.decode()
    spanish = client.get("/es/quotes/quintanilla-miades-model/").content.decode()
    assert "n.d." in english and "s.\xa0f." in spanish and "n.d." not in strip_tags(spanish)
    person_es = client.get("/es/people/jorge-quintanilla/").content.decode()
    assert re.search(r"Accedido \d{1,2} de \w+ de \d{4}", strip_tags(person_es))
    for extension in ("bib", "ris", "json"):
        plain = client.get(f"/people/jorge-quintanilla/cite.{extension}").content
        via_spanish = client.get(f"/es/people/jorge-quintanilla/cite.{extension}").content
        assert plain == via_spanish, extension
        assert b"/es/" not in via_spanish


def test_source_item_follows_csl_json():
    src = records.source(kind="book", title="El Perú de los años ochenta", issued="1989~")
    SourceCreator.objects.create(source=src, literal="DESCO")
    SourceCreator.objects.create(source=src, role="editor", family="Tanaka", given="Martín")
    item = source_item(Source.objects.prefetch_related("creators").get(pk=src.pk))
    assert item["type"] == "book"
    assert item["issued"] == {"date-parts": [[1989]], "circa": True}
    assert item["author"] == [{"literal": "DESCO"}]
    assert item["editor"] == [{"family": "Tanaka", "given": "Martín"}]


def test_an_item_without_author_or_date_still_formats():
    chicago = chicago_html({"id": "x", "type": "book", "title": "Sin autor"})
    assert "n.d." in chicago["bibliography"]
    assert "Sin autor" in chicago["bibliography"]
    assert chicago["in_text"].startswith("(")


def test_chicago_html_escapes_the_data():
    chicago = chicago_html(
        {
            "id": "x",
            "type": "article-journal",
            "title": "<script>alert(1)</script> & more",
            "container-title": "Journal",
            "author": [{"family": "Pérez"}],
        }
    )
    assert "<script>" not in chicago["bibliography"]
    assert "&lt;script&gt;" in chicago["bibliography"]
    assert "&amp; " in chicago["bibliography"]
    assert '<i><span translate="no">Journal</span></i>' in chicago["bibliography"]


def test_bibtex_parses_back_with_types_fields_and_accents(printed_quote):
    interview = fetch(Interview, key="interview-quintanilla-1991-11-06")
    items = [
        record_item(printed_quote, url=URL, accessed=ACCESSED),
        record_item(interview, url=URL, accessed=ACCESSED),
    ]
    library = bibtexparser.parse_string(as_bibtex(items))
    assert not library.failed_blocks
    article, misc = library.entries
    assert article.entry_type == "article"
    assert article.fields_dict["author"].value == "Rodríguez, María José"
    assert article.fields_dict["journal"].value == "Revista Peruana"
    assert article.fields_dict["year"].value == "1994"
    assert article.fields_dict["pages"].value == "45"
    assert misc.entry_type == "misc"
    assert misc.key == "interview-quintanilla-1991-11-06"
    assert "Taped interview by" in misc.fields_dict["note"].value
    assert misc.fields_dict["date"].value == "1991-11-06"


def test_bibtex_page_ranges_and_web_pages():
    items = [
        {"id": "r", "type": "report", "title": "T", "page": "91–113", "publisher": "IDS"},
        {
            "id": "w",
            "type": "entry-encyclopedia",
            "title": "Faena",
            "URL": URL,
            "accessed": {"date-parts": [[2026, 11, 23]]},
        },
    ]
    report, page = bibtexparser.parse_string(as_bibtex(items)).entries
    assert report.entry_type == "techreport"
    assert report.fields_dict["pages"].value == "91--113"
    assert report.fields_dict["institution"].value == "IDS"
    assert page.entry_type == "misc"
    assert page.fields_dict["howpublished"].value == "\\url{" + URL + "}"
    assert page.fields_dict["urldate"].value == "2026-11-23"


def test_ris_parses_back(printed_quote):
    interview = fetch(Interview, key="interview-quintanilla-1991-11-06")
    items = [
        record_item(printed_quote, url=URL, accessed=ACCESSED),
        record_item(interview, url=URL, accessed=ACCESSED),
    ]
    article, talk = rispy.loads(as_ris(items))
    assert article["type_of_reference"] == "JOUR"
    assert article["authors"] == ["Rodríguez, María José"]
    assert article["journal_name"] == "Revista Peruana"
    assert article["start_page"] == "45"
    assert article["year"] == "1994"
    assert talk["type_of_reference"] == "GEN"
    assert talk["date"] == "1991/11/06"
    assert any("n. 10" in note for note in talk["notes"])


def test_csl_json_is_a_valid_array_with_accents_kept(printed_quote):
    text = as_csl_json([record_item(printed_quote, url=URL, accessed=ACCESSED)])
    assert "Rodríguez" in text  # UTF-8, not \u escapes
    (item,) = json.loads(text)
    assert {"id", "type", "title"} <= item.keys()


def test_formats_name_writer_media_type_and_extension():
    assert set(FORMATS) == {"bibtex", "ris", "csl-json"}
    for writer, media_type, extension in FORMATS.values():
        assert callable(writer) and "/" in media_type and extension


def test_highwire_and_coins_let_zotero_capture_the_page(printed_quote):
    item = record_item(printed_quote, url=URL, accessed=ACCESSED)
    tags = highwire_tags(item)
    assert ("citation_title", "Movimientos populares en Lima") in tags
    assert ("citation_author", "Rodríguez, María José") in tags
    assert ("citation_publication_date", "1994") in tags
    assert ("citation_journal_title", "Revista Peruana") in tags
    assert ("citation_firstpage", "45") in tags
    span = coins(item)
    assert span.startswith("ctx_ver=Z39.88-2004")
    assert "rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal" in span
    assert "rft.au=Rodr%C3%ADguez%2C+Mar%C3%ADa+Jos%C3%A9" in span

    person = fetch(Person, key="jorge-quintanilla")
    page = record_item(person, url=URL, accessed=ACCESSED)
    assert ("citation_public_url", URL) in highwire_tags(page)
    assert "mtx%3Adc" in coins(page)


def test_json_ld_cannot_break_out_of_its_script_element():
    person = records.person(name="Eve", description="</script><script>alert(1)</script>")
    data = json_ld(fetch(Person, pk=person.pk), url=URL)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["isPartOf"] == {
        "@type": "WebSite",
        "name": "El Agustino & El Gol: a case-study archive",
    }
    script = json_ld_script(data)
    assert script.startswith('<script type="application/ld+json">')
    assert script.count("</script>") == 1
    assert "<script>alert" not in script
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["description"] == "</script><script>alert(1)</script>"


def test_json_ld_types(printed_quote):
    data = json_ld(printed_quote, url=URL)
    assert data["@type"] == "Quotation"
    assert data["creator"]["name"] == "Jorge Quintanilla"
    assert data["isBasedOn"]["@type"] == "ScholarlyArticle"
    interview = json_ld(fetch(Interview, key="interview-quintanilla-1991-11-06"), url=URL)
    assert interview["dateCreated"] == "1991-11-06"
    assert interview["about"] == [{"@type": "Person", "name": "Jorge Quintanilla"}]


@pytest.mark.parametrize("model", PAGE_MODELS)
def test_every_kind_of_public_record_is_cited_without_extra_queries(
    model, django_assert_num_queries
):
    pages = list(model.objects.public().for_page()[:15])
    assert pages
    # Prefetched records cost nothing more: no query per page on lists and exports.
    with django_assert_num_queries(0):
        for record in pages:
            citing = citation_for(record, url=URL, accessed=ACCESSED)
            assert citing.item["id"] == record.key
            assert citing.item["title"]
            assert citing.chicago["bibliography"]
            assert citing.json_ld.startswith("<script")
    items = [c for c in (record_item(r, url=URL, accessed=ACCESSED) for r in pages)]
    assert len(bibtexparser.parse_string(as_bibtex(items)).entries) == len(items)
    assert len(rispy.loads(as_ris(items))) == len(items)
