"""The archive in Spanish, as a reader who clicks "Español" meets it.

Every public page type and the main admin pages: the reader opens the English page, clicks
the language switch, and reads the Spanish page. On it, no English word of the interface that
the English page showed may remain. "Interface" is every word on the page in the page's own
language: record content (descriptions, titles, quotes, which the archive writes in English)
is marked ``lang="en"`` and left out, as a screen reader switches voice for it. "English
word" is a word of the catalogue's English messages that no Spanish translation uses
(so "CSV", "BibTeX" or "El Agustino", the same in both, are not counted).
"""

import re
from urllib.parse import parse_qs, urlsplit

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cases.management.commands.update_catalogue import catalogue
from cases.records.roles import ARCHIVIST

from .test_page_types import PAGES as PAGE_TYPES

PAGES = {
    "home": "/",
    **PAGE_TYPES,
    "search": "/search/?q=mayor",
    "network": "/network/",
    "figures": "/cases/el-gol/figures/",
    "person": "/people/jorge-quintanilla/",
    "quote": "/quotes/quintanilla-asistencialista/",
    "sign-in": "/accounts/login/",
}
WORD = re.compile(r"[^\W\d_]+")

# The page's words in its own language: every text node, title and accessible label whose
# nearest element with a lang attribute is <html>, outside names and titles marked
# translate="no" (a person's, a work's) and outside what `skip` selects.
INTERFACE_WORDS = """(skip) => {
  const root = document.documentElement, out = [];
  const own = (el) => el.closest('[lang]') === root && !el.closest('[translate="no"]')
    && !(skip && el.closest(skip));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style') || !own(el)) continue;
    out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    if (!own(el)) continue;
    for (const name of ['aria-label', 'title', 'alt', 'placeholder'])
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
  }
  // The tab's title cannot mark a name inside it: its words that the page marks as
  // record content elsewhere are left out, the rest kept.
  const marked = '[translate="no"], body [lang]' + (skip ? ', ' + skip : '');
  const content = [...document.querySelectorAll(marked)]
    .filter((el) => el.lang !== root.lang).map((el) => el.textContent).join(' ');
  return {texts: out, title: document.title, content};
}"""


def words(text):
    return {word.casefold() for word in WORD.findall(text)}


def interface(page, skip=None):
    """The page's interface: each text, label and title in the page's own language."""
    page.wait_for_load_state("load")  # after a click, the page it led to, whole
    found = page.evaluate(INTERFACE_WORDS, skip)
    content = words(found["content"])
    title = " ".join(w for w in WORD.findall(found["title"]) if w.casefold() not in content)
    return [" ".join(text.split()) for text in [*found["texts"], title]]


def left_in_english(english_texts, spanish_texts, english_only_words):
    """The English interface words still on the Spanish page, each with where it stands."""
    english = words(" ".join(english_texts))
    left = {}
    for text in spanish_texts:
        for word in words(text) & english & english_only_words:
            left.setdefault(word, []).append(text[:120])
    return {word: places[:3] for word, places in sorted(left.items())}


@pytest.fixture(scope="module")
def english_only_words():
    """Words of the interface's English messages that no Spanish message uses."""
    english, spanish = set(), set()
    for entry in polib.pofile(str(catalogue("es"))):
        english |= words(entry.msgid + " " + entry.msgid_plural)
        spanish |= words(entry.msgstr + " " + " ".join(entry.msgstr_plural.values()))
    return english - spanish


def read_in_spanish(page, url, *, skip=None):
    """The English page, then the same page after clicking "Español": both interfaces."""
    page.goto(url)
    english = interface(page, skip)
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    return english, interface(page, skip)


def same_page(english_url, spanish_url):
    before, after = urlsplit(english_url), urlsplit(spanish_url)
    assert after.path == "/es" + before.path
    assert parse_qs(after.query) == parse_qs(before.query)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_reads_in_spanish(
    page, site_url, english_only_words, assert_accessible, screenshot, name
):
    english, spanish = read_in_spanish(page, site_url + PAGES[name])
    same_page(site_url + PAGES[name], page.url)
    assert left_in_english(english, spanish, english_only_words) == {}, page.url
    assert page.evaluate("document.contentType") == "text/html"
    screenshot(page, f"es-{name}")
    assert_accessible(page)


USERNAME, PASSWORD = "mquispe", "a-long-pass-phrase-for-the-archive"


