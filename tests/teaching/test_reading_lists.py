"""Instructors' reading lists: who may touch a list, building it, sharing it with students.

A private list does not exist for anyone but its owner and co-editors (404, never 403).
A published list is read through its share link without an account; a record withdrawn
after it was added drops out of the students' view (and the bibliography) at once, and
is flagged to the list's editors. The bibliography downloads parse in their formats.
"""

import json
import re
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext

from cases.models import (
    CaseStudy,
    Event,
    GlossaryTerm,
    Interview,
    Person,
    Place,
    Quote,
    ReadingItem,
    ReadingList,
    Source,
)
from cases.records.roles import INSTRUCTOR
from tests import sample_records as records

pytestmark = pytest.mark.django_db

QUOTE = "quintanilla-miades-national-project"
QUOTE_WORDS = "It is a political project of self-government"
INTERVIEW = "interview-quintanilla-1991-11-06"
PERSON = "jorge-quintanilla"
SOURCE = "lrr-el-agustino"
SOURCE_TITLE = "Article on urban popular movements"
EL_GOL_SOURCE = "ids-el-gol"
EL_GOL_SOURCE_TITLE = "Pro-poor, rights-based approaches"
EL_GOL_TERM = "el-gol-gl-faena"  # cites only the El Gol report
EVENT = "pum-split-1988"
ORGANISATION = "pum"
TERM = "promotores"
CASE = "el-agustino"


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def other_instructor(django_user_model):
    user = django_user_model.objects.create_user(
        "other-instructor", password="a-long-pass-phrase-3"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=INSTRUCTOR))
    return user


def new_list(client, user, title="Urban movements, week 3", **fields):
    """A list made the way an instructor makes one: through the form."""
    client.force_login(user)
    data = {"title": title, "course": "POL 210", "introduction": "Read in this order."}
    data.update(fields)
    response = client.post("/readings/new/", data)
    assert response.status_code == 302
    reading_list = ReadingList.objects.get(title=title, owner=user)
    assert response["Location"] == reading_list.get_absolute_url()
    return reading_list


def add(client, reading_list, kind, key, next_url="/"):
    return client.post(
        "/readings/add/",
        {"reading_list": reading_list.pk, "kind": kind, "key": key, "next": next_url},
    )


def add_all(client, reading_list, pairs):
    for kind, key in pairs:
        response = add(client, reading_list, kind, key)
        assert response.status_code == 302
        assert message_of(response).startswith("Added to"), (kind, key)


def message_of(response) -> str:
    """The message this request added (earlier ones wait, unshown, for the next page)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def item_keys(reading_list) -> list[tuple[str, str]]:
    """The list's items in order, as (model name, record key), a link as ("link", path)."""
    result = []
    for item in reading_list.items.select_related("content_type").order_by("order", "pk"):
        if item.link:
            result.append(("link", item.link))
            continue
        model = item.content_type.model_class()
        record = model._default_manager.get(pk=item.object_id)
        result.append((item.content_type.model, record.key))
    return result


def snapshot(reading_list) -> tuple:
    reading_list.refresh_from_db()
    items = tuple(
        reading_list.items.order_by("order", "pk").values_list(
            "pk", "object_id", "link", "title", "order", "pages", "note", "questions"
        )
    )
    return (reading_list.title, reading_list.published, reading_list.share_token, items)


def publish(client, reading_list, value="yes"):
    response = client.post(f"/readings/{reading_list.pk}/publish/", {"published": value})
    assert response.status_code == 302
    reading_list.refresh_from_db()
    return response


def record_url(model, key) -> str:
    return model.objects.get(key=key).get_absolute_url()


def positions(html: str, needles: list[str]) -> list[int]:
    found = [html.find(needle) for needle in needles]
    assert all(position >= 0 for position in found), list(zip(needles, found, strict=True))
    return found


def shared_href(url: str) -> str:
    """How the share page links to ``url``: naming the list, for the way back."""
    return f'href="{url}?reading='


class FormReader(HTMLParser):
    """What a browser would send from the editing form as it is shown: hidden and text
    inputs, textareas, checked boxes, selected options (not the buttons)."""

    def __init__(self):
        super().__init__()
        self.fields, self.textarea, self.select, self.in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "reading-editor" in (attrs.get("class") or ""):
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([attrs["name"], attrs.get("value") or ""])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def shown_form(client, reading_list) -> list[list[str]]:
    reader = FormReader()
    reader.feed(client.get(reading_list.get_absolute_url()).content.decode())
    assert reader.fields, "the editing form is not on the page"
    return reader.fields


def submit(client, reading_list, typed=None, button=("action", "save"), fields=None):
    """Fill in the editing form as shown (or ``fields``), type ``typed`` into it
    ({field name: text}) and press ``button`` (its name and value)."""
    fields = [list(pair) for pair in (fields or shown_form(client, reading_list))]
    for name, text in (typed or {}).items():
        matching = [pair for pair in fields if pair[0] == name]
        assert matching, f"no field {name} in the form"
        matching[0][1] = text
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data[button[0]] = [str(button[1])]
    return client.post(reading_list.get_absolute_url(), data)


def bibliography_part(html: str) -> str:
    """The share page's bibliography section (empty if it has none)."""
    start = html.find('id="bibliography-heading"')
    return "" if start < 0 else html[start:]


def items_part(html: str) -> str:
    start = html.find('class="reading-items"')
    end = html.find('id="bibliography-heading"')
    return html[start : end if end > 0 else len(html)]


# --- 1. permissions ----------------------------------------------------------------------


def test_instructor_creates_a_list_and_sees_it_on_their_index(client, instructor):
    reading_list = new_list(client, instructor, title="Clientelism and its limits")
    assert reading_list.owner == instructor
    assert not reading_list.published
    page = client.get("/readings/")
    assert page.status_code == 200
    assert "Clientelism and its limits" in page.content.decode()
    assert reading_list.get_absolute_url() in page.content.decode()
    edit = client.get(reading_list.get_absolute_url())
    assert edit.status_code == 200
    assert "private" in edit.content.decode()


