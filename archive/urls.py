from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive import accounts, languages
from archive.health import healthz
from cases.browse.sitemaps import sitemaps
from cases.browse.views.site import robots

# Pages in the reader's language: English at the plain address, Spanish under /es/ (see
# archive/languages.py); the sitemaps, robots.txt and the health check have no language.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    # Sign-in and password reset as django.contrib.auth names them; reset only with mail.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "accounts/password_reset/done/", accounts.password_reset_done, name="password_reset_done"
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("cases.urls")),
    prefix_default_language=False,
)
urlpatterns += [
    # The English page's alias, through which the language switch remembers the choice.
    path("en/", languages.english, name="english"),
    path("en/<path:rest>", languages.english, name="english"),
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
]

# A database that does not answer gets the 503 page, wherever the error was raised.
handler500 = "archive.health.server_error"
