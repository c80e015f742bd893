"""The page cache: anonymous visitors get kept pages; any archive write is visible at once.

``X-Archive-Cache`` says whether a page came from the cache (``hit``) or was rendered
(``miss``); it is absent where the cache is never asked (signed-in users, the admin,
reading lists).
"""

import os
import re
import sqlite3
import uuid
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.cache_url import parse_cache_url
from bench.scaling import multiply
from cases.browse.page_cache import HEADER, pages_changed
from cases.models import GlossaryTerm, Person, Quote
from tests.commands import manage
from tests.messages_waiting import leave_message

# A Redis database of this test's own, so that clearing it disturbs nothing else.
REDIS_URL = "redis://127.0.0.1:6379/7"

PUBLIC_PAGES = [
    "/",
    "/people/",
    "/quotes/?case=el-agustino&topic=autonomy",
    "/search/?q=mayor",
    "/sitemap.xml",
    "/glossary/",
]


def term() -> GlossaryTerm:
    return GlossaryTerm.objects.public().order_by("key").first()


def admin_change(client, record, **changes):
    """POST the admin's change form for ``record`` as shown, with ``changes``: as a person
    editing it in the browser would (inline rows left as they are)."""
    url = reverse(f"admin:cases_{record._meta.model_name}_change", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    for field in page.context["adminform"].form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


# --- what is kept, for whom ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES + ["record page", "citation download"])
def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, url):
    if url == "record page":
        url = term().get_absolute_url()
    elif url == "citation download":
        url = Quote.objects.public().order_by("key").first().get_absolute_url() + "cite.bib"
    first = client.get(url)
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second[HEADER] == "hit"
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "csrfmiddlewaretoken" not in second.content.decode()


@pytest.mark.django_db
def test_a_head_request_is_answered_from_the_kept_page(client):
    client.get("/people/")
    assert client.head("/people/")[HEADER] == "hit"


@pytest.mark.django_db
def test_each_language_and_each_query_string_is_its_own_page(client):
    english = client.get("/glossary/")
    spanish = client.get("/es/glossary/")
    assert spanish[HEADER] == "miss"
    assert spanish["Content-Language"] == "es" and english["Content-Language"] == "en"
    assert "<h1>Glosario</h1>" in spanish.content.decode()
    assert client.get("/glossary/?language=es")[HEADER] == "miss"
    kept_spanish, kept_english = client.get("/es/glossary/"), client.get("/glossary/")
    assert kept_spanish[HEADER] == kept_english[HEADER] == "hit"
    assert "<h1>Glosario</h1>" in kept_spanish.content.decode()
    assert "<h1>Glossary</h1>" in kept_english.content.decode()
    # A browser preferring Spanish is sent on from the plain address, never served the
    # English page kept for it, nor the Spanish page under the English address.
    sent = client.get("/glossary/", headers={"accept-language": "es-PE,es;q=0.9"})
    assert sent.status_code == 302 and sent["Location"] == "/es/glossary/"
    assert "Accept-Language" in sent["Vary"] and "Cookie" in sent["Vary"]


@pytest.mark.django_db
def test_signed_in_instructors_and_archivists_never_get_a_kept_page(client, instructor, archivist):
    record = term()
    url = record.get_absolute_url()
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"

    for user in (instructor, archivist):
        signed_in = Client()
        signed_in.force_login(user)
        for _ in range(2):
            page = signed_in.get(url)
            assert HEADER not in page
            assert f"Sign out ({user.username})" in page.content.decode()
    # The instructor's page has the reading-list form and its CSRF token; no one else's.
    signed_in = Client()
    signed_in.force_login(instructor)
    assert "csrfmiddlewaretoken" in signed_in.get(url).content.decode()
    anonymous = client.get(url)
    assert anonymous[HEADER] == "hit"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()
    assert "Sign out" not in anonymous.content.decode()


@pytest.mark.django_db
def test_the_admin_sign_in_and_reading_lists_are_never_kept(client):
    for url in ["/admin/login/", "/accounts/login/", "/readings/", "/r/no-such-token/"]:
        for _ in range(2):
            assert HEADER not in client.get(url), url


@pytest.mark.django_db
def test_a_missing_record_is_not_kept(client):
    for _ in range(2):
        response = client.get("/people/no-such-person/")
        assert response.status_code == 404
        assert response[HEADER] == "miss"


@pytest.mark.django_db
def test_a_visitor_with_a_message_waiting_sees_it_not_a_kept_page(client):
    client.get("/people/")
    leave_message(client, "Your message was sent.")
    page = client.get("/people/")
    assert HEADER not in page
    assert "Your message was sent." in page.content.decode()
    # The message is shown once; after it, the kept page again.
    assert client.get("/people/")[HEADER] == "hit"


@pytest.mark.django_db
def test_page_cache_seconds_zero_switches_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/people/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/")
    assert HEADER not in response
    assert len(queries) > 0


# --- every write is visible on the next request --------------------------------------------


@pytest.mark.django_db
def test_an_archivists_admin_change_shows_on_the_next_anonymous_request(client, archivist):
    record = term()
    url = record.get_absolute_url()
    for page in (url, "/glossary/"):
        client.get(page)
        assert client.get(page)[HEADER] == "hit"
    new_gloss = f"Gloss corrected by an archivist {uuid.uuid4().hex[:8]}"

    editor = Client()
    editor.force_login(archivist)
    admin_change(editor, record, gloss=new_gloss)

    for page in (url, "/glossary/"):
        response = client.get(page)
        assert response[HEADER] == "miss", page
        assert new_gloss in response.content.decode(), page


