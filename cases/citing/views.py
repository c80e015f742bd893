"""Citation downloads: a record's reference as BibTeX, RIS or CSL-JSON.

A download reads its record through the same public queryset as the record's page, so
what cannot be seen cannot be exported either.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.citing import csl
from cases.citing.exports import FORMATS, in_records_language

# The URL names a format by its file extension: cite.bib, cite.ris, cite.json.
BY_EXTENSION = {extension: name for name, (_w, _t, extension) in FORMATS.items()}


@in_records_language
def download(request, model, key, extension):
    if extension not in BY_EXTENSION:
        raise Http404(_("No such citation format."))
    record = get_object_or_404(model.objects.public().for_page(), key=key)
    # Only the CSL item: the formatted Chicago text is for pages, not files.
    item = csl.record_item(
        record,
        url=request.build_absolute_uri(record.get_absolute_url()),
        accessed=timezone.localdate(),
    )
    write, media_type, extension = FORMATS[BY_EXTENSION[extension]]
    response = HttpResponse(write([item]), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.key}.{extension}"'
    return response
