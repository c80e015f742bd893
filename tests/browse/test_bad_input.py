"""Bad input is refused with a reason, or gives an empty result with a message: never a 500."""

import pytest

from tests.public_urls import LISTS

LIST_PATHS = sorted({url.split("?")[0] for url in LISTS})
LONG = "palabra " * 1250  # 10,000 characters

REFUSED = [  # (query string, what the reader is told)
    ("year_from=abc", "Enter a whole number"),
    ("year_from=99999", "less than or equal to 2100"),
    ("year_from=1990&year_to=1980", "runs backwards"),
    ("case=not%20a%20key!", "valid “slug”"),
    ("sort=nonsense", "Select a valid choice"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_a_malformed_filter_is_refused_with_its_reason(client, path, query, reason):
    if "year" in query and path in ("/people/", "/places/", "/glossary/"):
        query = "case=not%20a%20key!"  # these lists have no year range
        reason = "valid “slug”"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body
    assert "could not be applied" in body
    assert "Clear all filters" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PATHS)
def test_an_unknown_key_gives_an_empty_list_with_a_message(client, path):
    response = client.get(f"{path}?case=no-such-case")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert "Nothing matches these filters" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("page", ["999999", "0", "abc", "-1"])
def test_a_page_out_of_range_is_a_404_with_a_way_back(client, path, page):
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 404
    assert "Go to the first page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*LIST_PATHS, "/search/"])
@pytest.mark.parametrize(
    "words",
    [LONG, '"unmatched quote', "a & b | !(", ":*", "'; DROP TABLE cases_quote; --", "\x00"],
)
def test_odd_words_never_break_a_list_or_the_search(client, path, words):
    response = client.get(path, {"q": words})
    if "\x00" in words:
        # A NUL character is refused before any page reads it, and the reader is told why.
        assert response.status_code == 400
        assert "a control character (such as a NUL byte)" in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.django_db
def test_a_long_search_is_shortened_and_says_so(client):
    response = client.get("/search/", {"q": LONG})
    assert response.status_code == 200
    assert "only its first 200 characters were used" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/people/no-such-person/",
        "/quotes/no-such-quote/cite.bib",
        "/quotes/no-such-quote/cite.pdf",
        "/sources/lrr-el-agustino/?cites=nonsense",
        "/sources/lrr-el-agustino/?page=999999",
        "/sources/lrr-el-agustino/cite.exe",
    ],
)
def test_missing_records_and_formats_are_404(client, url):
    assert client.get(url).status_code == 404
