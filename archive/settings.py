"""Settings for the archive, read from the environment.

Development needs nothing set: a SQLite file in the project folder and DEBUG on.
Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0; the secure
cookie/HSTS/SSL settings then default to on (see README, "Production").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from archive.cache_url import parse_cache_seconds, parse_cache_url, parse_timeout

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}.")
    return int(value)


DEBUG = env_bool("DEBUG", True)

# A development key is only acceptable while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "csp",
    # Counts failed sign-ins and locks out guessing (see "Sign-in lockout" below).
    "axes",
    "cases",
]
# Kinds of record beyond the archive's own: dotted paths to their declarations
# (``cases.records.kinds.RecordKind``), each with its app in INSTALLED_APPS. The archive's
# own kinds are declared in cases/records/kinds.py and need no setting.
RECORD_KINDS: list[str] = []

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database that does not answer: a 503 with Retry-After, not a 500 (archive/health.py).
    "archive.health.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Response headers for every page: its content policy, the browser features it may use,
    # who may keep it (archive/cache_headers.py; outside the session and page cache).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "archive.cache_headers.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the path or the parameters; after the locale, for its 400 page.
    "archive.input_hygiene.RefuseUnreadableInputMiddleware",
    # A browser that prefers Spanish is sent from a plain address to the Spanish page
    # (archive/languages.py); before the page cache, which keeps the English one.
    "archive.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, users and messages (it needs to know who asks); see browse/page_cache.py.
    "cases.browse.page_cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change for the admin's history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "archive.languages.page_languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) once its *estimated* cost is high, as
    # a count or an export over a large archive's tables is; for a page's queries that
    # compiling (about 90 ms measured at ×1000) costs more than it saves.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# One cache for the whole site, named by CACHE_URL (see archive/cache_url.py): local memory
# by default; Redis or the database when several processes serve the site, so that an
# archivist's save invalidates the pages every process keeps.
# A Redis that does not answer within CACHE_TIMEOUT_SECONDS counts as failed; the site then
# leaves the cache alone for CACHE_BREAKER_SECONDS and answers from the database.
CACHES = {
    "default": parse_cache_url(
        os.environ.get("CACHE_URL", ""),
        timeout=parse_timeout(os.environ.get("CACHE_TIMEOUT_SECONDS")),
    )
}
CACHE_BREAKER_SECONDS = parse_cache_seconds(
    os.environ.get("CACHE_BREAKER_SECONDS"), 30, name="CACHE_BREAKER_SECONDS"
)
# How long an anonymous visitor's page is kept; any archive write invalidates it sooner.
PAGE_CACHE_SECONDS = parse_cache_seconds(os.environ.get("PAGE_CACHE_SECONDS"), 600)
# How long a list's counts and facets are kept (cases/browse/counting.py); writes drop them sooner.
COUNTS_CACHE_SECONDS = parse_cache_seconds(
    os.environ.get("COUNTS_CACHE_SECONDS"), 3600, name="COUNTS_CACHE_SECONDS"
)
# How long a browser or proxy may keep a public page (``Cache-Control: public, max-age``; at
# most PAGE_CACHE_SECONDS): copies outside the server cannot be invalidated, so it is short.
BROWSER_CACHE_SECONDS = parse_cache_seconds(
    os.environ.get("BROWSER_CACHE_SECONDS"), 60, name="BROWSER_CACHE_SECONDS"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the plain addresses, Spanish under /es/ (archive/languages.py). Each language
# named in its own words, as the language switch shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIR = Path(os.environ.get("ARCHIVE_FIXTURE_DIR", BASE_DIR / "fixtures"))

# Production hardening: on unless DEBUG, each overridable by the environment
# (e.g. SECURE_SSL_REDIRECT=0 behind a proxy that already redirects).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The site runs no script of its own (drawings are server-side SVG) and loads nothing from
# elsewhere; the admin's scripts and styles are files of this site too. The one inline style
# is a drawing's minimum width, a number computed per drawing (``style="--narrowest: …"``),
# so inline style *attributes* are allowed, never <style> elements or inline scripts.
# JSON-LD (<script type="application/ld+json">) is data that no browser runs: CSP lets it be.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # data: for the empty favicon (no request for one)
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses are denied to it and to anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Instructors sign in on the public site (not the admin) to build reading lists.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:readinglist_index"
LOGOUT_REDIRECT_URL = "cases:home"


# Sign-in lockout (django-axes) on the instructors' and the admin's login alike. Failures are
# counted per account *and* address together: five wrong passwords for one account from one
# address lock that pair for 15 minutes. Locking by account alone would let anyone lock an
# archivist out by typing her name; by address alone, one mistyping colleague would lock a
# whole university's shared address. Unknown accounts are counted and locked the same way, so
# the lockout never tells whether an account exists.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A right password forgives earlier typos; tries while locked do not extend the lockout, so the
# page can say when it ends.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "archive.accounts.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address is the connection's unless the operator says how many proxies of
# theirs stand in front (TRUSTED_PROXY_COUNT): only then is X-Forwarded-For read, and only the
# entries those proxies added, so a visitor cannot choose their address by sending the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "archive.accounts.client_address"

# Mail, for password resets: SMTP when EMAIL_HOST is set, printed to the console in
# development. Without either the reset is switched off, never offered to fail silently.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 10
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "archive@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_ENABLED = env_bool("PASSWORD_RESET", bool(EMAIL_HOST) or DEBUG)
# At most this many reset mails per address and per e-mail in a lockout period.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3, minimum=1)
