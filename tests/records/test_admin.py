"""The archivists' admin: every list and form renders, changes are kept in a history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from cases.models import Citation, Interview, Quote
from tests import sample_records as records

pytestmark = pytest.mark.django_db

ARCHIVE_MODELS = [
    m for m in apps.get_app_config("cases").get_models() if m in admin.site._registry
]


def test_every_archive_model_is_in_the_admin():
    names = {m.__name__ for m in ARCHIVE_MODELS}
    assert {
        "CaseStudy",
        "Source",
        "Place",
        "Person",
        "Organisation",
        "Affiliation",
        "OrganisationRelation",
        "Event",
        "InterviewSeries",
        "Interview",
        "Quote",
        "Figure",
        "GlossaryTerm",
        "Citation",
        "Topic",
    } <= names


@pytest.mark.parametrize("model", ARCHIVE_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_form_and_search_render_for_an_archivist(client, archivist, model):
    client.force_login(archivist)
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "El Agustino"}).status_code == 200
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert client.get(add).status_code == 200


@pytest.mark.parametrize("model", ARCHIVE_MODELS, ids=lambda m: m.__name__)
def test_change_form_and_history_render_for_a_loaded_record(client, archivist, model):
    obj = model._default_manager.first()
    if obj is None:
        pytest.skip(f"no {model.__name__} in the loaded cases")
    client.force_login(archivist)
    meta = model._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    assert client.get(history).status_code == 200


def test_an_instructor_cannot_edit_archive_records(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse("admin:cases_interview_add")).status_code == 403
    assert client.get(reverse("admin:cases_interview_changelist")).status_code == 403


def _inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_interview_with_two_quotes_and_a_footnote_in_one_form(client, archivist):
    """Acceptance: interview dated 1991-11, two quotes, citation "footnote 10", in history."""
    case = records.case()
    source = case.source
    speaker = records.person(name="Jorge Quintanilla Test")
    client.force_login(archivist)
    citation_prefix = "cases-citation-content_type-object_id"
    data = {
        "key": "interview-test-admin",
        "title": "Interview with a former mayor",
        "case": case.pk,
        "date": "1991-11",
        "taped": "true",
        "language": "es",
        "form": "individual",
        "access": "public",
        "status": "published",
        **_inline_management("interviewees", 1),
        "interviewees-0-person": speaker.pk,
        "interviewees-0-post": "former mayor",
        "interviewees-0-order": "0",
        **_inline_management("quotes", 2),
        "quotes-0-key": "quote-test-admin-1",
        "quotes-0-text": "First words as published.",
        "quotes-0-speaker": speaker.pk,
        "quotes-0-status": "published",
        "quotes-1-key": "quote-test-admin-2",
        "quotes-1-text": "Second words as published.",
        "quotes-1-speaker": speaker.pk,
        "quotes-1-status": "published",
        **_inline_management(citation_prefix, 1),
        f"{citation_prefix}-0-source": source.pk,
        f"{citation_prefix}-0-footnote": "10",
        f"{citation_prefix}-0-order": "0",
    }
    response = client.post(reverse("admin:cases_interview_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    interview = Interview.objects.get(key="interview-test-admin")
    assert interview.date_display == "November 1991"
    quotes = Quote.objects.filter(interview=interview).order_by("key")
    assert [q.text for q in quotes] == ["First words as published.", "Second words as published."]
    assert all(q.case == case for q in quotes)
    assert interview.citations.get().footnote == "10"

    history = interview.history.all()
    assert history.count() == 1
    assert history[0].history_user == archivist
    assert history[0].history_type == "+"
    page = client.get(reverse("admin:cases_interview_history", args=[interview.pk]))
    assert "archivist" in page.content.decode()


def test_a_malformed_date_in_the_admin_is_refused_with_the_reason(client, archivist):
    case = records.case()
    client.force_login(archivist)
    citation_prefix = "cases-citation-content_type-object_id"
    response = client.post(
        reverse("admin:cases_interview_add"),
        {
            "key": "interview-bad-date",
            "title": "Bad date",
            "case": case.pk,
            "date": "Nov 1991",
            "form": "individual",
            "access": "public",
            "status": "published",
            **_inline_management("interviewees"),
            **_inline_management("quotes"),
            **_inline_management(citation_prefix),
        },
    )
    assert response.status_code == 200
    assert "is not a date the archive can read" in response.content.decode()
    assert not Interview.objects.filter(key="interview-bad-date").exists()


def test_a_change_is_recorded_with_who_and_what_and_can_be_reverted(client, archivist):
    case = records.case()
    interview = records.interview(case, title="Before")
    client.force_login(archivist)
    url = reverse("admin:cases_interview_change", args=[interview.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        {
            "key": interview.key,
            "title": "After",
            "case": case.pk,
            "date": "1991-11-21",
            "form": "individual",
            "access": "public",
            "status": "published",
            **_inline_management("interviewees"),
            **_inline_management("quotes"),
            **_inline_management("cases-citation-content_type-object_id"),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    latest = interview.history.latest()
    assert latest.title == "After"
    assert latest.history_user == archivist
    delta = latest.diff_against(latest.prev_record)
    assert {change.field for change in delta.changes} >= {"title", "date"}
    # Revert from the admin's history: the "revert" form of the first version.
    first = interview.history.earliest()
    revert_url = reverse(
        "admin:cases_interview_simple_history", args=[interview.pk, first.history_id]
    )
    assert client.get(revert_url).status_code == 200


def test_history_outlives_a_deleted_record():
    case = records.case()
    interview = records.interview(case)
    pk = interview.pk
    interview.delete()
    assert Interview.history.filter(id=pk).count() == 2  # created, deleted


def test_citation_changes_are_kept_in_history():
    case = records.case()
    citation = records.cite(case, case.source, footnote="9")
    citation.footnote = "10"
    citation.save()
    assert [h.footnote for h in Citation.history.filter(id=citation.pk)] == ["10", "9"]
