"""Small records for tests that need their own data beside the loaded cases."""

from itertools import count

from django.contrib.contenttypes.models import ContentType

from cases.models import CaseStudy, Citation, Interview, Person, Quote, Source

_serial = count(1)


def key(prefix: str) -> str:
    return f"test-{prefix}-{next(_serial)}"


def source(**fields) -> Source:
    fields.setdefault("key", key("source"))
    fields.setdefault("kind", "article-journal")
    fields.setdefault("title", "A test source")
    return Source.objects.create(**fields)


def case(**fields) -> CaseStudy:
    fields.setdefault("key", key("case"))
    fields.setdefault("title", "A test case")
    fields.setdefault("short_title", "Test case")
    fields.setdefault("region", "Test region")
    fields.setdefault("summary", "A summary.")
    fields.setdefault("date", "1981/1993")
    if "source" not in fields:
        fields["source"] = source()
    return CaseStudy.objects.create(**fields)


def person(**fields) -> Person:
    fields.setdefault("key", key("person"))
    fields.setdefault("name", "Test Person")
    return Person.objects.create(**fields)


def interview(case_study, **fields) -> Interview:
    fields.setdefault("key", key("interview"))
    fields.setdefault("title", "A test interview")
    fields.setdefault("date", "1991-11")
    return Interview.objects.create(case=case_study, **fields)


def quote(case_study, speaker, **fields) -> Quote:
    fields.setdefault("key", key("quote"))
    fields.setdefault("text", "Words as published.")
    return Quote.objects.create(case=case_study, speaker=speaker, **fields)


def cite(record, src, **locator) -> Citation:
    locator = locator or {"section": "Introduction"}
    return Citation.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        source=src,
        **locator,
    )
