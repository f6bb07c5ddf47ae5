"""Concord's one settings module, driven by environment variables with safe local defaults.

Production sets DEBUG unset (off), SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SECURE_* as
needed; see .env.example. Nothing here differs between development and production except
what the environment says.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

from archive.dbserver import database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# The fallback key only ever serves a local, non-DEBUG-less run; production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "concord-local-development-key-not-for-production")
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.middleware.RejectNulBytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60)}
# Parallel test runs (several developers on one server) each get their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

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
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Search (search issue) --------------------------------------------------------------------
# The bounds that keep search fast at a million articles; docs/search-design.md explains them.

# Repeated expensive searches (estimated counts, sampled facets) are served from this cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "concord",
    }
}
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "120"))
# Counts are exact up to this many matches, estimated ("about N") above.
SEARCH_EXACT_COUNT_LIMIT = int(os.environ.get("SEARCH_EXACT_COUNT_LIMIT", "10000"))
# Facets are counted over at most this many matches and scaled to the total above it.
SEARCH_FACET_SAMPLE = int(os.environ.get("SEARCH_FACET_SAMPLE", "2000"))
SEARCH_FACET_TIMEOUT_MS = int(os.environ.get("SEARCH_FACET_TIMEOUT_MS", "250"))
# Relevance ranks the newest this-many matches (fewer matches are all ranked) …
SEARCH_RANK_CANDIDATES = int(os.environ.get("SEARCH_RANK_CANDIDATES", "300"))
# … and this many of the newest matches with the words in their title join them.
SEARCH_RANK_TITLE_CANDIDATES = int(os.environ.get("SEARCH_RANK_TITLE_CANDIDATES", "100"))
SEARCH_SUGGEST_TIMEOUT_MS = int(os.environ.get("SEARCH_SUGGEST_TIMEOUT_MS", "200"))
# Matches above this share of the archive are paged by walking the date index; rarer ones are
# first resolved from the full-text index.
SEARCH_DENSE_SHARE = float(os.environ.get("SEARCH_DENSE_SHARE", "0.025"))
# An exact count that takes longer than this gives way to the planner's estimate.
SEARCH_COUNT_TIMEOUT_MS = int(os.environ.get("SEARCH_COUNT_TIMEOUT_MS", "300"))
# No search statement runs longer than this; the page then asks for a narrower search.
SEARCH_STATEMENT_TIMEOUT_MS = int(os.environ.get("SEARCH_STATEMENT_TIMEOUT_MS", "5000"))
# Up to this many matches are listed once (within SEARCH_RESOLVE_TIMEOUT_MS) and then counted
# exactly, faceted and paged from the list; larger sets take the bounded path.
SEARCH_RESOLVE_LIMIT = int(os.environ.get("SEARCH_RESOLVE_LIMIT", "20000"))
SEARCH_RESOLVE_TIMEOUT_MS = int(os.environ.get("SEARCH_RESOLVE_TIMEOUT_MS", "300"))
# A phrase with more candidates than this (articles holding all its words, each re-checked for
# word order) is searched span by span from the newest articles, for SEARCH_PHRASE_BUDGET_MS.
SEARCH_PHRASE_RECHECK_LIMIT = int(os.environ.get("SEARCH_PHRASE_RECHECK_LIMIT", "2000"))
SEARCH_PHRASE_BUDGET_MS = int(os.environ.get("SEARCH_PHRASE_BUDGET_MS", "200"))
SEARCH_PHRASE_CANDIDATES = int(os.environ.get("SEARCH_PHRASE_CANDIDATES", "20"))
# Title candidates come from the title index unless the words are in more titles than this
# share of the archive (then walking the date index finds the newest ones sooner).
SEARCH_TITLE_WALK_SHARE = float(os.environ.get("SEARCH_TITLE_WALK_SHARE", "0.03"))

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