def test_another_instructor_gets_404_everywhere_and_changes_nothing(
    client, instructor, other_instructor
):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", QUOTE), ("person", PERSON)])
    item = reading_list.items.first()
    before = snapshot(reading_list)
    lists_before = ReadingList.objects.count()

    client.force_login(other_instructor)
    base = f"/readings/{reading_list.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.post(f"{base}/", {"title": "Taken over"}).status_code == 404
    assert client.get(f"{base}/preview/").status_code == 404
    order = [str(row[0]) for row in reversed(before[3])]
    assert client.post(f"{base}/order/", {"order": order}).status_code == 404
    assert client.post(f"{base}/publish/", {"published": "yes"}).status_code == 404
    assert client.post(f"{base}/duplicate/").status_code == 404
    form = {"title": "Taken over", "order": order, f"item-{item.pk}-note": "Hijacked"}
    for button in [
        ("action", "save"),
        ("action", "publish"),
        ("action", "duplicate"),
        ("move_down", item.pk),
        ("remove", item.pk),
    ]:
        assert client.post(f"{base}/", {**form, button[0]: button[1]}).status_code == 404
    assert client.post(f"{base}/items/{item.pk}/remove/").status_code == 404
    assert add(client, reading_list, "event", EVENT).status_code == 404

    assert snapshot(reading_list) == before
    assert ReadingList.objects.count() == lists_before
    # And the other instructor's index does not show it.
    assert reading_list.title not in client.get("/readings/").content.decode()


def test_a_co_editor_can_edit_the_list(client, instructor, other_instructor):
    reading_list = new_list(client, instructor, co_editors=[other_instructor.pk])
    assert list(reading_list.co_editors.all()) == [other_instructor]

    client.force_login(other_instructor)
    assert reading_list.title in client.get("/readings/").content.decode()
    assert client.get(reading_list.get_absolute_url()).status_code == 200
    add_all(client, reading_list, [("glossaryterm", TERM)])
    assert item_keys(reading_list) == [("glossaryterm", TERM)]
    response = client.post(
        reading_list.get_absolute_url(),
        {
            "title": "Renamed by the co-editor",
            "course": "POL 210",
            "introduction": "",
            "co_editors": [other_instructor.pk],  # the box shown checked
        },
    )
    assert response.status_code == 302
    reading_list.refresh_from_db()
    assert reading_list.title == "Renamed by the co-editor"
    assert reading_list.owner == instructor
    assert list(reading_list.co_editors.all()) == [other_instructor]


def test_anonymous_users_are_sent_to_sign_in(client, instructor):
    reading_list = new_list(client, instructor)
    client.logout()
    login = resolve_url(settings.LOGIN_URL)
    for url in [
        "/readings/",
        "/readings/new/",
        f"/readings/{reading_list.pk}/",
        f"/readings/{reading_list.pk}/preview/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url
    before = snapshot(reading_list)
    for url in [
        f"/readings/{reading_list.pk}/publish/",
        f"/readings/{reading_list.pk}/duplicate/",
        "/readings/add/",
    ]:
        response = client.post(url, {"published": "yes", "reading_list": reading_list.pk})
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url
    assert snapshot(reading_list) == before


def test_a_signed_in_non_instructor_is_forbidden(client, archivist):
    client.force_login(archivist)
    assert client.get("/readings/").status_code == 403
    assert client.get("/readings/new/").status_code == 403


def test_share_link_opens_only_while_published(client, instructor, other_instructor, archivist):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", QUOTE)])
    share = reading_list.get_share_url()

    # Private: not found for everyone, the owner included.
    for user in (instructor, other_instructor, archivist, None):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(share).status_code == 404
        assert client.get(f"{share}bibliography.bib").status_code == 404

    client.force_login(instructor)
    publish(client, reading_list, "yes")
    assert reading_list.published
    client.logout()
    page = client.get(share)
    assert page.status_code == 200
    assert QUOTE_WORDS in page.content.decode()
    assert reading_list.title in page.content.decode()

    client.force_login(instructor)
    publish(client, reading_list, "no")
    assert not reading_list.published
    client.logout()
    assert client.get(share).status_code == 404
    assert client.get(f"{share}bibliography.json").status_code == 404


def test_tampered_or_random_tokens_are_not_found(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", QUOTE)])
    publish(client, reading_list)
    client.logout()
    token = reading_list.share_token
    assert client.get(f"/r/{token}/").status_code == 200
    last = "A" if token[-1] != "A" else "B"
    first = "z" if token[0] != "z" else "y"
    for bad in [
        token[:-1] + last,
        first + token[1:],
        token[:-1],
        token + "x",
        "not-a-token",
        "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8",
        "%00",  # a NUL byte: refused at the door (400), never an error, on PostgreSQL too
        "x" * 65,
        "%E2%80%9C",
    ]:
        expected = 400 if bad == "%00" else 404
        assert client.get(f"/r/{bad}/").status_code == expected, bad
        assert client.get(f"/r/{bad}/bibliography.bib").status_code == expected, bad


# --- 2. building -------------------------------------------------------------------------

FOUR = [
    ("quote", QUOTE),
    ("event", EVENT),
    ("person", PERSON),
    ("glossaryterm", TERM),
]


def test_adding_records_appends_them_in_order(client, instructor):
    reading_list = new_list(client, instructor)
    response = add(client, reading_list, "quote", QUOTE, next_url=f"/quotes/{QUOTE}/")
    assert response.status_code == 302
    assert response["Location"] == f"/quotes/{QUOTE}/"
    assert message_of(response) == f"Added to “{reading_list.title}”."
    add_all(client, reading_list, FOUR[1:])
    assert item_keys(reading_list) == FOUR

    page = client.get(reading_list.get_absolute_url()).content.decode()
    urls = [
        record_url(Quote, QUOTE),
        record_url(Event, EVENT),
        record_url(Person, PERSON),
        record_url(GlossaryTerm, TERM),
    ]
    found = positions(page, [f'href="{url}"' for url in urls])
    assert found == sorted(found)


def test_an_offsite_next_is_not_followed(client, instructor):
    reading_list = new_list(client, instructor)
    response = add(client, reading_list, "person", PERSON, next_url="//evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_adding_the_same_record_twice_is_refused(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", QUOTE), ("person", PERSON)])
    before = snapshot(reading_list)
    response = add(client, reading_list, "quote", QUOTE)
    assert response.status_code == 302
    # The quote's own marks become single inside the message's: never ““…””.
    assert message_of(response) == (
        "“‘Of course, the project has a greater importance. It is a political pr…’"
        " — Jorge Quintanilla” is already in this list."
    )
    assert snapshot(reading_list) == before


