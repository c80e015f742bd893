"""Instructors' reading lists: build and share; students read them through a share link.

Editors are the list's owner and co-editors; for anyone else a private list does not
exist (404, never 403, so its existence is not revealed). Every change is a POST that
either applies in full or is refused with a message.

The editing page is one form: the list's title, course and introduction and every item's
note, questions, pages (a source) or title (a link). Its one "Save" keeps all of them in
one transaction, and so does every other button of the page (move, remove, publish,
duplicate, preview), which is a submit button of that same form: nothing typed is lost
whichever is pressed. Refused input comes back in the form, with the reason by the field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.citing import csl
from cases.citing.exports import FORMATS, in_records_language
from cases.citing.views import BY_EXTENSION
from cases.models import ReadingList
from cases.teaching import reading
from cases.teaching.forms import AddLinkToListForm, AddToListForm, ReadingItemForm, ReadingListForm

instructor_only = permission_required("cases.add_readinglist", raise_exception=True)


def for_instructors(view):
    """A page for instructors: anyone signed out is sent to sign in, anyone else refused."""
    return login_required(instructor_only(view))


def instructors_change(view):
    """A change to a reading list: sent as a POST, by an instructor."""
    return require_POST(for_instructors(view))


def editable_list(request, pk) -> ReadingList:
    return get_object_or_404(ReadingList.objects.editable_by(request.user), pk=pk)


@for_instructors
def index(request):
    lists = ReadingList.objects.editable_by(request.user).select_related("owner")
    return render(request, "cases/reading/index.html", {"reading_lists": lists})


@for_instructors
def create(request):
    form = ReadingListForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        reading_list = form.save(commit=False)
        reading_list.owner = request.user
        reading_list.save()
        form.save_m2m()
        messages.success(request, _("Reading list created. Add records from their pages."))
        return redirect(reading_list)
    return render(request, "cases/reading/form.html", {"form": form})


# The page's buttons other than the item ones: name "action", these values.
LIST_ACTIONS = {"save", "publish", "unpublish", "duplicate", "preview"}
# The item buttons: the button's name, its value the item's id.
ITEM_ACTIONS = {"move_up": -1, "move_down": 1, "remove": 0}


@for_instructors
def edit(request, pk):
    reading_list = editable_list(request, pk)
    title = reading_list.title  # as saved: a refused new title must not head the page
    data = request.POST if request.method == "POST" else None
    form = ReadingListForm(data, instance=reading_list, owner=reading_list.owner)
    resolved = reading.resolve(reading_list)
    for entry in resolved:
        entry.heading = entry.label  # before a refused title could change it
        prefix = f"item-{entry.item.pk}"
        # An item added (in another tab) since the page was shown has no fields in this
        # POST: it is left as it is rather than emptied.
        bound = data is not None and f"{prefix}-note" in data
        entry.form = ReadingItemForm(
            data if bound else None, instance=entry.item, prefix=prefix, kind=entry.model_name
        )
    problem = ""
    if data is not None:
        items_valid = all(entry.form.is_valid() for entry in resolved if entry.form.is_bound)
        if form.is_valid() and items_valid:
            try:
                return save_and_act(request, reading_list, form, resolved)
            except reading.ReadingListError as error:
                problem = str(error)
        else:
            problem = _(
                "Nothing was saved: correct what is marked below. "
                "Everything you typed is still in the form."
            )
    context = {
        "reading_list": reading_list,
        "title": title,
        "form": form,
        "entries": resolved,
        "order": [entry.item.pk for entry in resolved],
        "problem": problem,
        "share_url": request.build_absolute_uri(reading_list.get_share_url()),
    }
    return render(request, "cases/reading/edit.html", context, status=400 if problem else 200)


def chosen_action(post) -> tuple[str, int | None]:
    """Which button was pressed: ("save", None), ("move_up", 12), ("remove", 12)…"""
    for name in ITEM_ACTIONS:
        if name in post:
            try:
                return name, int(post[name])
            except ValueError:
                raise reading.ReadingListError(
                    _("That button names no item; nothing was changed.")
                ) from None
    action = post.get("action", "save")
    return (action if action in LIST_ACTIONS else "save"), None


@transaction.atomic
def save_and_act(request, reading_list, form, resolved):
    """Save everything the form holds, then do what the pressed button asks; all or nothing
    (a refusal raises ``ReadingListError`` and the transaction is rolled back)."""
    action, item_pk = chosen_action(request.POST)
    form.save()
    for entry in resolved:
        if entry.form.is_bound and entry.form.has_changed():
            entry.form.save()
    edit_url = reading_list.get_absolute_url()
    labels = {entry.item.pk: entry.heading for entry in resolved}
    if action in ("move_up", "move_down"):
        order = request.POST.getlist("order")
        position = order.index(str(item_pk)) if str(item_pk) in order else -1
        other = position + ITEM_ACTIONS[action]
        if position < 0 or not 0 <= other < len(order):
            raise reading.ReadingListError(_("That item cannot move there; nothing was changed."))
        order[position], order[other] = order[other], order[position]
        reading.reorder(reading_list, order)
        messages.success(request, _("Saved, and the item moved."))
        return redirect(f"{edit_url}#item-{item_pk}")
    if action == "remove":
        item = reading_list.items.filter(pk=item_pk).first()
        if item is None:
            raise reading.ReadingListError(
                _("That item is no longer in this list; nothing was changed.")
            )
        item.delete()
        messages.success(
            request,
            _("Saved, and %(item)s removed.")
            % {"item": reading.quoted(labels.get(item_pk) or str(item))},
        )
        return redirect(f"{edit_url}#items-heading")
    if action in ("publish", "unpublish"):
        set_published(reading_list, action == "publish")
        messages.success(request, published_message(reading_list, saved=True))
        return redirect(reading_list)
    if action == "duplicate":
        copy = reading.duplicate(reading_list, request.user)
        messages.success(request, _("Saved. This is a private copy; edit it for the new term."))
        return redirect(copy)
    if action == "preview":
        return redirect("cases:readinglist_preview", pk=reading_list.pk)
    messages.success(request, _("Saved."))
    return redirect(reading_list)


def set_published(reading_list, published: bool) -> None:
    reading_list.published = published
    reading_list.save(update_fields=["published", "modified"])


def published_message(reading_list, *, saved=False) -> str:
    if reading_list.published:
        if saved:
            return _("Saved and published: students can open the share link.")
        return _("Published: students can open the share link.")
    if saved:
        return _("Saved and unpublished: the share link no longer opens the list.")
    return _("Unpublished: the share link no longer opens the list.")


@instructors_change
def remove_item(request, pk, item_pk):
    reading_list = editable_list(request, pk)
    get_object_or_404(reading_list.items, pk=item_pk).delete()
    messages.success(request, _("Item removed."))
    return redirect(reading_list)


@instructors_change
def reorder(request, pk):
    reading_list = editable_list(request, pk)
    try:
        reading.reorder(reading_list, request.POST.getlist("order"))
    except reading.ReadingListError as error:
        messages.error(request, str(error))
        return redirect(reading_list)
    messages.success(request, _("New order saved."))
    return redirect(reading_list)


@instructors_change
def publish(request, pk):
    reading_list = editable_list(request, pk)
    set_published(reading_list, request.POST.get("published") == "yes")
    messages.success(request, published_message(reading_list))
    return redirect(reading_list)


@instructors_change
def duplicate(request, pk):
    reading_list = editable_list(request, pk)
    copy = reading.duplicate(reading_list, request.user)
    messages.success(request, _("This is a private copy; edit it for the new term."))
    return redirect(copy)


def back_to(request) -> str:
    """Where to return after adding: the ``next`` page if it is on this site, else home."""
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return back


@instructors_change
def add_record(request):
    """Add the record whose page the instructor is on."""
    return add_and_go_back(request, AddToListForm(request.POST))


@instructors_change
def add_link(request):
    """Add the page the instructor is on (a filtered list, a network year, a case's
    figures) as a link item, under the title they gave it."""
    return add_and_go_back(request, AddLinkToListForm(request.POST))


def add_and_go_back(request, form) -> HttpResponse:
    """Either "Add to reading list" form: what it adds, added in one transaction to the list
    chosen (one the instructor edits), then back to the page they were on, told what
    happened there."""
    back = back_to(request)
    if not form.is_valid():
        messages.error(request, form.refusal())
        return redirect(back)
    reading_list = editable_list(request, form.cleaned_data["reading_list"])
    try:
        with transaction.atomic():
            form.add_to(reading_list)
    except reading.ReadingListError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, added_message(reading_list))
    return redirect(back)


def added_message(reading_list) -> str:
    return _("Added to %(title)s.") % {"title": reading.quoted(reading_list.title)}


def shared_list(token) -> ReadingList:
    # A wrong, tampered or unpublished token is simply not found.
    if not reading.is_token_like(token):
        raise Http404(_("No such reading list."))
    return get_object_or_404(
        ReadingList.objects.published().select_related("owner"), share_token=token
    )


def student_view(request, reading_list, *, preview=False):
    resolved = [entry for entry in reading.resolve(reading_list) if not entry.withdrawn]
    for entry in resolved:
        # The page opened from the list names it, so it can offer the way back.
        entry.href = reading.with_back_parameter(entry.url, reading_list)
    context = {
        "reading_list": reading_list,
        "entries": resolved,
        "sources": reading.bibliography(resolved),
        "preview": preview,
    }
    return render(request, "cases/reading/share.html", context)


def share(request, token):
    return student_view(request, shared_list(token))


@for_instructors
def preview(request, pk):
    return student_view(request, editable_list(request, pk), preview=True)


@in_records_language
def bibliography_export(request, token, extension):
    if extension not in BY_EXTENSION:
        raise Http404(_("No such citation format."))
    reading_list = shared_list(token)
    resolved = [entry for entry in reading.resolve(reading_list) if not entry.withdrawn]
    items = [csl.source_item(source) for source in reading.bibliography(resolved)]
    write, media_type, extension = FORMATS[BY_EXTENSION[extension]]
    response = HttpResponse(write(items), content_type=f"{media_type}; charset=utf-8")
    name = reading.file_name(reading_list, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
