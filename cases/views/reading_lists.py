"""Instructors' reading lists: build and share; students read them through a share link.

Editors are the list's owner and co-editors; for anyone else a private list does not
exist (404, never 403, so its existence is not revealed). Every change is a POST that
either applies in full or is refused with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import reading
from cases.citing import csl
from cases.citing.exports import FORMATS
from cases.forms import AddToListForm, ReadingItemForm, ReadingListForm
from cases.models import ReadingList
from cases.views.citing import BY_EXTENSION

instructor_only = permission_required("cases.add_readinglist", raise_exception=True)


def editable_list(request, pk) -> ReadingList:
    return get_object_or_404(ReadingList.objects.editable_by(request.user), pk=pk)


@login_required
@instructor_only
def index(request):
    lists = ReadingList.objects.editable_by(request.user).select_related("owner")
    return render(request, "cases/reading/index.html", {"reading_lists": lists})


@login_required
@instructor_only
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


@login_required
@instructor_only
def edit(request, pk):
    reading_list = editable_list(request, pk)
    form = ReadingListForm(request.POST or None, instance=reading_list, owner=reading_list.owner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(reading_list)
    resolved = reading.resolve(reading_list)
    order = [entry.item.pk for entry in resolved]
    for position, entry in enumerate(resolved):
        entry.form = ReadingItemForm(instance=entry.item, prefix=f"item-{entry.item.pk}")
        # Moving up or down posts the whole new order, so a stale page cannot lose an item.
        entry.order_up = swapped(order, position - 1) if position > 0 else None
        entry.order_down = swapped(order, position) if position < len(order) - 1 else None
    context = {
        "reading_list": reading_list,
        "form": form,
        "entries": resolved,
        "share_url": request.build_absolute_uri(reading_list.get_share_url()),
    }
    return render(request, "cases/reading/edit.html", context)


def swapped(order: list[int], index: int) -> list[int]:
    """``order`` with the items at ``index`` and ``index + 1`` exchanged."""
    result = list(order)
    result[index], result[index + 1] = result[index + 1], result[index]
    return result


@require_POST
@login_required
@instructor_only
def update_item(request, pk, item_pk):
    reading_list = editable_list(request, pk)
    item = get_object_or_404(reading_list.items, pk=item_pk)
    form = ReadingItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if form.is_valid():
        form.save()
        reading_list.save(update_fields=["modified"])
        messages.success(request, _("Item saved."))
    else:
        messages.error(request, _("The item was not saved: %(errors)s") % {"errors": form.errors})
    return redirect(f"{reading_list.get_absolute_url()}#item-{item.pk}")


@require_POST
@login_required
@instructor_only
def remove_item(request, pk, item_pk):
    reading_list = editable_list(request, pk)
    get_object_or_404(reading_list.items, pk=item_pk).delete()
    messages.success(request, _("Item removed."))
    return redirect(reading_list)


@require_POST
@login_required
@instructor_only
def reorder(request, pk):
    reading_list = editable_list(request, pk)
    try:
        reading.reorder(reading_list, request.POST.getlist("order"))
    except reading.ReadingListError as error:
        messages.error(request, str(error))
        return redirect(reading_list)
    messages.success(request, _("New order saved."))
    return redirect(reading_list)


@require_POST
@login_required
@instructor_only
def publish(request, pk):
    reading_list = editable_list(request, pk)
    reading_list.published = request.POST.get("published") == "yes"
    reading_list.save(update_fields=["published", "modified"])
    if reading_list.published:
        messages.success(request, _("Published: students can open the share link."))
    else:
        messages.success(request, _("Unpublished: the share link no longer opens the list."))
    return redirect(reading_list)


@require_POST
@login_required
@instructor_only
def duplicate(request, pk):
    reading_list = editable_list(request, pk)
    copy = reading.duplicate(reading_list, request.user)
    messages.success(request, _("This is a private copy; edit it for the new term."))
    return redirect(copy)


@require_POST
@login_required
@instructor_only
def add_record(request):
    form = AddToListForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    if not form.is_valid():
        messages.error(request, _("Nothing was added: choose a reading list."))
        return redirect(back)
    reading_list = editable_list(request, form.cleaned_data["reading_list"])
    try:
        with transaction.atomic():
            reading.add(reading_list, form.cleaned_data["kind"], form.cleaned_data["key"])
    except reading.ReadingListError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, _("Added to “%(title)s”.") % {"title": reading_list.title})
    return redirect(back)


def shared_list(token) -> ReadingList:
    # A wrong, tampered or unpublished token is simply not found.
    return get_object_or_404(
        ReadingList.objects.published().select_related("owner"), share_token=token
    )


def student_view(request, reading_list, *, preview=False):
    resolved = [entry for entry in reading.resolve(reading_list) if not entry.withdrawn]
    context = {
        "reading_list": reading_list,
        "entries": resolved,
        "sources": reading.bibliography(resolved),
        "preview": preview,
    }
    return render(request, "cases/reading/share.html", context)


def share(request, token):
    return student_view(request, shared_list(token))


@login_required
@instructor_only
def preview(request, pk):
    return student_view(request, editable_list(request, pk), preview=True)


def bibliography_export(request, token, extension):
    if extension not in BY_EXTENSION:
        raise Http404(_("No such citation format."))
    reading_list = shared_list(token)
    resolved = [entry for entry in reading.resolve(reading_list) if not entry.withdrawn]
    items = [csl.source_item(source) for source in reading.bibliography(resolved)]
    write, media_type, extension = FORMATS[BY_EXTENSION[extension]]
    response = HttpResponse(write(items), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reading-list.{extension}"'
    return response