@pytest.mark.parametrize(
    "kind, key, message",
    [
        ("person", "no-such-person-anywhere", "There is no public record"),
        ("figure", "any-figure", "A reading list cannot hold that kind of record."),
        ("readinglist", "anything", "A reading list cannot hold that kind of record."),
        ("source", "draft", "There is no public record"),
        ("quote", "restricted", "There is no public record"),
    ],
)
def test_adding_an_unknown_draft_or_unreadable_record_is_refused(
    client, instructor, kind, key, message
):
    case = CaseStudy.objects.get(key=CASE)
    if key == "draft":
        key = records.source(title="An unfinished draft source", status="draft").key
    elif key == "restricted":
        interview = records.interview(case, access="restricted")
        speaker = Person.objects.get(key=PERSON)
        key = records.quote(case, speaker, interview=interview).key
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("event", EVENT)])
    before = snapshot(reading_list)
    response = add(client, reading_list, kind, key)
    assert response.status_code == 302
    shown = message_of(response)
    assert shown.startswith(message)
    assert snapshot(reading_list) == before


def test_adding_without_a_list_is_refused(client, instructor):
    client.force_login(instructor)
    items = ReadingItem.objects.count()
    response = client.post("/readings/add/", {"kind": "quote", "key": QUOTE, "next": "/"})
    assert response.status_code == 302
    assert message_of(response) == "Nothing was added: choose a reading list."
    assert ReadingItem.objects.count() == items


def test_reorder_changes_the_order_students_see(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR)
    publish(client, reading_list)
    ids = list(reading_list.items.order_by("order", "pk").values_list("pk", flat=True))
    new_order = [ids[3], ids[1], ids[0], ids[2]]
    response = client.post(
        f"/readings/{reading_list.pk}/order/", {"order": [str(pk) for pk in new_order]}
    )
    assert response.status_code == 302
    assert message_of(response) == "New order saved."
    assert (
        list(reading_list.items.order_by("order", "pk").values_list("pk", flat=True)) == new_order
    )

    client.logout()
    page = items_part(client.get(reading_list.get_share_url()).content.decode())
    expected = [
        record_url(GlossaryTerm, TERM),
        record_url(Event, EVENT),
        record_url(Quote, QUOTE),
        record_url(Person, PERSON),
    ]
    found = positions(page, [shared_href(url) for url in expected])
    assert found == sorted(found)


def test_the_editors_move_up_button_swaps_an_item_with_the_one_before(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR[:3])
    ids = list(reading_list.items.order_by("order", "pk").values_list("pk", flat=True))
    page = client.get(reading_list.get_absolute_url()).content.decode()
    assert page.count("Move up") == 2
    assert page.count("Move down") == 2
    # The second item's "Move up" is a button of the one form, naming the item.
    second = page[page.index(f'id="item-{ids[1]}"') :]
    assert re.search(rf'<button type="submit" name="move_up" value="{ids[1]}"', second)
    response = submit(client, reading_list, button=("move_up", ids[1]))
    assert response.status_code == 302
    assert response["Location"] == f"{reading_list.get_absolute_url()}#item-{ids[1]}"
    assert message_of(response) == "Saved, and the item moved."
    assert list(reading_list.items.order_by("order", "pk").values_list("pk", flat=True)) == [
        ids[1],
        ids[0],
        ids[2],
    ]


@pytest.mark.parametrize("bad", ["missing", "duplicated", "foreign", "not-a-number", "empty"])
def test_a_bad_reorder_is_refused_and_moves_nothing(client, instructor, bad):
    other = new_list(client, instructor, title="Another list")
    add_all(client, other, [("person", PERSON)])
    foreign = other.items.get().pk
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR[:3])
    ids = [
        str(pk) for pk in reading_list.items.order_by("order", "pk").values_list("pk", flat=True)
    ]
    order = {
        "missing": [ids[2], ids[0]],
        "duplicated": [ids[2], ids[0], ids[0]],
        "foreign": [ids[2], ids[1], ids[0], str(foreign)],
        "not-a-number": [ids[2], ids[1], "first"],
        "empty": [],
    }[bad]
    before = snapshot(reading_list)
    other_before = snapshot(other)
    response = client.post(f"/readings/{reading_list.pk}/order/", {"order": order})
    assert response.status_code == 302
    shown = message_of(response)
    assert "nothing was moved" in shown or "not a number" in shown
    assert snapshot(reading_list) == before
    assert snapshot(other) == other_before
    assert item_keys(reading_list) == FOUR[:3]


def test_removing_an_item(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR)
    publish(client, reading_list)
    person_item = reading_list.items.get(object_id=Person.objects.get(key=PERSON).pk)
    response = client.post(f"/readings/{reading_list.pk}/items/{person_item.pk}/remove/")
    assert response.status_code == 302
    assert message_of(response) == "Item removed."
    assert item_keys(reading_list) == [FOUR[0], FOUR[1], FOUR[3]]
    assert (
        client.get(f"/readings/{reading_list.pk}/items/{person_item.pk}/remove/").status_code
        == 405
    )
    assert (
        client.post(f"/readings/{reading_list.pk}/items/{person_item.pk}/remove/").status_code
        == 404
    )
    client.logout()
    page = items_part(client.get(reading_list.get_share_url()).content.decode())
    assert f'href="{record_url(Person, PERSON)}' not in page
    assert shared_href(record_url(Quote, QUOTE)) in page


