from django.shortcuts import render

from .models import CaseStudy


def home(request):
    return render(request, "cases/home.html", {"cases": CaseStudy.objects.public()})
