"""Publication status, and the public subset defined once.

Every public record is a draft or published. The public subset is what may leave the
admin: pages, search, exports, feeds, APIs. Each model's ``public_q(prefix)`` says what
"public" means for it, so that a query across a relation ("quotes whose interview is
public") reuses the same rule instead of restating it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class PublishableQuerySet(models.QuerySet):
    def public(self):
        queryset = self.filter(self.model.public_q())
        if hasattr(self.model, "search_document"):
            # The stored search vector serves the database's index and is never shown; it
            # is as long as the record's texts, so public pages do not fetch it.
            queryset = queryset.defer("search_document")
        return queryset


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PUBLISHED,
        db_index=True,
        help_text=_("Drafts stay in the admin; only published records are shown."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return Q(**{f"{prefix}status": Status.PUBLISHED})

    @property
    def is_published(self) -> bool:
        """Published, without asking the database; enough where ``public_q`` is the status."""
        return self.status == Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return type(self)._default_manager.filter(pk=self.pk).public().exists()