def test_an_item_of_another_list_cannot_be_changed_through_this_one(client, instructor):
    mine = new_list(client, instructor, title="Mine")
    add_all(client, mine, [("person", PERSON)])
    other = new_list(client, instructor, title="Other")
    add_all(client, other, [("event", EVENT)])
    foreign = other.items.get()
    before = snapshot(other)
    mine_before = snapshot(mine)
    assert client.post(f"/readings/{mine.pk}/items/{foreign.pk}/remove/").status_code == 404
    # Through this list's form: the foreign item's fields are ignored, its removal refused.
    fields = shown_form(client, mine) + [[f"item-{foreign.pk}-note", "Wrong list"]]
    for button in [("remove", foreign.pk), ("move_up", foreign.pk), ("action", "save")]:
        response = submit(client, mine, fields=fields, button=button)
        assert response.status_code in (302, 400), button
    assert snapshot(other) == before
    assert snapshot(mine)[3] == mine_before[3]


def test_notes_pages_and_questions_show_on_the_share_page(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", SOURCE), ("quote", QUOTE)])
    source_item, quote_item = reading_list.items.order_by("order")
    # A quote has no pages to read: its part of the form has none.
    assert (
        f'name="item-{quote_item.pk}-pages"'
        not in client.get(reading_list.get_absolute_url()).content.decode()
    )
    response = submit(
        client,
        reading_list,
        {
            f"item-{source_item.pk}-pages": "12–19",
            f"item-{source_item.pk}-note": "Skim the survey of the district first.",
            f"item-{quote_item.pk}-note": "Who is the mayor speaking to?",
            f"item-{quote_item.pk}-questions": (
                "Why national, not local?\n\n  What does self-government mean here?  \n"
            ),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reading_list.get_absolute_url()
    assert message_of(response) == "Saved."
    quote_item.refresh_from_db()
    assert quote_item.note == "Who is the mayor speaking to?"

    publish(client, reading_list)
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert "Skim the survey of the district first." in page
    assert "pp. 12–19" in page
    assert "Who is the mayor speaking to?" in page
    assert "Questions for discussion" in page
    assert re.search(
        r"<ol>\s*<li>Why national, not local\?</li>\s*"
        r"<li>What does self-government mean here\?</li>\s*</ol>",
        page,
    ), page
    # The editor's form shows what was saved.
    client.force_login(instructor)
    edit = client.get(reading_list.get_absolute_url()).content.decode()
    assert f'name="item-{quote_item.pk}-note"' in edit
    assert "Who is the mayor speaking to?" in edit


def test_duplicate_makes_a_private_copy_owned_by_whoever_duplicated(
    client, instructor, other_instructor
):
    reading_list = new_list(client, instructor, co_editors=[other_instructor.pk])
    add_all(client, reading_list, FOUR)
    first = reading_list.items.order_by("order", "pk").first()
    submit(
        client,
        reading_list,
        {f"item-{first.pk}-note": "Start here.", f"item-{first.pk}-questions": "Why?"},
    )
    ids = list(reading_list.items.order_by("order", "pk").values_list("pk", flat=True))
    client.post(
        f"/readings/{reading_list.pk}/order/",
        {"order": [ids[2], ids[0], ids[3], ids[1]]},
    )
    publish(client, reading_list)
    expected = item_keys(reading_list)

    client.force_login(other_instructor)
    lists_before = set(ReadingList.objects.values_list("pk", flat=True))
    response = client.post(f"/readings/{reading_list.pk}/duplicate/")
    assert response.status_code == 302
    [copy] = ReadingList.objects.exclude(pk__in=lists_before)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.owner == other_instructor
    assert not copy.published
    assert copy.share_token != reading_list.share_token
    assert copy.title == f"{reading_list.title} (copy)"
    assert item_keys(copy) == expected
    notes = {
        (item.content_type_id, item.object_id): (item.note, item.questions)
        for item in copy.items.all()
    }
    assert notes[first.content_type_id, first.object_id] == ("Start here.", "Why?")
    # The copy is private: its share link is not found, and the original is unchanged.
    client.logout()
    assert client.get(copy.get_share_url()).status_code == 404
    assert client.get(reading_list.get_share_url()).status_code == 200
    assert item_keys(reading_list) == expected
    # The original owner, not a co-editor of the copy, cannot open it.
    client.force_login(instructor)
    assert client.get(copy.get_absolute_url()).status_code == 404


# --- 3. withdrawal -----------------------------------------------------------------------


@pytest.fixture
def published_list(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(
        client,
        reading_list,
        [("quote", QUOTE), ("person", PERSON), ("glossaryterm", EL_GOL_TERM)],
    )
    publish(client, reading_list)
    client.logout()
    return reading_list


def csl_ids(client, reading_list) -> set[str]:
    response = client.get(f"{reading_list.get_share_url()}bibliography.json")
    assert response.status_code == 200
    return {item["id"] for item in json.loads(response.content)}


def bib_keys(client, reading_list) -> set[str]:
    response = client.get(f"{reading_list.get_share_url()}bibliography.bib")
    return {entry.key for entry in bibtexparser.parse_string(response.content.decode()).entries}


def ris_ids(client, reading_list) -> set[str]:
    response = client.get(f"{reading_list.get_share_url()}bibliography.ris")
    return {entry.get("id") for entry in rispy.loads(response.content.decode())}


def as_its_editor_sees_it(client, editor, reading_list, record):
    """The list's editing page, signed in as `editor`, and the match of `record`'s item on it
    (group 0 the whole item, group 1 what it holds)."""
    client.force_login(editor)
    edit = client.get(reading_list.get_absolute_url()).content.decode()
    item = reading_list.items.get(object_id=record.pk, content_type__model=record._meta.model_name)
    flagged = re.search(rf'<li id="item-{item.pk}"[^>]*>(.*?)</li>', edit, re.S)
    assert flagged is not None
    return edit, flagged


def test_before_withdrawal_everything_shows(client, published_list):
    page = client.get(published_list.get_share_url()).content.decode()
    assert QUOTE_WORDS in page
    assert shared_href(record_url(Quote, QUOTE)) in page
    assert shared_href(record_url(GlossaryTerm, EL_GOL_TERM)) in page
    assert SOURCE_TITLE in bibliography_part(page)
    assert EL_GOL_SOURCE_TITLE in bibliography_part(page)
    assert csl_ids(client, published_list) == {SOURCE, EL_GOL_SOURCE}


def test_an_unpublished_record_drops_out_with_its_only_source(client, instructor, published_list):
    term = GlossaryTerm.objects.get(key=EL_GOL_TERM)
    term_url = term.get_absolute_url()
    term.status = "draft"
    term.save()

    page = client.get(published_list.get_share_url()).content.decode()
    assert f'href="{term_url}' not in page
    assert term.term not in items_part(page)
    assert EL_GOL_SOURCE_TITLE not in page
    assert SOURCE_TITLE in bibliography_part(page)  # still cited by the quote and person
    assert QUOTE_WORDS in page
    for keys in (csl_ids, bib_keys, ris_ids):
        assert keys(client, published_list) == {SOURCE}

    edit, flagged = as_its_editor_sees_it(client, instructor, published_list, term)
    assert "withdrawn" in flagged.group(0)
    assert "Withdrawn" in flagged.group(1)
    assert edit.count("Withdrawn") == 1
    # The preview shows what students see: not the withdrawn record.
    preview = client.get(f"/readings/{published_list.pk}/preview/").content.decode()
    assert f'href="{term_url}' not in preview


def test_a_restricted_interview_withdraws_its_quote(client, instructor, published_list):
    quote = Quote.objects.get(key=QUOTE)
    interview = Interview.objects.get(key=INTERVIEW)
    interview.access = "restricted"
    interview.save()

    page = client.get(published_list.get_share_url()).content.decode()
    assert QUOTE_WORDS not in page
    assert f'href="{quote.get_absolute_url()}' not in page
    # The person still cites the El Agustino article, so it stays in the bibliography.
    assert SOURCE_TITLE in bibliography_part(page)
    assert shared_href(record_url(Person, PERSON)) in page
    assert csl_ids(client, published_list) == {SOURCE, EL_GOL_SOURCE}

    edit, flagged = as_its_editor_sees_it(client, instructor, published_list, quote)
    assert "Withdrawn" in flagged.group(1)
    assert edit.count("Withdrawn") == 1


def test_a_withdrawn_source_item_leaves_the_bibliography(client, instructor):
    source = records.source(title="A pamphlet read only in class")
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", source.key), ("glossaryterm", EL_GOL_TERM)])
    publish(client, reading_list)
    client.logout()
    assert csl_ids(client, reading_list) == {source.key, EL_GOL_SOURCE}
    source.status = "draft"
    source.save()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert "A pamphlet read only in class" not in page
    for keys in (csl_ids, bib_keys, ris_ids):
        assert keys(client, reading_list) == {EL_GOL_SOURCE}


def test_share_page_does_not_name_a_draft_place_of_a_quotes_interview(client, instructor):
    """The quote is public (open interview); the place it was taped at is still a draft.

    The quote's own page hides an unpublished place; the share page must do the same.
    """
    case = CaseStudy.objects.get(key=CASE)
    hidden = Place.objects.create(
        key=records.key("place"), name="Cerro Unpublishedhill", kind="hill", status="draft"
    )
    interview = records.interview(case, place=hidden)
    quote = records.quote(
        case,
        Person.objects.get(key=PERSON),
        interview=interview,
        text="Words taped at a place not yet published.",
    )
    assert client.get(quote.get_absolute_url()).status_code == 200
    assert "Unpublishedhill" not in client.get(quote.get_absolute_url()).content.decode()

    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", quote.key)])
    publish(client, reading_list)
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert "Words taped at a place not yet published." in page
    assert "Unpublishedhill" not in page


def test_withdrawing_every_item_leaves_an_empty_list(client, published_list):
    Interview.objects.filter(key=INTERVIEW).update(access="restricted")
    Person.objects.filter(key=PERSON).update(status="draft")
    GlossaryTerm.objects.filter(key=EL_GOL_TERM).update(status="draft")
    page = client.get(published_list.get_share_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "This list has no readings yet." in html
    assert 'id="bibliography-heading"' not in html
    assert csl_ids(client, published_list) == set()


# --- 4. bibliography exports -------------------------------------------------------------


def test_bibliography_exports_parse_with_the_lists_sources(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(
        client,
        reading_list,
        [("quote", QUOTE), ("casestudy", CASE), ("source", SOURCE), ("glossaryterm", EL_GOL_TERM)],
    )
    publish(client, reading_list)
    client.logout()
    share = reading_list.get_share_url()
    sources = {
        SOURCE: Source.objects.get(key=SOURCE),
        EL_GOL_SOURCE: Source.objects.get(key=EL_GOL_SOURCE),
    }

    bib = client.get(f"{share}bibliography.bib")
    assert bib.status_code == 200
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="urban-movements-week-3.bib"' in bib["Content-Disposition"]
    library = bibtexparser.parse_string(bib.content.decode())
    assert not library.failed_blocks
    assert {entry.key for entry in library.entries} == set(sources)
    for entry in library.entries:
        assert entry.fields_dict["title"].value.strip("{}") == sources[entry.key].title

    ris = client.get(f"{share}bibliography.ris")
    assert ris.status_code == 200
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    entries = rispy.loads(ris.content.decode())
    assert {entry["id"] for entry in entries} == set(sources)
    for entry in entries:
        assert entry["title"] == sources[entry["id"]].title
        assert entry["type_of_reference"]

    csl = client.get(f"{share}bibliography.json")
    assert csl.status_code == 200
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(csl.content)
    assert isinstance(items, list)
    assert {item["id"] for item in items} == set(sources)
    for item in items:
        assert item["type"] == sources[item["id"]].kind
        assert item["title"] == sources[item["id"]].title

    page = client.get(share).content.decode()
    for extension in ("bib", "ris", "json"):
        assert f'href="{share}bibliography.{extension}"' in page


@pytest.mark.parametrize("extension", ["pdf", "txt", "bibx", "BIB"])
def test_an_unknown_bibliography_format_is_not_found(client, published_list, extension):
    response = client.get(f"{published_list.get_share_url()}bibliography.{extension}")
    assert response.status_code == 404


# --- 5. the share page -------------------------------------------------------------------


def test_share_page_is_noindex_and_has_no_edit_controls(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR)
    publish(client, reading_list)
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in page
    for control in ("Move up", "Move down", "Remove", "Save note", "Unpublish", "Duplicate"):
        assert control not in page, control
    assert f"/readings/{reading_list.pk}/" not in page
    assert 'name="order"' not in page


def test_share_page_queries_do_not_grow_with_the_list(client, instructor):
    keys = list(GlossaryTerm.objects.public().order_by("key").values_list("key", flat=True)[:8])
    assert len(keys) == 8
    short = new_list(client, instructor, title="Two terms")
    add_all(client, short, [("glossaryterm", key) for key in keys[:2]])
    long = new_list(client, instructor, title="Eight terms")
    add_all(client, long, [("glossaryterm", key) for key in keys])
    publish(client, short)
    publish(client, long)
    client.logout()

    counts = []
    for reading_list in (short, long, short):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reading_list.get_share_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], (counts, [q["sql"] for q in queries.captured_queries])
    page = response.content.decode()
    assert page.count('class="reading-item"') == 2
    long_page = client.get(long.get_share_url()).content.decode()
    assert long_page.count('class="reading-item"') == 8


# --- 6. one Save for the whole list ------------------------------------------------------


def test_one_save_keeps_what_was_typed_in_every_item(client, instructor):
    """The lost-typing case: notes typed in two items, one Save; both are kept."""
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", SOURCE), ("quote", QUOTE), ("person", PERSON)])
    source_item, quote_item, person_item = reading_list.items.order_by("order")
    page = client.get(reading_list.get_absolute_url()).content.decode()
    # One form, one kind of Save (top and bottom), no per-item save any more.
    assert page.count('class="stacked reading-editor"') == 1
    assert "Save note and questions" not in page
    response = submit(
        client,
        reading_list,
        {
            f"item-{source_item.pk}-note": "Read the survey first.",
            f"item-{source_item.pk}-pages": "pp. 12-15",
            f"item-{quote_item.pk}-note": "Who is the mayor speaking to?",
            f"item-{quote_item.pk}-questions": "Why national?",
            "introduction": "A new introduction.",
        },
    )
    assert response.status_code == 302
    assert message_of(response) == "Saved."
    source_item.refresh_from_db()
    quote_item.refresh_from_db()
    person_item.refresh_from_db()
    assert (source_item.note, source_item.pages) == ("Read the survey first.", "12–15")
    assert (quote_item.note, quote_item.questions) == (
        "Who is the mayor speaking to?",
        "Why national?",
    )
    assert person_item.note == ""
    reading_list.refresh_from_db()
    assert reading_list.introduction == "A new introduction."


@pytest.mark.parametrize(
    "button, expected_order",
    [(("move_down", 0), [1, 0, 2]), (("move_up", 2), [0, 2, 1]), (("remove", 1), [0, 2])],
)
def test_moving_or_removing_keeps_what_was_typed(client, instructor, button, expected_order):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR[:3])
    items = list(reading_list.items.order_by("order"))
    typed = {f"item-{item.pk}-note": f"Typed in item {n}" for n, item in enumerate(items)}
    response = submit(client, reading_list, typed, button=(button[0], items[button[1]].pk))
    assert response.status_code == 302
    remaining = list(reading_list.items.order_by("order", "pk"))
    assert [item.pk for item in remaining] == [items[n].pk for n in expected_order]
    assert [item.note for item in remaining] == [f"Typed in item {n}" for n in expected_order]


@pytest.mark.parametrize(
    "button", [("action", "publish"), ("action", "duplicate"), ("action", "preview")]
)
def test_publishing_duplicating_or_previewing_keeps_what_was_typed(client, instructor, button):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", QUOTE)])
    item = reading_list.items.get()
    response = submit(client, reading_list, {f"item-{item.pk}-note": "Kept."}, button=button)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.note == "Kept."
    if button[1] == "duplicate":
        copy = ReadingList.objects.exclude(pk=reading_list.pk).get()
        assert copy.items.get().note == "Kept."
        assert response["Location"] == copy.get_absolute_url()
    if button[1] == "publish":
        reading_list.refresh_from_db()
        assert reading_list.published
    if button[1] == "preview":
        assert response["Location"] == f"/readings/{reading_list.pk}/preview/"


def test_refused_input_comes_back_filled_with_the_reason_by_the_field(client, instructor):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", SOURCE), ("quote", QUOTE)])
    source_item, quote_item = reading_list.items.order_by("order")
    before = snapshot(reading_list)
    response = submit(
        client,
        reading_list,
        {
            f"item-{quote_item.pk}-note": "A long note I do not want to type again.",
            f"item-{source_item.pk}-pages": "the whole chapter",
            "title": "",
        },
        button=("move_down", source_item.pk),
    )
    assert response.status_code == 400
    assert snapshot(reading_list) == before  # nothing saved, nothing moved
    page = response.content.decode()
    assert "Nothing was saved: correct what is marked below." in page
    assert "A long note I do not want to type again." in page
    assert 'value="the whole chapter"' in page
    pages_input = re.search(rf'<input[^>]*name="item-{source_item.pk}-pages"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in pages_input
    assert f"id_item-{source_item.pk}-pages_error" in pages_input
    assert re.search(
        rf'<p class="error" id="id_item-{source_item.pk}-pages_error">Give page numbers', page
    )
    assert re.search(r'<p class="error" id="id_title_error">This field is required', page)
    # The heading keeps the saved title, not the refused empty one.
    assert f"<h1>{reading_list.title}</h1>" in page


def test_a_stale_page_cannot_move_and_loses_nothing(client, instructor):
    """Shown with two items; a third added since (another tab): the move is refused."""
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, FOUR[:2])
    fields = shown_form(client, reading_list)
    add_all(client, reading_list, [FOUR[2]])
    first = reading_list.items.order_by("order").first()
    before = snapshot(reading_list)
    response = submit(
        client,
        reading_list,
        {f"item-{first.pk}-note": "Typed on the old page."},
        button=("move_down", first.pk),
        fields=fields,
    )
    assert response.status_code == 400
    assert "nothing was moved" in response.content.decode()
    assert "Typed on the old page." in response.content.decode()
    assert snapshot(reading_list) == before


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("12-15", "pp. 12–15"),
        ("pp. 12-15", "pp. 12–15"),
        ("pp.12 – 15", "pp. 12–15"),
        ("p. 7", "p. 7"),
        ("7", "p. 7"),
        ("pages 3—9, 12", "pp. 3–9, 12"),
        ("xii-xv", "pp. xii–xv"),
    ],
)
def test_pages_show_with_one_label(client, instructor, typed, shown):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", SOURCE)])
    item = reading_list.items.get()
    assert submit(client, reading_list, {f"item-{item.pk}-pages": typed}).status_code == 302
    publish(client, reading_list)
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert f"<strong>Read:</strong> {shown}</p>" in page
    assert "pp. pp" not in page and "pages pp" not in page and "pages p." not in page


# --- 7. pages of the archive as links ----------------------------------------------------

FILTERED = "/people/?case=el-agustino&organisation=pum"


def add_page(client, reading_list, link, title="A page", next_url=None):
    return client.post(
        "/readings/add-page/",
        {
            "reading_list": reading_list.pk,
            "link": link,
            "title": title,
            "next": link if next_url is None else next_url,
        },
    )


def add_form_of(html: str) -> dict:
    """The "Add to reading list" form of a page that is not one record."""
    form = re.search(r'<form method="post" action="/readings/add-page/".*?</form>', html, re.S)
    assert form, "no Add to reading list form"
    values = dict(re.findall(r'name="(link|next|title)" value="([^"]*)"', form.group(0)))
    return {name: value.replace("&amp;", "&") for name, value in values.items()}


@pytest.mark.parametrize(
    "url, title",
    [
        (f"{FILTERED}&page=1", "People: Case El Agustino, Organisation "),
        ("/cases/el-gol/figures/", "El Gol in figures"),
        (
            "/network/?case=el-agustino&year=1989",
            "The organisations’ network: El Agustino in 1989",
        ),
    ],
)
def test_an_instructor_adds_a_list_figures_or_network_page(client, instructor, url, title):
    reading_list = new_list(client, instructor)
    page = client.get(url)
    assert page.status_code == 200
    form = add_form_of(page.content.decode())
    assert form["link"] == url
    assert form["title"].startswith(title)
    response = add_page(client, reading_list, form["link"], form["title"], form["next"])
    assert response.status_code == 302
    assert response["Location"] == url
    assert message_of(response) == f"Added to “{reading_list.title}”."
    item = reading_list.items.get()
    assert item.link == url.replace("&page=1", "")  # the filters kept, the page number not
    assert item.title == form["title"]


def test_a_link_item_is_shown_as_a_link_with_its_title_and_left_out_of_the_bibliography(
    client, instructor
):
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("source", SOURCE)])
    add_page(client, reading_list, f"{FILTERED}&page=2&q=&sort=name", "PUM members")
    item = reading_list.items.get(link__startswith="/people/")
    assert item.link == f"{FILTERED}&sort=name"
    assert item_keys(reading_list) == [("source", SOURCE), ("link", item.link)]
    # The instructor sees the title, and can change it with the one Save.
    edit = client.get(reading_list.get_absolute_url()).content.decode()
    assert f'name="item-{item.pk}-title" value="PUM members"' in edit
    assert f'name="item-{item.pk}-pages"' not in edit
    response = submit(client, reading_list, {f"item-{item.pk}-title": "Who was in the PUM"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Who was in the PUM"
    refused = submit(client, reading_list, {f"item-{item.pk}-title": ""})
    assert refused.status_code == 400
    item.refresh_from_db()
    assert item.title == "Who was in the PUM"

    publish(client, reading_list)
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    href = f"{FILTERED}&sort=name".replace("&", "&amp;")
    assert (
        f'<a href="{href}&amp;reading={reading_list.share_token}">Who was in the PUM</a>' in page
    )
    assert csl_ids(client, reading_list) == {SOURCE}
    assert bib_keys(client, reading_list) == {SOURCE}
    # A duplicate keeps the link and its title.
    client.force_login(instructor)
    copy_response = client.post(f"/readings/{reading_list.pk}/duplicate/")
    copy = ReadingList.objects.get(pk=re.search(r"/(\d+)/$", copy_response["Location"]).group(1))
    assert copy.items.get(link=item.link).title == "Who was in the PUM"


@pytest.mark.parametrize(
    "link",
    [
        "//evil.example/people/",
        "https://evil.example/people/",
        "javascript:alert(document.cookie)",
        "/\\evil.example/people/",
        "\\\\evil.example/people/",
        " javascript:alert(1)",
        "/people/\n?case=el-gol",
        "/people/jorge-quintanilla/",  # a record: added from its own page, as a record
        "/readings/",
        "/admin/",
        "/no-such-page/",
        "",
        "/people/?q=" + "x" * 600,
    ],
)
def test_a_hostile_or_foreign_link_is_refused(client, instructor, link):
    reading_list = new_list(client, instructor)
    response = add_page(client, reading_list, link, next_url="/people/")
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert message_of(response).endswith(
        "Only a page of this archive can be added to a reading list."
    )
    assert not reading_list.items.exists()


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:x"]
)
def test_a_hostile_next_is_not_followed(client, instructor, next_url):
    reading_list = new_list(client, instructor)
    response = add_page(client, reading_list, FILTERED, next_url=next_url)
    assert response["Location"] == "/"
    response = add(client, reading_list, "person", PERSON, next_url=next_url)
    assert response["Location"] == "/"


def test_adding_a_page_twice_or_without_a_title_is_refused(client, instructor):
    reading_list = new_list(client, instructor)
    assert add_page(client, reading_list, FILTERED, title="   ").status_code == 302
    assert not reading_list.items.exists()
    add_page(client, reading_list, FILTERED, title="PUM members")
    response = add_page(client, reading_list, f"{FILTERED}&page=3", title="Again")
    assert message_of(response) == "This page is already in this list, as “PUM members”."
    assert reading_list.items.count() == 1


def test_only_instructors_see_the_form_and_may_add_a_page(
    client, instructor, other_instructor, archivist
):
    reading_list = new_list(client, instructor)
    for url in (FILTERED, "/cases/el-gol/figures/", "/network/?case=el-gol&year=2003"):
        client.logout()
        assert "/readings/add-page/" not in client.get(url).content.decode()
        client.force_login(archivist)
        assert "/readings/add-page/" not in client.get(url).content.decode()
    client.logout()
    response = add_page(client, reading_list, FILTERED)
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(other_instructor)  # not an editor of this list
    assert add_page(client, reading_list, FILTERED).status_code == 404
    assert not reading_list.items.exists()


def test_a_link_changed_outside_the_site_is_not_shown_to_students(client, instructor):
    reading_list = new_list(client, instructor)
    add_page(client, reading_list, FILTERED, title="PUM members")
    reading_list.items.update(link="//evil.example/")
    publish(client, reading_list)
    edit = client.get(reading_list.get_absolute_url()).content.decode()
    assert "Not a page of this archive" in edit
    assert 'href="//evil.example/' not in edit
    client.logout()
    page = client.get(reading_list.get_share_url()).content.decode()
    assert "evil.example" not in page
    assert "PUM members" not in page


# --- 8. the way back ---------------------------------------------------------------------

BACK = "Back to the reading list:"


def test_a_student_gets_back_to_the_list_from_a_record_or_a_page(client, instructor):
    reading_list = new_list(client, instructor, title="Participation and its limits")
    add_all(client, reading_list, [("quote", QUOTE), ("source", SOURCE)])
    add_page(client, reading_list, FILTERED, title="PUM members")
    publish(client, reading_list)
    client.logout()
    share = client.get(reading_list.get_share_url()).content.decode()
    hrefs = re.findall(r'<h2 id="reading-\d+"><a href="([^"]+)"', share)
    assert len(hrefs) == 3
    for href in hrefs:
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200, href
        html = page.content.decode()
        assert (
            f'<a href="{reading_list.get_share_url()}">{BACK} Participation and its limits</a>'
            in html
        ), href
    # The way back is not a filter of the list it opens.
    people = client.get(hrefs[2].replace("&amp;", "&")).content.decode()
    assert "<li>reading: " not in people
    assert "Filters in force" in people and "<li>Case: " in people


def test_no_way_back_to_an_unknown_unpublished_or_private_list(client, instructor):
    private = new_list(client, instructor, title="A private list about nothing")
    published = new_list(client, instructor, title="Published, then withdrawn")
    publish(client, published)
    client.logout()
    quote_url = record_url(Quote, QUOTE)
    # Seen once while published (and kept by the page cache)…
    assert BACK in client.get(f"{quote_url}?reading={published.share_token}").content.decode()
    client.force_login(instructor)
    publish(client, published, "no")
    client.logout()
    for token in [
        published.share_token,  # …and gone once unpublished
        private.share_token,
        "not-a-token",
        "x" * 500,
        "",
        "%00",
    ]:
        for url in (quote_url, FILTERED, "/network/", "/cases/el-gol/figures/"):
            separator = "&" if "?" in url else "?"
            response = client.get(f"{url}{separator}reading={token}")
            # A NUL byte is refused at the door (400), like any control character.
            assert response.status_code == (400 if token == "%00" else 200), (url, token)
            html = response.content.decode()
            assert BACK not in html, (url, token)
            assert "A private list about nothing" not in html


# --- 9. quotation marks, once ------------------------------------------------------------


def test_quotes_and_titles_that_carry_their_own_marks_show_them_once(client, instructor):
    case = CaseStudy.objects.get(key=CASE)
    quote = records.quote(case, Person.objects.get(key=PERSON), text="“We govern ourselves.”")
    article = records.source(
        title="“Participation and clientelism”",
        issued="2004",
        container_title="Journal of Andean Politics",
    )
    records.cite(quote, article, page="3")
    reading_list = new_list(client, instructor)
    add_all(client, reading_list, [("quote", quote.key), ("source", article.key)])
    again = add(client, reading_list, "quote", quote.key)
    assert message_of(again) == (
        "“‘We govern ourselves.’ — Jorge Quintanilla” is already in this list."
    )
    edit = client.get(reading_list.get_absolute_url()).content.decode()
    assert "“We govern ourselves.” — Jorge Quintanilla" in edit
    preview = client.get(f"/readings/{reading_list.pk}/preview/").content.decode()
    publish(client, reading_list)
    client.logout()
    share = client.get(reading_list.get_share_url()).content.decode()
    for html in (edit, preview, share):
        assert "““" not in html and "””" not in html
    assert '<blockquote lang="en"><p>We govern ourselves.</p></blockquote>' in share
    assert "“Participation and clientelism" in bibliography_part(share)


@pytest.mark.parametrize(
    "text, bare",
    [
        ("“We govern.”", "We govern."),
        ('"We govern."', "We govern."),
        ("«Nosotros»", "Nosotros"),
        ("“Yes” and “no”", "“Yes” and “no”"),
        ('"Yes" and "no"', '"Yes" and "no"'),
        ("He said “no”.", "He said “no”."),
        ("“", "“"),
        ("", ""),
    ],
)
def test_unquoted_strips_only_marks_that_enclose_the_whole_text(text, bare):
    from cases.teaching.reading import quoted, unquoted

    assert unquoted(text) == bare
    assert quoted(text).count("“") == 1


# --- 10. the bibliography's file name ----------------------------------------------------


@pytest.mark.parametrize(
    "title, name",
    [
        ("Participation and its limits", "participation-and-its-limits"),
        ("Participación: El Gol, 2002–2004", "participacion-el-gol-20022004"),
        ("¿?¡!", "reading-list"),
    ],
)
def test_the_bibliography_file_is_named_after_the_list(client, instructor, title, name):
    reading_list = new_list(client, instructor, title=title)
    add_all(client, reading_list, [("source", SOURCE)])
    publish(client, reading_list)
    client.logout()
    for extension in ("bib", "ris", "json"):
        response = client.get(f"{reading_list.get_share_url()}bibliography.{extension}")
        assert response["Content-Disposition"] == f'attachment; filename="{name}.{extension}"'
