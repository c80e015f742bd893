"""The test settings: the archive's own, a fast password hasher, and a toy kind of record
added the way a project adds one (tests/toy_kind): its app, and its declaration named in
``RECORD_KINDS``."""

from archive.settings import *  # noqa: F403
from archive.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.toy_kind"]
RECORD_KINDS = ["tests.toy_kind.kinds.LEAFLET"]

# Full-strength hashing cost the suite most of a minute, and no test is about its strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
