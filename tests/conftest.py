import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from cases.browse import page_cache
from cases.records.roles import ARCHIVIST, INSTRUCTOR
from tests.link_checker import SUMMARIES


def pytest_terminal_summary(terminalreporter, config):
    """What the link checker followed, printed with the run's results."""
    for line in config.stash.get(SUMMARIES, []):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Both cases, loaded once per run from fixtures/ as `make run` loads them."""
    with django_db_blocker.unblock():
        call_command("load_archive", verbosity=0)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no page kept: what one test rendered never answers another;
    nor does a cache one test made fail leave the next without one."""
    page_cache.breaker.__init__()
    cache.clear()
    yield
    page_cache.breaker.__init__()
    cache.clear()


@pytest.fixture(autouse=True)
def in_english():
    """Each test starts in the default language: a request for a Spanish page leaves Spanish
    active in the test's thread (the locale middleware activates a language per request and
    nothing resets it), and the next test's messages would be Spanish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def sign_in_lockout(request, settings):
    """The sign-in lockout counts only in tests marked `lockout`: elsewhere client.login()
    (which gives axes no request) works and no test's typos lock another's account."""
    settings.AXES_ENABLED = request.node.get_closest_marker("lockout") is not None


@pytest.fixture
def archive_kinds_only(settings):
    """Only the archive's own kinds of record, without those the test settings add (the toy
    kind of tests/toy_kind): for tests about what the archive itself holds."""
    settings.RECORD_KINDS = []


@pytest.fixture
def archivist(django_user_model):
    user = django_user_model.objects.create_user("archivist", password="a-long-pass-phrase-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=ARCHIVIST))
    return user


@pytest.fixture
def instructor(django_user_model):
    user = django_user_model.objects.create_user("instructor", password="a-long-pass-phrase-2")
    user.is_staff = True  # even as staff, the group grants no archive edits
    user.save()
    user.groups.add(Group.objects.get(name=INSTRUCTOR))
    return user
