"""Shared test helpers: small factories for articles and the reference countries."""

import datetime

import pytest

from archive.models import Article, Country, CountryPair


@pytest.fixture
def make_article(db):
    """Build an article with sensible defaults; pairs given as codes ("BY-CN")."""

    def make(
        title="Статья",
        body="Текст статьи.",
        published_on=datetime.date(2025, 1, 15),
        language="ru",
        pairs=(),
        countries=(),
        **fields,
    ):
        article = Article.objects.create(
            title=title, body=body, published_on=published_on, language=language, **fields
        )
        for code in pairs:
            article.pairs.add(CountryPair.objects.get_or_create_for(code)[0])
        if countries:
            article.countries.add(*Country.objects.filter(code__in=countries))
        return article

    return make


@pytest.fixture
def seeds(db):
    """The five seed articles, imported as `make seed` imports them (with the agreements)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()
    fixtures = settings.BASE_DIR / "fixtures"
    call_command("loaddata", fixtures / "agreements.json", verbosity=0)
    call_command("import_articles", fixtures / "seeds", "--year", "2025", verbosity=0)
    articles = list(Article.objects.all())
    assert len(articles) >= 5
    return articles


# --- Browsing --------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    """A member of the Editors group, signed in by `editor_client`."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password="correct horse", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


@pytest.fixture
def make_agreement(db):
    """Build an agreement; parties given as ISO codes."""
    from archive.models import Agreement

    def make(name_en="Memorandum of understanding", name_ru="", parties=(), **fields):
        agreement = Agreement.objects.create(name_en=name_en, name_ru=name_ru, **fields)
        agreement.parties.add(*Country.objects.filter(code__in=parties))
        return agreement

    return make


@pytest.fixture
def make_outlet(db):
    """Build an outlet with a name no seeded outlet uses."""
    from archive.models import Outlet

    def make(name="Test Wire", **fields):
        return Outlet.objects.create(name=name, **fields)

    return make


@pytest.fixture
def plain_static_storage(settings):
    """Static files from their folders, as the admin's pages need them without a collectstatic
    run (no manifest); a module using it also ignores the missing staticfiles/ folder's warning."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def generous_search_budgets(settings):
    """Tests assert exact counts and suggestions, so a loaded CI machine must not trip the time
    bounds that protect readers of a million-article archive."""
    settings.SEARCH_SUGGEST_TIMEOUT_MS = 30_000
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 60_000


@pytest.fixture(params=["listed", "bounded", "windowed"])
def search_path(request, settings):
    """Run a search test down each of the engine's paths (archive/search/results.py): every
    match listed once; the bounded path a million-article archive takes for common words
    (estimated count, sampled facets, a ranked candidate set); and, for phrases, the newest
    spans of the archive searched one by one. `tests.searching` checks that each search
    really took the path its fixture chose."""
    if request.param == "bounded":
        settings.SEARCH_RESOLVE_LIMIT = 0
    if request.param == "windowed":
        settings.SEARCH_PHRASE_RECHECK_LIMIT = 0
    return request.param


@pytest.fixture(autouse=True)
def _fresh_name_register():
    """Each test reads the register of names, the planner's word statistics and estimates of
    the archive, and the facet labels as its own database has them.

    A test's rows vanish with its transaction, which no signal reports; the register a
    process keeps would otherwise outlive them.
    """
    from archive.search import labels, names, planner, selectivity, sizes

    for held in (names, planner, labels, sizes, selectivity):
        held.forget()
    yield
    for held in (names, planner, labels, sizes, selectivity):
        held.forget()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no stored pages (archive/page_cache.py).

    A test's rows vanish with its transaction, which no signal reports: a page stored by one
    test would otherwise be served, stale, to the next.
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _search_helper_closed(django_db_setup, django_db_blocker):
    """The search's helper thread keeps a connection to the test database (live-server tests
    search in transactions of their own): closed before the database is dropped."""
    yield
    from archive.search.beside import close_connections

    close_connections()