@pytest.fixture(scope="module")
def archivist_sign_in(live_site, django_db_blocker):
    """``archivist_sign_in(page)``: signs an archivist in through the admin's sign-in page."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=ARCHIVIST))

    def sign_in(page):
        page.goto(f"{live_site.url}/")
        page.get_by_role("link", name="Archivists' sign-in").click()
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name="Interviews", exact=True)).to_be_visible()

    yield sign_in
    with django_db_blocker.unblock():
        user.delete()


# Record content in the admin's own templates, which the archive does not mark: the values
# in the change list, the form's fields and choices, the record's name in the title.
ADMIN_CONTENT = ",".join(
    [
        "#result_list tbody",
        "textarea",
        "select",
        ".readonly",
        "#content > h2",
        ".breadcrumbs",
        "#changelist-filter li",
        "td.original",  # an inline row's record, as its str
        ".inline_label",
        ".select2-container",  # a related record chosen by autocomplete
        ".help",  # help texts are translated; they quote examples in the sources' words
    ]
)


def test_the_admin_reads_in_spanish(
    page, site_url, archivist_sign_in, english_only_words, screenshot
):
    archivist_sign_in(page)
    for url in (
        "/admin/",
        "/admin/cases/interview/",
        "/admin/cases/interview/?access__exact=public",
        "/admin/cases/quote/",
        "/admin/cases/person/",
    ):
        english, spanish = read_in_spanish(page, site_url + url, skip=ADMIN_CONTENT)
        same_page(site_url + url, page.url)
        assert left_in_english(english, spanish, english_only_words) == {}, page.url
    # The interview form, reached by clicking from the Spanish list.
    page.get_by_role("link", name="Entrevistas", exact=True).first.click()
    page.get_by_role("link", name="Interview with Jorge Quintanilla", exact=True).click()
    expect(page.get_by_role("heading", name="Modificar entrevista")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    spanish = interface(page, ADMIN_CONTENT)
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = interface(page, ADMIN_CONTENT)
    assert left_in_english(english, spanish, english_only_words) == {}
    page.go_back()
    screenshot(page, "es-admin-interview-form")


def test_switching_language_keeps_the_page_and_its_filters(page, site_url):
    page.goto(f"{site_url}/")
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_label("Kind").select_option("election")
    page.get_by_label("Case").select_option("el-gol")
    page.get_by_role("button", name="Apply filters").click()
    english_url = page.url
    english_rows = page.locator("ol.records > li").count()

    page.get_by_role("link", name="Español").click()
    same_page(english_url, page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Eventos")
    expect(page.get_by_label("Tipo")).to_have_value("election")
    expect(page.get_by_label("Caso")).to_have_value("el-gol")
    expect(page.locator("ol.records > li")).to_have_count(english_rows)

    # Paging on in Spanish stays in Spanish.
    page.get_by_role("link", name="Personas", exact=True).click()
    page.get_by_role("link", name="Página siguiente").first.click()
    assert urlsplit(page.url).path == "/es/people/"
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_role("link", name="English").click()
    assert urlsplit(page.url).path == "/people/"
    assert parse_qs(urlsplit(page.url).query)["page"] == ["2"]
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")


def test_a_spanish_browser_is_offered_spanish_and_keeps_the_choice_of_english(new_page, site_url):
    page = new_page(locale="es-PE", extra_http_headers={"Accept-Language": "es-PE,es;q=0.9"})
    page.goto(f"{site_url}/people/?case=el-gol")
    assert urlsplit(page.url).path == "/es/people/"
    assert parse_qs(urlsplit(page.url).query) == {"case": ["el-gol"]}
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personas")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The choice holds: the English pages it links to stay English.
    page.get_by_role("link", name="Quotes", exact=True).click()
    assert urlsplit(page.url).path == "/quotes/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Quotes")


def test_every_page_names_its_other_language_for_search_engines(page, site_url):
    page.goto(f"{site_url}/es/people/jorge-quintanilla/")
    links = page.locator('link[rel="alternate"][hreflang]')
    hrefs = {link.get_attribute("hreflang"): link.get_attribute("href") for link in links.all()}
    assert hrefs == {
        "en": f"{site_url}/people/jorge-quintanilla/",
        "es": f"{site_url}/es/people/jorge-quintanilla/",
        "x-default": f"{site_url}/people/jorge-quintanilla/",
    }


SVG_GEOMETRY = """() => [...document.querySelectorAll('svg *')].map((el) =>
  ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'd', 'points',
   'transform', 'data-value'].map((name) => el.getAttribute(name)).join('|'))"""


@pytest.mark.parametrize(
    "url", ["/people/jorge-quintanilla/", "/network/", "/cases/el-gol/figures/"]
)
def test_drawings_are_drawn_the_same_in_spanish(page, site_url, screenshot, url):
    """Coordinates are numbers for the SVG: a Spanish page must not write "230,5"."""
    page.goto(site_url + url)
    english = page.evaluate(SVG_GEOMETRY)
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert english and page.evaluate(SVG_GEOMETRY) == english
    screenshot(page, "es-drawing-" + url.strip("/").replace("/", "-"))


@pytest.fixture
def shared_reading_list(live_site, django_db_blocker):
    """A published reading list of a quote and a source, as a student's share link opens it."""
    from cases.models import ReadingList
    from cases.teaching import reading

    with django_db_blocker.unblock():
        owner = get_user_model().objects.create_user("mflores", password=PASSWORD)
        reading_list = ReadingList.objects.create(owner=owner, title="Semana 3", published=True)
        reading.add(reading_list, "quote", "quintanilla-miades-national-project")
        reading.add(reading_list, "source", "lrr-el-agustino")
    yield reading_list
    with django_db_blocker.unblock():
        reading_list.delete()
        owner.delete()


def test_a_students_reading_list_reads_in_spanish(
    page, site_url, shared_reading_list, english_only_words, assert_accessible, screenshot
):
    english, spanish = read_in_spanish(page, site_url + shared_reading_list.get_share_url())
    assert left_in_english(english, spanish, english_only_words) == {}, page.url
    screenshot(page, "es-reading-list")
    assert_accessible(page)
