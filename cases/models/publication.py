"""Publication status, and the public subset defined once.

Every public record is a draft or published. The public subset is what may leave the
admin: pages, search, exports, feeds, APIs. Each model's ``public_q(prefix)`` says what
"public" means for it, so that a query across a relation ("quotes whose interview is
public") reuses the same rule instead of restating it.
"""

from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

# What a record's public related record is called: ``public_place``, ``public_interview_place``.
PUBLIC = "public_"


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


def public_name(path: str) -> str:
    """What ``with_public(path)`` calls a related record: "interview__place" →
    "public_interview_place"."""
    return PUBLIC + path.replace("__", "_")


def _related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _shown(path: str) -> str:
    # The annotation saying whether the record at ``path`` is public.
    return f"{public_name(path)}_shown"


def related_at(record, path: str):
    """The record ``path`` leads to from ``record`` as fetched, public or not (None if absent)."""
    for name in path.split("__"):
        if record is None:
            return None
        record = getattr(record, name)
    return record


class WithPublicIterable(ModelIterable):
    """Records carrying ``public_<path>`` for each path their queryset's ``with_public``
    joined: the related record where the database found it public, else None."""

    def __iter__(self):
        paths = self.queryset.public_paths
        for record in super().__iter__():
            for path in paths:
                shown = getattr(record, _shown(path))
                setattr(record, public_name(path), related_at(record, path) if shown else None)
            yield record


class PublishableQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_paths: tuple[str, ...] = ()

    def _clone(self):
        # The paths follow every filter, ordering and slice made after ``with_public``, as
        # the joins and annotations they name do.
        clone = super()._clone()
        clone.public_paths = self.public_paths
        return clone

    def with_public(self, *paths: str):
        """Fetch the records at ``paths`` (``"place"``, ``"interview__place"``) with each
        record, as ``select_related`` does, and say which of them are public.

        Each record then carries ``public_<path>`` (``public_place``,
        ``public_interview_place``): the related record where its ``public_q`` holds, else
        None, decided in the same query. Pages and citing helpers show what they are given
        and never decide for themselves whether a related record may be shown.
        """
        flags = {
            _shown(path): Case(
                When(_related_model(self.model, path).public_q(f"{path}__"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for path in paths
        }
        queryset = self.select_related(*paths).annotate(**flags)
        queryset.public_paths = (*self.public_paths, *paths)
        # Records are built by the iterable (``values()`` and the like replace it, and need
        # no related records).
        queryset._iterable_class = WithPublicIterable
        return queryset

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
    def is_public(self) -> bool:
        return type(self)._default_manager.filter(pk=self.pk).public().exists()


def in_public_case(prefix: str = "") -> Q:
    """A record of one case (an event, an interview, a quote, a figure) is public only while
    its case is: a draft case is withheld with everything recorded under it.

    Records that can belong to several cases (people, organisations, places, sources,
    glossary terms) are public on their own status; a draft case is never named on them.
    """
    from .case_studies import CaseStudy

    return CaseStudy.public_q(f"{prefix}case__")


def public_along(model, path: str) -> Q:
    """The public subset of every record a lookup ``path`` passes through from ``model``.

    ``public_along(Person, "affiliations__organisation__key")`` is ``Affiliation.public_q
    ("affiliations__") & Organisation.public_q("affiliations__organisation__")``: a filter or
    a facet reaching a record through a relation then matches only through public records,
    so a withheld record's key answers exactly as a key that does not exist. Use it in the
    same ``filter()`` as the lookup itself, so both refer to the same related rows.
    """
    condition = Q()
    parts = path.split("__")
    for depth, name in enumerate(parts, start=1):
        field = model._meta.get_field(name)
        if not field.is_relation:
            break
        model = field.related_model
        public_q = getattr(model, "public_q", None)
        if public_q is not None:
            condition &= public_q("__".join(parts[:depth]) + "__")
    return condition