@pytest.mark.django_db
def test_a_record_set_to_draft_in_the_admin_disappears_at_once(client, archivist):
    listing = client.get("/people/").content.decode()
    assert client.get("/people/")[HEADER] == "hit"
    person = Person.objects.get(key=re.search(r'href="/people/([\w-]+)/"', listing)[1])
    url = person.get_absolute_url()
    listed = f'href="{url}"'
    assert client.get(url).status_code == 200
    assert client.get(url)[HEADER] == "hit"

    editor = Client()
    editor.force_login(archivist)
    admin_change(editor, person, status="draft")

    assert client.get(url).status_code == 404
    assert listed not in client.get("/people/").content.decode()
    assert client.get(url).status_code == 404  # and the 404 is not kept either


@pytest.mark.django_db
def test_many_to_many_changes_and_deletions_invalidate_too(client):
    record = term()
    url = record.get_absolute_url()
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    cases = list(record.cases.all())
    assert cases
    record.cases.clear()
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    record.citations.first().delete()
    assert client.get(url)[HEADER] == "miss"


@pytest.mark.django_db
def test_writes_that_skip_signals_are_followed_by_pages_changed(client):
    person = Person.objects.public().order_by("key").first()
    url = person.get_absolute_url()
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    Person.objects.filter(pk=person.pk).update(name="Aaa Renamed Without Signals")
    assert client.get(url)[HEADER] == "hit"  # update() sends no signal...
    pages_changed()  # ...so bulk writers call this after they write
    page = client.get(url)
    assert page[HEADER] == "miss"
    assert "Aaa Renamed Without Signals" in page.content.decode()

    # The archive's own bulk loader does so.
    before = client.get("/glossary/").content
    assert client.get("/glossary/")[HEADER] == "hit"
    multiply(2)
    after = client.get("/glossary/")
    assert after[HEADER] == "miss"
    assert after.content != before


# --- across processes sharing one cache ----------------------------------------------------


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")


@pytest.fixture
def database_both_processes_see(request, django_db_setup, django_db_blocker, tmp_path):
    """A committed copy of the loaded test database, which this process then uses.

    The other process can only see committed rows, so the test cannot run inside the usual
    rolled-back transaction; and pytest-django empties a transactional test's database
    afterwards. Working on a throwaway copy keeps the loaded cases for the tests that
    follow. On SQLite the test database lives in memory, where no other process can reach
    it; the copy is a file. Yields the copy's DATABASE_URL.
    """
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            copy = tmp_path / "archive-copy.sqlite3"
            connection.ensure_connection()
            in_memory = connection.connection
            with sqlite3.connect(copy) as target:
                in_memory.backup(target)
            target.close()
            # Keep the in-memory database open (it would vanish) while the copy is used.
            connection.connection = None
            settings_dict["NAME"] = str(copy)
            url = f"sqlite:///{copy}"
        elif connection.vendor == "postgresql":
            import psycopg

            in_memory = None
            copy = f"{original_name}_copy"
            connection.close()  # a template database must have no one connected
            server = psycopg.connect(
                dbname="postgres",
                host=settings_dict["HOST"] or None,
                port=settings_dict["PORT"] or None,
                user=settings_dict["USER"] or None,
                password=settings_dict["PASSWORD"] or None,
                autocommit=True,
            )
            server.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            server.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{original_name}"')
            settings_dict["NAME"] = copy
            credentials = quote(settings_dict["USER"] or "")
            if settings_dict["PASSWORD"]:
                credentials += ":" + quote(settings_dict["PASSWORD"])
            host = settings_dict["HOST"] or "127.0.0.1"
            url = f"postgres://{credentials}@{host}:{settings_dict['PORT'] or 5432}/{copy}"
        else:
            pytest.skip(f"no copy of a {connection.vendor} database for a second process")
    request.getfixturevalue("transactional_db")  # set up after, so emptied before we go back
    yield url
    with django_db_blocker.unblock():
        connection.close()
        settings_dict["NAME"] = original_name
        if in_memory is not None:
            connection.connection = in_memory
        else:
            server.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            server.close()


def test_a_save_in_another_process_invalidates_this_processs_kept_page(
    database_both_processes_see, transactional_db, client, settings
):
    # transactional_db after the copy: set up on it, and empties it (not the loaded cases).
    _redis_or_skip()
    settings.CACHES = {"default": parse_cache_url(REDIS_URL)}
    from django.core.cache import cache

    cache.clear()  # the database is ours (see REDIS_URL): nothing of an earlier run remains
    try:
        record = term()
        url = record.get_absolute_url()
        assert client.get(url)[HEADER] == "miss"
        kept = client.get(url)
        assert kept[HEADER] == "hit"
        new_gloss = f"Gloss saved in another process {uuid.uuid4().hex[:8]}"

        script = (
            "import os\n"
            "from cases.models import GlossaryTerm\n"
            "term = GlossaryTerm.objects.get(key=os.environ['TERM_KEY'])\n"
            "term.gloss = os.environ['NEW_GLOSS']\n"
            "term.save()\n"
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_both_processes_see,
            "CACHE_URL": REDIS_URL,
            "TERM_KEY": record.key,
            "NEW_GLOSS": new_gloss,
        }
        other = manage("shell", "-c", script, env=env, timeout=120)
        assert other.returncode == 0, other.stdout + other.stderr

        fresh = client.get(url)
        assert fresh[HEADER] == "miss"
        assert new_gloss in fresh.content.decode()
        assert new_gloss not in kept.content.decode()
    finally:
        cache.clear()
