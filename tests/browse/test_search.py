"""Search: public records only, accents ignored, safe snippets, any input, few queries."""

import importlib
import re

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from cases.browse import search
from cases.models import Event, GlossaryTerm, Organisation, Person, Quote
from tests import sample_records as records

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


@pytest.fixture
def case():
    return records.case()


def keys(queryset_or_list) -> set[str]:
    return {record.key for record in queryset_or_list}


def found(q: str) -> dict[str, set[str]]:
    return {group.kind: keys(group.results) for group in search.search_all(q, per_kind=1000)}


def totals(q: str) -> dict[str, int]:
    return {group.kind: group.total for group in search.search_all(q)}


def organisation(**fields) -> Organisation:
    fields.setdefault("key", records.key("org"))
    fields.setdefault("kind", "ngo")
    return Organisation.objects.create(**fields)


# ---- The query


def test_normalise_query():
    assert search.normalise_query("  Comité \n de\tGestión  ") == "Comité de Gestión"
    assert search.normalise_query("") == ""
    assert search.normalise_query(None) == ""
    assert search.normalise_query(" :* & | !( ") == ""
    assert search.normalise_query("a\x00b") == "a b"
    assert len(search.normalise_query("word " * 2000)) <= search.MAX_QUERY_LENGTH


@pytest.mark.usefixtures("archive_kinds_only")
def test_the_search_kinds():
    assert list(search.SEARCHABLE) == [
        "quotes",
        "people",
        "organisations",
        "events",
        "interviews",
        "glossary",
    ]
    assert [str(group.label) for group in search.search_all("committee")] == [
        "quotes",
        "people",
        "organisations",
        "events",
        "interviews",
        "glossary terms",
    ]


# ---- Finding the cases' records, on either database


def test_gestion_without_accent_finds_the_comite_de_gestion():
    results = found("Gestion")
    assert "comite-de-gestion" in results["organisations"]
    assert "comite-de-gestion-founded" in results["events"]  # "Comité de Gestión Distrital"
    assert Organisation.objects.get(key="comite-de-gestion").name == "Comité de Gestión Distrital"


def test_the_accented_word_finds_the_unaccented_spelling_too():
    # The data spells it both ways ("Comite de Gestion" in descriptions).
    assert found("Gestión") == found("gestion")
    assert "francisco-chamberlain" in found("GESTIÓN")["people"]


def _substring_matches(model, words) -> set[str]:
    """What a plain word search must find: records with every word in one of the fields."""
    names = [name for name, _weight in search.weighted_fields(model)]
    matched = set()
    for record in model.objects.public():
        folded = [search.fold(getattr(record, name)) for name in names]
        if all(any(word in text for text in folded) for word in words):
            matched.add(record.key)
    return matched


@pytest.mark.parametrize(
    "q, kind, key",
    [
        ("committee", "organisations", "decentralisation-committee"),
        ("Vaso de Leche", "glossary", "vaso-de-leche"),
        ("municipality", "events", "municipality-leaves-cg"),
    ],
)
def test_a_plain_english_word_finds_the_same_records_on_either_database(q, kind, key):
    results = found(q)
    assert key in results[kind]
    for each_kind, model in search.SEARCHABLE.items():
        expected = _substring_matches(model, search.query_words(q))
        # Stemming on PostgreSQL may find a few more ("committees" for "committee" is in
        # both), never fewer.
        assert expected <= results[each_kind], each_kind


def test_a_spanish_word_in_a_quotes_original_text(case):
    assert "quintanilla-poder-popular" in found("gestar")["quotes"]
    quote = records.quote(
        case,
        records.person(),
        text="The neighbours have to take part.",
        original_text="Los vecinos tienen que asumir la participación vecinal.",
        original_language="es",
    )
    assert quote.key in found("participacion")["quotes"]
    assert quote.key in found("Participación vecinal")["quotes"]


def test_every_word_must_match():
    assert "comite-de-gestion" in found("gestion distrital")["organisations"]
    assert "comite-de-gestion" not in found("gestion zzyzzx")["organisations"]


# ---- The public subset


