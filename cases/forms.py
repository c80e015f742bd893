"""Forms of the public site's signed-in side: instructors' reading lists."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.models import ReadingItem, ReadingList
from cases.roles import INSTRUCTOR


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
    class Meta:
        model = ReadingItem
        fields = ["pages", "note", "questions"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "questions": forms.Textarea(attrs={"rows": 3}),
        }


class AddToListForm(forms.Form):
    """Sent from a record's public page: which list, and which record by kind and key."""

    reading_list = forms.IntegerField(label=_("Reading list"))
    kind = forms.SlugField()
    key = forms.SlugField()
