from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case studies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the SQLite search functions on every connection opened from now on.
        from cases import search  # noqa: F401
        from cases.page_cache import connect_invalidation

        # Any archive write makes every page kept for anonymous visitors stale at once.
        connect_invalidation(self)
