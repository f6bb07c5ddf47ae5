"""Concord's one settings module, driven by environment variables with safe local defaults.

Production sets DEBUG unset (off), SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SECURE_* as
needed; see .env.example. Nothing here differs between development and production except
what the environment says.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from archive.dbserver import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# Every key ever committed to the repository is public: it may sign a developer's sessions
# (DEBUG on) but never a served archive's, where it would let anyone forge a login.
DEVELOPMENT_SECRET_KEY = "concord-local-development-key-not-for-production"  # noqa: S105
COMMITTED_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me-to-50-random-characters"}
# Unset, the key is read from this machine's own key file, which `make` writes once (random,
# readable by its owner only, never committed), so every manage.py command works on it.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret-key"))
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if DEBUG and not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (not SECRET_KEY or SECRET_KEY in COMMITTED_SECRET_KEYS):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a secret value when DEBUG is off "
        + ("(it is unset). " if not SECRET_KEY else "(this one is published in the repository). ")
        + "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
        f"Without SECRET_KEY, the key is read from {SECRET_KEY_FILE} (`make` writes one); "
        "DEBUG=1 runs with a development key."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django_filters",
    "template_partials",
    "archive",
    "axes",
    "csp",
]
# Development apps live in tests/ and are installed only when asked for (CONCORD_DEV_APPS=bench:
# the benchmarks, the synthetic corpus and the load test), never on a served archive.
DEV_APPS = {"bench": "tests.bench"}
for _name in env_list("CONCORD_DEV_APPS"):
    if _name not in DEV_APPS:
        raise ImproperlyConfigured(f"CONCORD_DEV_APPS: no development app {_name!r}.")
    INSTALLED_APPS.append(DEV_APPS[_name])

MIDDLEWARE = [
    "archive.request_log.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.middleware.RejectNulBytes",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /ru/… and /en/…: the address's language and URLconf (archive/language_prefix.py).
    "archive.language_prefix.LanguagePrefix",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.replica_pin.ReadFromReplicas",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After everything but the page cache (which never sees a sign-in, a POST): it turns a
    # locked-out sign-in into the lock-out page (django-axes).
    "axes.middleware.AxesMiddleware",
    # Innermost, so a stored page is served after the reader's language and CSRF cookie are
    # known (archive/page_cache.py).
    "archive.page_cache.PageCache",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

# Each worker keeps its connection for CONN_MAX_AGE seconds (checked before reuse), so a
# server holds at most one per worker; the development server, one thread per request, runs
# with CONN_MAX_AGE=0 so it never leaves idle connections behind. Ten minutes, not one: a new
# connection's first search loads the text-search dictionaries, 50-60 ms at every renewal.
DATABASES = {
    "default": dj_database_url.parse(
        database_url(),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# Parallel test runs (several developers on one server) each get their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# Read replicas (streaming standbys of the primary): public pages read from them, writes, the
# admin and an editor's next pages use the primary (archive/db_router.py, replica_pin.py).
# Each keeps the primary's connection settings, and its persistent connections are always
# health-checked, so a restarted replica is noticed before a request uses it (not with a 500).
# In tests each mirrors the primary.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(_url)
    _replica.update(
        {
            key: DATABASES["default"][key]
            for key in ("CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS")
            if key in DATABASES["default"]
        },
        CONN_HEALTH_CHECKS=True,
        # A replica that does not answer is skipped after this many seconds, not waited for.
        OPTIONS={
            "connect_timeout": 3,
            **DATABASES["default"].get("OPTIONS", {}),
            **_replica.get("OPTIONS", {}),
        },
        TEST={"MIRROR": "default"},
    )
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"]
# After a write, the writer's browser reads the primary for this long (longer than replicas lag).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "archive" / "locale"]
TIME_ZONE = "Europe/Minsk"
USE_I18N = True
USE_TZ = True

# Languages an article may be written in (ISO 639-1). Search configurations for each are in
# archive/search.py; a language without its own stemmer is indexed with the "simple" one.
# The names are translated where they are shown (facets, chips, article pages, the admin).
ARTICLE_LANGUAGES = [("ru", gettext_lazy("Russian")), ("en", gettext_lazy("English"))]

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security ---------------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind a TLS proxy, the proxy's headers say the scheme and the client's address; without
# one, those headers come from the client and are ignored.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Pages carry no inline script or style, so the policy needs neither 'unsafe-inline' nor a
# nonce (whole pages are cached, and a cached nonce would be a known one).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
    }
}

# Admin sign-in throttling (django-axes). Failures are counted per username (a guess spread
# over many addresses) and, separately, per address (one address trying many usernames);
# either count reaching the limit locks that username or address out for the cool-off, each
# further attempt restarts it, and a successful sign-in clears both counts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "archive.client_address.client_ip"

# --- Search -----------------------------------------------------------------------------------
# The bounds that keep search fast at a million articles; docs/search-design.md explains them.

# Repeated expensive searches (estimated counts, sampled facets) and whole public pages are
# served from this cache: Redis, shared by every worker and server, when REDIS_URL is set;
# else each process's own memory. Keys are prefixed with the database's name, so two
# archives (the benchmark's, the main one) never read each other's pages.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": DATABASES["default"]["NAME"],
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "concord",
            # Django's default (300 entries) holds a few minutes of a large archive's pages;
            # a stored page averages ~30 KB, so 3,000 take ~90 MB in each worker.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_ENTRIES", "3000"))},
        }
    )
}
# Anonymous readers get stored copies of public pages for this long (0: off); an editor's
# save makes them stale at once. Browsers may keep a page PAGE_MAX_AGE seconds, then revalidate.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "60"))
PAGE_CACHE_SKIP_PREFIXES = ["/admin/", "/i18n/", "/healthz"]
# --- Search bounds (read through archive.search.limits; docs/search-design.md) ----------------
# Counts and facets of large match sets (estimates anyway) are kept this long.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "120"))
# Counts are exact up to this many matches, estimated ("about N") above.
SEARCH_EXACT_COUNT_LIMIT = int(os.environ.get("SEARCH_EXACT_COUNT_LIMIT", "10000"))
# Facets of a match set too large to list are counted over samples of this many matches.
SEARCH_FACET_SAMPLE = int(os.environ.get("SEARCH_FACET_SAMPLE", "2000"))
# Relevance ranks the newest this-many matches (fewer matches are all ranked) …
SEARCH_RANK_CANDIDATES = int(os.environ.get("SEARCH_RANK_CANDIDATES", "300"))
# … and this many of the newest matches with the words in their title join them.
SEARCH_RANK_TITLE_CANDIDATES = int(os.environ.get("SEARCH_RANK_TITLE_CANDIDATES", "100"))
# "Did you mean" looks for a better spelling for at most this long.
SEARCH_SUGGEST_TIMEOUT_MS = int(os.environ.get("SEARCH_SUGGEST_TIMEOUT_MS", "200"))
# Matches above this share of the archive are paged by walking the date index; rarer ones are
# first resolved from the full-text index.
SEARCH_DENSE_SHARE = float(os.environ.get("SEARCH_DENSE_SHARE", "0.025"))
# No search statement runs longer than this; the page then asks for a narrower search.
SEARCH_STATEMENT_TIMEOUT_MS = int(os.environ.get("SEARCH_STATEMENT_TIMEOUT_MS", "5000"))
# Up to this many matches are listed once and then counted exactly, faceted and paged from the
# list; larger sets take the bounded path.
SEARCH_RESOLVE_LIMIT = int(os.environ.get("SEARCH_RESOLVE_LIMIT", "20000"))
# A phrase with more candidates than this (articles holding all its words, each re-checked for
# word order) is searched among the newest articles only, as far back as keeps the re-checks
# within this number (archive/search/windows.py); relevance then pages through
# SEARCH_PHRASE_CANDIDATES of them.
SEARCH_PHRASE_RECHECK_LIMIT = int(os.environ.get("SEARCH_PHRASE_RECHECK_LIMIT", "4000"))
# How many re-checks the span of the newest articles a heavy phrase is searched in may hold
# (estimated; at least the newest span is searched).
SEARCH_PHRASE_WINDOW_RECHECKS = int(os.environ.get("SEARCH_PHRASE_WINDOW_RECHECKS", "2000"))
SEARCH_PHRASE_CANDIDATES = int(os.environ.get("SEARCH_PHRASE_CANDIDATES", "20"))
# Title candidates come from the title index unless the words are in more titles than this
# share of the archive (then walking the date index finds the newest ones sooner).
SEARCH_TITLE_WALK_SHARE = float(os.environ.get("SEARCH_TITLE_WALK_SHARE", "0.01"))
# Memory for a search statement's sorts and bitmaps: with the default 4 MB a common word's
# bitmap turns lossy and every row on a lossy page is re-checked.
SEARCH_WORK_MEM = os.environ.get("SEARCH_WORK_MEM", "64MB")
# A second connection per worker for the facet statement, run while the page is read
# (archive/search/beside.py): each worker may hold two connections to PostgreSQL. 0 runs
# every statement of a search on the request's own connection, one after another.
SEARCH_SECOND_CONNECTION = os.environ.get("SEARCH_SECOND_CONNECTION", "1") == "1"

# --- Exports and open data --------------------------------------------------------------------

# A search exported as CSV or JSON Lines holds at most this many articles (the file says so).
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", "5000"))
# Where `manage.py dump_open_data` writes the curated layer's dump that /open-data/ serves.
OPEN_DATA_DIR = Path(os.environ.get("OPEN_DATA_DIR", BASE_DIR / "var" / "open-data"))

# --- Logging ----------------------------------------------------------------------------------

# SQL_STATEMENT_HEADER=1: every response says how many SQL statements its request ran
# (X-SQL-Statements, archive/statement_count.py), for the benchmark; off on a served archive.
SQL_STATEMENT_HEADER = env_bool("SQL_STATEMENT_HEADER", False)
if SQL_STATEMENT_HEADER:
    MIDDLEWARE.insert(0, "archive.statement_count.StatementCount")

# One JSON line per request on "concord.requests" (REQUEST_LOG_LEVEL=WARNING silences them);
# searches slower than SLOW_SEARCH_MS as warnings on "concord.search", with their parameters.
SLOW_SEARCH_MS = int(os.environ.get("SLOW_SEARCH_MS", "500"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "concord.requests": {
            "handlers": ["json"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "concord.search": {"handlers": ["json"], "level": "WARNING", "propagate": False},
    },
}

# --- E-mail, alerts and source checks ---------------------------------------------------------

# The archive's public address, for links in e-mails and the link checker's User-Agent.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Development prints e-mails to the console; a served archive sends them through SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Concord <concord@localhost>")
# A confirmation link is valid this long; one address, and one client, may ask for this many
# confirmation e-mails an hour.
ALERT_CONFIRM_MAX_AGE = int(os.environ.get("ALERT_CONFIRM_HOURS", "72")) * 3600
ALERT_REQUESTS_PER_ADDRESS = 3
ALERT_REQUESTS_PER_CLIENT = 20
# check_sources names this contact (an e-mail or a page) in its User-Agent, and asks each
# host at most once every SOURCE_CHECK_INTERVAL seconds.
SOURCE_CHECK_CONTACT = os.environ.get("SOURCE_CHECK_CONTACT", SITE_URL)
SOURCE_CHECK_INTERVAL = float(os.environ.get("SOURCE_CHECK_INTERVAL", "5"))
