"""Forms of the public site's signed-in side: instructors' reading lists."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import ReadingItem, ReadingList
from cases.models.reading_lists import PAGES, bare_pages
from cases.records.roles import INSTRUCTOR
from cases.teaching import reading


class ReadingListForm(forms.ModelForm):
    class Meta:
        model = ReadingList
        fields = ["title", "course", "introduction", "co_editors"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "co_editors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only other instructors can be asked to edit a list.
        instructors = get_user_model().objects.filter(groups__name=INSTRUCTOR).order_by("username")
        if owner is not None:
            instructors = instructors.exclude(pk=owner.pk)
        self.fields["co_editors"].queryset = instructors
        self.fields["co_editors"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )


class ReadingItemForm(forms.ModelForm):
    """One item's part of the list's editing form (prefixed ``item-<pk>``).

    Pages only for a source; a title (required) only for a link to a page of the archive.
    """

    class Meta:
        model = ReadingItem
        fields = ["title", "pages", "note", "questions"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "questions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"pages": _("For example 12–15, or 7.")}

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "source":
            del self.fields["pages"]
        if kind == "link":
            self.fields["title"].required = True
        else:
            del self.fields["title"]

    def clean_pages(self):
        # Stored bare ("12–15"): the share page adds "pp." or "p." itself.
        pages = bare_pages(self.cleaned_data["pages"])
        if pages and not PAGES.match(pages):
            raise forms.ValidationError(
                _("Give page numbers, e.g. 12–15 or 7; “%(pages)s” is not one."),
                params={"pages": pages},
            )
        return pages


class AddToListForm(forms.Form):
    """Sent from a record's public page: which list, and which record by kind and key."""

    reading_list = forms.IntegerField(label=_("Reading list"))
    kind = forms.SlugField()
    key = forms.SlugField()

    def refusal(self) -> str:
        """Why nothing was added. The kind and key are the page's own: only the list is the
        instructor's to choose."""
        return gettext("Nothing was added: choose a reading list.")

    def add_to(self, reading_list: ReadingList) -> ReadingItem:
        return reading.add(reading_list, self.cleaned_data["kind"], self.cleaned_data["key"])


class AddLinkToListForm(forms.Form):
    """Sent from a page that is not one record (a filtered list, a network year, a case's
    figures): which list, the page's path with its query, and the title to show it under."""

    reading_list = forms.IntegerField(label=_("Reading list"))
    link = forms.CharField(max_length=2000)
    title = forms.CharField(label=_("Title in the list"), max_length=200)

    def refusal(self) -> str:
        """Why nothing was added, for the first of the instructor's choices refused."""
        if "reading_list" in self.errors:
            return gettext("Nothing was added: choose a reading list.")
        if "title" in self.errors:
            return gettext("Nothing was added: give the page a title.")
        return gettext("Only a page of this archive can be added to a reading list.")

    def add_to(self, reading_list: ReadingList) -> ReadingItem:
        return reading.add_link(
            reading_list, self.cleaned_data["link"], self.cleaned_data["title"]
        )
