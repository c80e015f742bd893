"""The archivists' admin: every record editable with its citations and its history."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    Affiliation,
    Citation,
    EventParticipant,
    Interviewee,
    OrganisationRelation,
    Quote,
    SourceCreator,
)
from cases.models.citations import ENTERED_FIELDS
from cases.records import kinds

admin.site.site_header = _("El Agustino & El Gol: archivists' admin")
admin.site.site_title = _("Case-study archive")
admin.site.index_title = _("Records")
# "View site" leads to the public home in the admin's language (/es/ from /es/admin/).
admin.site.site_url = reverse_lazy("cases:home")


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]
    fields = [*ENTERED_FIELDS, "order"]
    verbose_name_plural = _("citations (source and locator)")


class RecordAdmin(SimpleHistoryAdmin):
    """Shared by every archive record: status, key, citations inline, history."""

    inlines = [CitationInline]
    list_filter = ["status"]
    list_per_page = 50
    save_on_top = True
    readonly_fields = ["created", "modified"]


class DatedRecordAdmin(RecordAdmin):
    @admin.display(description=_("date"), ordering="date_sort")
    def date_in_words(self, obj):
        return obj.date_display


class SourceAdmin(RecordAdmin):
    class CreatorInline(admin.TabularInline):
        model = SourceCreator
        extra = 1
        fields = ["role", "family", "given", "literal", "order"]

    inlines = [CreatorInline, CitationInline]
    list_display = ["__str__", "kind", "issued", "container_title", "status"]
    list_filter = ["status", "kind", "cases"]
    search_fields = [
        "key",
        "title",
        "container_title",
        "creators__family",
        "creators__literal",
        "doi",
        "isbn",
    ]
    prepopulated_fields = {"key": ["title"]}
    filter_horizontal = ["cases"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("creators")


class CaseStudyAdmin(DatedRecordAdmin):
    list_display = ["short_title", "title", "date_in_words", "region", "featured", "status"]
    list_filter = ["status", "featured"]
    search_fields = ["key", "title", "short_title", "region"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"key": ["short_title"]}


class PlaceAdmin(RecordAdmin):
    list_display = ["name", "kind", "parent", "status"]
    list_filter = ["status", "kind", "cases"]
    search_fields = ["key", "name", "other_names"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"key": ["name"]}
    filter_horizontal = ["cases"]
    list_select_related = ["parent"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 1
    autocomplete_fields = ["person", "organisation"]
    fields = [
        "key",
        "person",
        "organisation",
        "role",
        "date",
        "date_as_written",
        "undated",
        "status",
    ]


class PersonAdmin(RecordAdmin):
    class PersonAffiliationInline(AffiliationInline):
        fk_name = "person"

    inlines = [PersonAffiliationInline, CitationInline]
    list_display = ["__str__", "anonymous", "status"]
    list_filter = ["status", "anonymous", "cases"]
    search_fields = ["key", "name", "description"]
    prepopulated_fields = {"key": ["name"]}
    filter_horizontal = ["cases"]


class OrganisationAdmin(RecordAdmin):
    class MemberInline(AffiliationInline):
        fk_name = "organisation"
        verbose_name_plural = _("members and posts")

    class RelationInline(admin.TabularInline):
        model = OrganisationRelation
        fk_name = "subject"
        extra = 1
        autocomplete_fields = ["object"]
        fields = ["key", "kind", "object", "date", "date_as_written", "undated", "status"]
        verbose_name_plural = _("relations to other organisations")

    inlines = [MemberInline, RelationInline, CitationInline]
    list_display = ["name", "acronym", "kind", "founded", "status"]
    list_filter = ["status", "kind", "cases"]
    search_fields = ["key", "name", "acronym", "gloss"]
    autocomplete_fields = ["place"]
    prepopulated_fields = {"key": ["acronym"]}
    filter_horizontal = ["cases"]


class AffiliationAdmin(DatedRecordAdmin):
    list_display = ["person", "organisation", "role", "date_in_words", "status"]
    list_filter = ["status", "undated", "organisation__kind"]
    search_fields = ["key", "person__name", "organisation__name", "organisation__acronym", "role"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]


class OrganisationRelationAdmin(DatedRecordAdmin):
    list_display = ["subject", "kind", "object", "date_in_words", "status"]
    list_filter = ["status", "kind", "undated"]
    search_fields = ["key", "subject__name", "subject__acronym", "object__name", "object__acronym"]
    autocomplete_fields = ["subject", "object"]
    list_select_related = ["subject", "object"]


class EventAdmin(DatedRecordAdmin):
    class ParticipantInline(admin.TabularInline):
        model = EventParticipant
        extra = 1
        autocomplete_fields = ["person", "organisation"]
        fields = ["person", "organisation", "role", "order"]

    inlines = [ParticipantInline, CitationInline]
    list_display = ["title", "kind", "date_in_words", "case", "place", "status"]
    list_filter = ["status", "case", "kind"]
    search_fields = ["key", "title", "description"]
    autocomplete_fields = ["place"]
    prepopulated_fields = {"key": ["title"]}
    list_select_related = ["case", "place"]


class InterviewSeriesAdmin(DatedRecordAdmin):
    list_display = ["title", "date_in_words", "case", "status"]
    list_filter = ["status", "case"]
    search_fields = ["key", "title"]
    autocomplete_fields = ["place"]
    list_select_related = ["case"]


class QuoteInline(admin.StackedInline):
    """Quotes entered with their interview; case and speaker default from it."""

    model = Quote
    extra = 2
    autocomplete_fields = ["speaker"]
    fields = [
        "key",
        "text",
        "speaker",
        "date",
        "date_as_written",
        "original_text",
        "original_language",
        "translation_note",
        "context",
        "status",
    ]


class InterviewAdmin(DatedRecordAdmin):
    class IntervieweeInline(admin.TabularInline):
        model = Interviewee
        extra = 1
        autocomplete_fields = ["person"]
        fields = ["person", "post", "order"]

    inlines = [IntervieweeInline, QuoteInline, CitationInline]
    list_display = ["title", "date_in_words", "case", "taped", "form", "access", "status"]
    list_filter = ["status", "case", "access", "taped", "form", "language"]
    search_fields = ["key", "title", "interviewees__person__name", "description"]
    autocomplete_fields = ["interviewer", "place", "series"]
    prepopulated_fields = {"key": ["title"]}
    list_select_related = ["case"]

    def save_formset(self, request, form, formset, change):
        if formset.model is Quote:
            interview = form.instance
            for quote_form in formset.forms:
                quote = quote_form.instance
                if quote_form.has_changed() and not quote_form.cleaned_data.get("DELETE"):
                    quote.case = interview.case
                    quote.interview = interview
        super().save_formset(request, form, formset, change)


class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"key": ["name"]}


class QuoteAdmin(DatedRecordAdmin):
    list_display = ["__str__", "speaker", "interview", "date_in_words", "case", "status"]
    list_filter = ["status", "case", "topics", "interview__access", "original_language"]
    search_fields = ["key", "text", "original_text", "speaker__name", "speaker__description"]
    autocomplete_fields = ["speaker", "interview"]
    filter_horizontal = ["topics"]
    list_select_related = ["speaker", "interview", "case"]


class FigureAdmin(DatedRecordAdmin):
    list_display = ["measure", "value_text", "unit", "table", "row", "column", "case", "status"]
    list_filter = ["status", "case", "table", "unit"]
    search_fields = ["key", "measure", "row", "column", "value_text"]
    autocomplete_fields = ["place", "organisation"]
    list_select_related = ["case"]


class ChartAdmin(SimpleHistoryAdmin):
    # The archive's own choice, like a topic: no citations of its own (its figures have them).
    list_display = ["title", "case", "order", "table", "measure", "layout", "status"]
    list_editable = ["order"]
    list_filter = ["status", "case", "layout"]
    search_fields = ["key", "title", "table", "measure", "measure_prefix"]
    list_select_related = ["case"]
    prepopulated_fields = {"key": ["title"]}
    fieldsets = [
        (None, {"fields": ["case", "title", "key", "status", "order"]}),
        (_("Which figures"), {"fields": ["table", "measure", "measure_prefix"]}),
        (
            _("How they are drawn"),
            {"fields": ["category", "series", "panel", "layout", "printed_table"]},
        ),
        (None, {"fields": ["notes"]}),
    ]


class GlossaryTermAdmin(RecordAdmin):
    list_display = ["term", "gloss", "language", "status"]
    list_filter = ["status", "language", "cases"]
    search_fields = ["key", "term", "gloss", "definition"]
    prepopulated_fields = {"key": ["term"]}
    filter_horizontal = ["cases"]


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "locator_display", "content_type", "object_id"]
    list_filter = ["content_type", "source__kind"]
    search_fields = ["section", "footnote", "page", "table", "correction", "source__title"]
    autocomplete_fields = ["source"]
    list_select_related = ["source", "content_type"]


# Each kind of record with its declaration's admin (cases/records/kinds.py), those the
# settings add included.
for kind in kinds.registry():
    if kind.admin is not None:
        admin.site.register(kind.model, kind.admin_class)
