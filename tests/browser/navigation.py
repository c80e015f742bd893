"""The site's sections as its navigation names them, and a reader's way to a person's page."""

from playwright.sync_api import expect

# The header's "Sections" navigation, in its order.
SECTIONS = [
    "Cases",
    "People",
    "Organisations",
    "Events",
    "Interviews",
    "Quotes",
    "Places",
    "Bibliography",
    "Glossary",
]


def open_person(page, site_url, words, name):
    """The people list filtered by `words`, then the person called `name` from it."""
    page.goto(f"{site_url}/people/")
    page.get_by_label("Words").fill(words)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
