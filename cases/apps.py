from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case studies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed

        # Registers the SQLite search functions on every connection opened from now on.
        from cases.browse import search  # noqa: F401
        from cases.browse.page_cache import connect_invalidation
        from cases.models.people import Person, cases_changed

        # The admin lives with the records; Django's autodiscovery only looks for cases.admin.
        from cases.records import admin  # noqa: F401
        from cases.records.kinds import registry

        # Any archive write makes every page kept for anonymous visitors stale at once: a
        # write to this app's models, or to those of an app whose kinds of record the
        # settings add (cases/records/kinds.py).
        connect_invalidation(self)
        for app_config in {kind.model._meta.app_config for kind in registry()} - {self}:
            connect_invalidation(app_config)
        # Anonymous people are listed grouped by case: their sort key follows their cases.
        m2m_changed.connect(
            cases_changed, sender=Person.cases.through, dispatch_uid="cases.people.sort_key"
        )
