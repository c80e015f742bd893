from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive.health import healthz
from cases.sitemaps import sitemaps
from cases.views.site import robots

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # An index of one sitemap per kind of record: each stays small and fast to build.
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots, name="robots"),
    # For health checks: database and cache status, never cached (archive/health.py).
    path("healthz", healthz, name="healthz"),
    path("", include("cases.urls")),
]

# A database that does not answer gets the 503 page, wherever the error was raised.
handler500 = "archive.health.server_error"
