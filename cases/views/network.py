"""The organisations' network as it stood in a chosen year."""

from django.http import Http404


def network_page(request):
    raise Http404
