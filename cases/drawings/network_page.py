"""The organisations' network as it stood in a chosen year."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.browse.page_cache import reads_parameters
from cases.drawings import network as networks
from cases.teaching import reading


def opening_case(cases):
    """The case the page opens at with none chosen: the first the home page would show
    (featured, the earliest first) among those with relations to draw."""
    drawable = [case for case in cases if case.has_relations] or cases
    featured = [case for case in drawable if case.featured]
    return (featured or drawable or [None])[0]


def opening_year(case, relations) -> int:
    """The year the page opens at with none chosen: the case's own ``network_year``, the
    archivists' choice, if it is a year of the case; else the year with most in force."""
    first, last = networks.year_bounds(case)
    if case.network_year is not None and first <= case.network_year <= last:
        return case.network_year
    return networks.default_year(case, relations)


class NetworkForm(forms.Form):
    case = forms.ChoiceField(label=_("Case"))
    year = forms.IntegerField(label=_("Year"), required=False)

    def __init__(self, data, cases):
        super().__init__(data)
        self.cases = {case.key: case for case in cases}
        self.fields["case"].choices = [(case.key, case.short_title) for case in cases]

    def clean(self):
        cleaned = super().clean()
        case = self.cases.get(cleaned.get("case"))
        year = cleaned.get("year")
        if case is not None and year is not None:
            first, last = networks.year_bounds(case)
            if not first <= year <= last:
                self.add_error(
                    "year",
                    _("Choose a year from %(first)s to %(last)s, the period of this case.")
                    % {"first": first, "last": last},
                )
        return cleaned


@reads_parameters("case", "year", reading.BACK_PARAMETER)
def network_page(request):
    cases = networks.public_cases()
    opening = opening_case(cases)
    data = {
        "case": request.GET.get("case") or (opening.key if opening else ""),
        "year": request.GET.get("year", ""),
    }
    form = NetworkForm(data, cases)
    context = {"form": form, "cases": cases, "legend": networks.legend()}
    if not form.is_valid():
        case = form.cases.get(data["case"])
        context["case"] = case
        if case is not None:
            context["first_year"], context["last_year"] = networks.year_bounds(case)
        return render(request, "cases/network/page.html", context, status=400)
    case = form.cases[form.cleaned_data["case"]]
    relations = networks.case_relations(case)
    year = form.cleaned_data["year"]
    if year is None:
        year = opening_year(case, relations)
    network = networks.network(case, year, relations)
    context.update(
        {
            "case": case,
            "network": network,
            "drawing": network.drawing,
            "first_year": network.first_year,
            "last_year": network.last_year,
            "year": year,
            "add_to_lists": reading.lists_for(request.user),
            "link_title": gettext("The organisations’ network: %(case)s in %(year)s")
            % {"case": case.short_title, "year": network.year},
        }
    )
    return render(request, "cases/network/page.html", context)
