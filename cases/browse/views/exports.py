"""CSV downloads of the public lists, filtered exactly as the list page is.

``/quotes/export.csv?case=el-agustino&topic=autonomy`` holds every record the list
``/quotes/?case=el-agustino&topic=autonomy`` pages through, in the same order. The response
streams: rows are written as the database yields them (see ``cases.browse.exports``).
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cases.browse import exports
from cases.browse.filters import in_stable_order
from cases.browse.views.lists import NOT_FILTERS

# The placeholder stands for each row's key in its public URL; a slug, so ``reverse`` takes it.
KEY_PLACEHOLDER = "export-record-key"


class RecordExport(View):
    list_view = None  # the RecordList whose records and filters this exports

    def get(self, request):
        model = self.list_view.model
        data = request.GET.copy()
        for name in NOT_FILTERS - {"sort"}:  # the page does not matter; the order does
            data.pop(name, None)
        filterset = self.list_view.filterset_class(data, queryset=model.objects.public())
        if not filterset.is_valid():
            return self.refused(filterset)
        page = request.build_absolute_uri(
            reverse(f"cases:{model._meta.model_name}", kwargs={"key": KEY_PLACEHOLDER})
        )
        response = StreamingHttpResponse(
            exports.csv_lines(
                in_stable_order(filterset.qs), lambda key: page.replace(KEY_PLACEHOLDER, key)
            ),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"{model._meta.verbose_name_plural}.csv".replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # Exports repeat the record pages: crawlers should index the pages, not the files.
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def refused(self, filterset):
        """A malformed filter is refused with its reason, as the list page refuses it."""
        lines = [_("These filters could not be applied:")]
        for name, errors in filterset.errors.items():
            label = filterset.filters[name].label if name in filterset.filters else ""
            for error in errors:
                lines.append(f"- {label}: {error}" if label else f"- {error}")
        return HttpResponse(
            "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