def test_drafts_and_withheld_quotes_are_never_found_nor_counted(case):
    speaker = records.person(name="Quuxleigh Public")
    records.person(name="Quuxleigh Draft", status="draft")
    shown = records.quote(case, speaker, text="The quuxleigh plan worked.")
    records.quote(case, speaker, text="The quuxleigh draft.", status="draft")
    records.quote(
        case,
        speaker,
        text="The quuxleigh secret.",
        interview=records.interview(case, access="restricted"),
    )
    records.quote(
        case,
        speaker,
        text="The quuxleigh embargo.",
        interview=records.interview(case, access="embargoed", embargo_until="2999-01-01"),
    )
    records.quote(
        case, records.person(name="Quuxleigh Hidden", status="draft"), text="quuxleigh again"
    )
    results = found("quuxleigh")
    assert results["quotes"] == {shown.key}
    assert results["people"] == {speaker.key}
    counts = totals("quuxleigh")
    assert counts["quotes"] == 1
    assert counts["people"] == 1
    assert search.search_filter(Quote.objects.public(), "quuxleigh").count() == 1


# ---- Ranking and composing


def test_a_name_match_ranks_above_a_description_match():
    in_description = organisation(
        name="Another body", description="It funded the Zorblatt network for years."
    )
    in_name = organisation(name="Zorblatt network", description="A network.")
    ranked = list(search.search_ranked(Organisation.objects.public(), "zorblatt"))
    assert [o.key for o in ranked] == [in_name.key, in_description.key]
    assert ranked[0].rank > ranked[1].rank


def test_search_composes_with_other_filters_and_facet_counts():
    public = Organisation.objects.public()
    matching = search.search_filter(public, "committee")
    facets = {row["kind"]: row["n"] for row in matching.values("kind").annotate(n=Count("pk"))}
    assert sum(facets.values()) == matching.count() > 0
    kind = max(facets, key=facets.get)
    narrowed = search.search_ranked(public.filter(kind=kind).select_related("place"), "committee")
    assert narrowed.count() == facets[kind]
    assert all(o.kind == kind for o in narrowed)
    assert search.search_queryset(public, "committee").count() == matching.count()


# ---- Snippets


def test_highlight_escapes_the_data_and_marks_the_match():
    person = records.person(
        name="Test Flimwort",
        description='Wrote <script>alert("x")</script> about the Flimwort fund & more.',
    )
    (result,) = next(g for g in search.search_all("flimwort") if g.kind == "people").results
    assert result.key == person.key
    for html in (result.headline, search.highlight(result, "flimwort")):
        assert isinstance(html, SafeString)
        assert "<script" not in html
        assert "<mark>Flimwort</mark>" in html
        assert re.sub(r"</?mark>", "", html).count("<") == 0
    python_html = search.highlight(Person.objects.get(pk=person.pk), "flimwort")
    assert "&lt;script&gt;" in python_html
    assert "&amp; more" in python_html


def test_highlight_ignores_accents_and_case():
    term = GlossaryTerm.objects.get(key="asistencialista")
    html = search.highlight(term, "ASISTENCIALISTA")
    assert "<mark>asistencialista</mark>" in html
    org = Organisation.objects.get(key="comite-de-gestion")
    assert "<mark>Gestión</mark>" in search.highlight(org, "gestion")


def test_a_long_field_is_cut_around_the_match():
    text = "filler " * 200 + "the Brumwick clause " + "filler " * 200
    event = Event.objects.create(
        key=records.key("event"), title="Test event", kind="other", case=records.case()
    )
    event.description = text
    html = search.highlight(event, "brumwick")
    assert "<mark>Brumwick</mark>" in html
    assert len(html) < 500


def test_markers_in_the_data_cannot_unbalance_the_markup():
    html = search._markup("a \ue001 b \ue000c \ue000 d")
    assert html == "a  b <mark>c  d</mark>"


# ---- Bad input


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    "gestion " * 2_000,
    '"unmatched',
    "a & b | !(",
    ":*",
    "'",
    "\\",
    "%_",
    "-",
    "or",
    "<b>",
    "a\x00b",
    "(((",
    "the",
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_bad_input_does_not_raise(q):
    with transaction.atomic():
        results = search.search_all(q)
        for model in search.SEARCHABLE.values():
            list(search.search_ranked(model.objects.public(), q)[:5])
            search.search_filter(model.objects.public(), q).count()
    if not search.normalise_query(q):
        assert results == []


def test_percent_and_underscore_are_not_wildcards():
    assert all(group.total == 0 for group in search.search_all("%_%"))


def test_empty_query_finds_nothing_without_querying():
    with CaptureQueriesContext(connection) as queries:
        assert search.search_all("") == []
        assert not search.search_filter(Quote.objects.public(), "  ").exists()
    assert len(queries.captured_queries) == 0


def test_the_search_page_runs_a_fixed_number_of_queries():
    with CaptureQueriesContext(connection) as queries:
        groups = search.search_all("committee")
        for group in groups:
            for record in group.results:
                str(record.headline)
                if group.kind == "quotes":
                    str(record.speaker)
    # Ranked and counted up to a bound, then the page read: two per kind, whatever the size.
    assert len(queries.captured_queries) <= 2 * len(search.SEARCHABLE)
    assert sum(group.total for group in groups) > sum(len(group.results) for group in groups)


def test_a_word_found_everywhere_is_counted_up_to_a_limit_and_said_so(client, monkeypatch):
    exact = {g.kind: g.total for g in search.search_all("committee", per_kind=1000)}
    bounded_kinds = {kind for kind, total in exact.items() if total > 10}
    assert bounded_kinds, "the fixture needs a kind with more than ten matches"
    monkeypatch.setattr(search, "CANDIDATES", 2)
    groups = {g.kind: g for g in search.search_all("committee")}  # ten per kind
    for kind in bounded_kinds:
        assert groups[kind].total_is_bounded and groups[kind].total == 10
    page = client.get("/search/", {"q": "committee"}).content.decode()
    assert "(more than 10)" in page
    assert "All matching " in page


def test_ranking_reads_a_bounded_number_of_candidates(monkeypatch):
    everything = search.search_all("committee", per_kind=1000)
    monkeypatch.setattr(search, "CANDIDATES", 3)
    bounded = search.search_all("committee", per_kind=2)
    for whole, part in zip(everything, bounded, strict=True):
        assert part.total == min(whole.total, 3)
        assert part.total_is_bounded == (whole.total > 3)
        assert len(part.results) == min(2, whole.total)
        assert {r.key for r in part.results} <= {r.key for r in whole.results}


def test_per_kind_limits_results_but_not_the_total():
    (organisations,) = [
        g for g in search.search_all("committee", per_kind=2) if g.kind == "organisations"
    ]
    assert len(organisations.results) == 2
    assert (
        organisations.total
        == search.search_filter(Organisation.objects.public(), "committee").count()
    )


# ---- The index


def test_the_migration_stores_the_same_fields_as_the_search():
    migration = importlib.import_module("cases.migrations.0007_stored_search_documents")
    assert migration.WEIGHTED_FIELDS == search.WEIGHTED_FIELDS
    assert migration.CONFIGS == search.CONFIGS


@postgresql_only
def test_every_stored_search_document_is_the_vector_of_its_record():
    # The loaded cases were written by the loader's save(); the trigger must agree exactly
    # with the definition the ranking and the tests read.
    for model in search.SEARCHABLE.values():
        rows = model.objects.annotate(computed=search.search_vector(model)).values_list(
            "key", "search_document", "computed"
        )
        differ = [key for key, stored, computed in rows if stored != computed]
        assert rows.exists() and not differ, (model, differ[:5])


@postgresql_only
def test_a_saved_record_is_found_at_once_and_found_no_more_by_its_old_words(case):
    quote = records.quote(case, records.person(), text="The Frobnitzel assembly voted.")
    assert keys(search.search_filter(Quote.objects.public(), "frobnitzel")) == {quote.key}
    quote.text = "The Quibblethorp assembly voted."
    quote.save()
    assert not search.search_filter(Quote.objects.public(), "frobnitzel").exists()
    assert keys(search.search_filter(Quote.objects.public(), "quibblethorp")) == {quote.key}


@postgresql_only
def test_a_bulk_created_record_is_found_at_once():
    # bulk_create skips save() and signals: only the database can have filled the column.
    Organisation.objects.bulk_create(
        [Organisation(key="test-bulk-org", name="Wobblecorn Federation", kind="federation")]
    )
    found_keys = keys(search.search_ranked(Organisation.objects.public(), "wobblecorn"))
    assert found_keys == {"test-bulk-org"}


@postgresql_only
def test_the_search_query_uses_the_gin_index():
    # Which index the planner picks for the whole public query depends on table sizes (on
    # a small table the status index may win); what must hold is that the search condition
    # can use the GIN index on the stored column, so that it is used as the data grows.
    migration = importlib.import_module("cases.migrations.0007_stored_search_documents")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for model in search.SEARCHABLE.values():  # statistics for the planner, as in use
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        for model in search.SEARCHABLE.values():
            ranked = search.search_ranked(model.objects.all(), "gestion")
            sql, params = ranked.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert migration.index_name(model._meta.model_name) in plan, plan


@postgresql_only
def test_spanish_and_english_stemming():
    # "committees" and "committee" share a stem; so do "organizaciones" and "organización".
    assert "decentralisation-committee" in found("committees")["organisations"]
    org = organisation(name="Organización vecinal de prueba")
    assert org.key in found("organizaciones")["organisations"]
