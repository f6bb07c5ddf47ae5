"""No request answers 5xx, whatever its address: property-based tests over every route.

Hypothesis draws the parameters of the search page, the API and the search feeds, every path
segment of every URL pattern (walked from the resolver, so a new route is covered as soon as
it exists) and odd query strings on real pages, from tests/fuzz_values.py. The archive is the
seed articles plus agreements of several kinds and articles at the calendar's ends, in the
real PostgreSQL test database. The suite draws a bounded number of examples; `make fuzz`
draws many more (HYPOTHESIS_PROFILE=fuzz).
"""

import datetime
import traceback
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from hypothesis import given, note
from hypothesis import strategies as st

from archive.filters import MAX_PAGE_SIZE, SORT_CHOICES, SearchForm
from archive.models import Agreement, Article, Country, CountryPair, Outlet
from archive.sitemaps import SITEMAPS
from tests.fuzz_values import (
    DATES,
    LANGUAGES,
    NUMBERS,
    ODD_DIGITS,
    WORDS,
    address,
    pattern_parts,
    query_string,
)

# Near misses for a number: too large for any column, negative, digits int() cannot read.
NUMERIC = NUMBERS + ODD_DIGITS

# Requests made by each test of this module, reported at the end of the run.
REQUESTS = Counter()


class RequestReport:
    """Adds the number of fuzzed requests to pytest's summary (`make fuzz` shows it)."""

    def pytest_terminal_summary(self, terminalreporter):
        if REQUESTS:
            counts = ", ".join(f"{name} {n}" for name, n in sorted(REQUESTS.items()))
            terminalreporter.write_line(f"fuzzed requests: {sum(REQUESTS.values())} ({counts})")


@pytest.fixture(scope="module", autouse=True)
def report_requests(request):
    manager = request.config.pluginmanager
    if not manager.has_plugin("fuzzed-requests"):
        manager.register(RequestReport(), "fuzzed-requests")


def routes() -> list[tuple]:
    """Every URL pattern of the project as (pattern, pattern_parts), includes flattened."""

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = prefix + pattern.pattern.regex.pattern.removeprefix("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, regex)
            else:
                yield pattern, pattern_parts(regex)

    return list(walk(get_resolver().url_patterns, ""))


ROUTES = routes()
ADMIN = reverse("admin:index").strip("/")
ADMIN_ROUTES = [route for route in ROUTES if str(route[1][:1]).startswith(f"['{ADMIN}")]
PUBLIC_ROUTES = [route for route in ROUTES if route not in ADMIN_ROUTES]


@dataclass
class Archive:
    """What the archive holds, as the values an address can name."""

    search: dict[str, list[str]]  # each search parameter's meaningful values
    segments: dict[str, list[str]]  # each URL group's meaningful values, by group name
    pages: list[str]  # real addresses


@pytest.fixture
def archive(seeds, make_article, make_agreement, make_outlet) -> Archive:
    """The seeds, agreements of several kinds (one with no date, one at year 9999), an outlet
    and articles with markup in their names, and articles on the calendar's first and last day."""
    outlet = make_outlet(name="Wire <&> «Вести»", domain="wire.example")
    treaty = make_agreement(
        name_en="Treaty of <b>friendship</b> & trade",
        name_ru="Договор о дружбе",
        kind=Agreement.Kind.TREATY,
        parties=("BY", "CN"),
        signed_on=datetime.date(2025, 1, 1),
        status=Agreement.Status.IN_FORCE,
    )
    make_agreement(name_en="Roadmap with no date", kind=Agreement.Kind.ROADMAP, parties=("CN",))
    late = make_agreement(
        name_ru="План на 9999 год",
        kind=Agreement.Kind.PLAN,
        parties=("BY", "RU"),
        signed_on=datetime.date(9999, 12, 31),
        status=Agreement.Status.PLANNED,
    )
    first = make_article(
        title="Первый день календаря",
        body="Мост дружбы открыт.\n\nВторой абзац.",
        published_on=datetime.date(1, 1, 1),
        pairs=("KZ-UZ",),
        outlet=outlet,
    )
    first.agreements.add(treaty)
    last = make_article(
        title="The last day <script>alert(1)</script>",
        body="Text with a \x0b control & <b>tags</b>.",
        published_on=datetime.date(9999, 12, 31),
        language="en",
        pairs=("BY-RU",),
        countries=("BY", "RU"),
    )
    last.agreements.add(late)
    return known_values()


def known_values() -> Archive:
    articles = list(Article.objects.all())
    pairs = list(CountryPair.objects.values_list("code", flat=True))
    countries = list(Country.objects.values_list("code", flat=True)[:20])
    agreements = list(Agreement.objects.values_list("slug", flat=True))
    outlets = list(Outlet.objects.values_list("slug", flat=True))
    dates = sorted({a.published_on for a in articles})
    title_words = sorted({word for a in articles for word in a.title.split()[:3]})
    search = {
        "q": WORDS + title_words + ['"мост дружбы"', "-Китай мост", "Беларусь or Китай"],
        "exact": ["1", "on", "true", "0"],
        "pair": pairs + [p.lower()[::-1] for p in pairs] + ["BY-US", "XX-YY"],
        "country": countries + [c.lower() for c in countries],
        "language": ["ru", "en", "RU", "de"],
        "source": outlets,
        "agreement": agreements,
        "kind": list(Agreement.Kind.values),
        "date_from": DATES + [d.isoformat() for d in dates],
        "date_to": DATES + [d.isoformat() for d in dates],
        "year": ["2025", "2024", "1000", "9999", "1"] + [str(d.year) for d in dates] + NUMERIC,
        "sort": [value for value, _label in SORT_CHOICES],
        "fold": ["on", "off", "OFF", "", "yes"],
        "page": ["1", "2", "3"] + NUMERIC,
        "page_size": ["1", "2", str(MAX_PAGE_SIZE)] + NUMERIC,
    }
    user_ids = [str(pk) for pk in get_user_model().objects.values_list("pk", flat=True)]
    segments = {
        "year": [f"{d.year:04d}" for d in dates] + [str(d.year) for d in dates],
        "month": [f"{d.month:02d}" for d in dates] + ["1"],
        "day": [f"{d.day:02d}" for d in dates] + ["4"],
        "slug": [a.slug for a in articles] + agreements + outlets,
        "pk": [str(a.pk) for a in articles],
        "code": pairs + countries + [p.lower() for p in pairs],
        "section": list(SITEMAPS),
        "object_id": [str(a.pk) for a in articles] + agreements[:1] + ["1"],
        "content_type_id": [str(ContentType.objects.get_for_model(Article).pk)],
        "id": user_ids,
        "app_label": ["archive", "auth"],
    }
    pages = [reverse(name) for name in ("archive:home", "archive:pairs", "archive:agreements")]
    pages += [reverse("archive:archive-index"), reverse("archive:feed-latest-atom")]
    for a in articles:
        pages += [a.get_absolute_url(), reverse("archive:api-article", args=[a.pk])]
        day = (f"{a.published_on.year:04d}", f"{a.published_on.month:02d}")
        pages += [reverse("archive:archive-month", args=day)]
    for code in pairs:
        pages += [
            reverse("archive:pair", args=[code]),
            reverse("archive:feed-pair-rss", args=[code]),
        ]
    for slug in agreements:
        pages += [reverse("archive:agreement", args=[slug])]
        pages += [reverse("archive:feed-agreement-atom", args=[slug])]
    pages += [reverse("archive:source", args=[slug]) for slug in outlets]
    pages += [reverse("archive:country", args=[code]) for code in countries[:3]]
    pages += [reverse("archive:sitemap-section", args=[name]) for name in SITEMAPS]
    return Archive(search=search, segments=segments, pages=pages)


@pytest.fixture
def editor_client(db):
    """An editor signed in, so the admin's own pages are reached too."""
    editor = get_user_model().objects.create_superuser("fuzz-editor", "", "not-a-real-password")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client():
    return Client(raise_request_exception=False)


def answer(client, url: str, language: str, test: str):
    """The response to a GET of `url`; the test fails on 5xx, naming the cause."""
    REQUESTS[test] += 1
    note(f"GET {url} (Accept-Language: {language!r})")
    # Each request in a savepoint of its own: a statement that failed must not leave the
    # transaction aborted for the examples after it (and their shrinking).
    with transaction.atomic():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.streaming:
            # A file (a search's export) is written as it is read: read all of it.
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    if response.status_code >= 500:
        cause = "".join(traceback.format_exception(*response.exc_info)) if response.exc_info else ""
        pytest.fail(f"GET {url} answered {response.status_code}\n{cause}", pytrace=False)
    return response


SEARCHES = {
    "page": ["archive:search"],
    "api": ["archive:api-articles"],
    "feed": ["archive:feed-search-atom", "archive:feed-search-rss"],
    "export": ["archive:search-export-csv", "archive:search-export-jsonl"],
}


@pytest.mark.parametrize("endpoint", list(SEARCHES))
@given(data=st.data())
def test_no_search_parameters_make_the_search_answer_5xx(reader_client, archive, endpoint, data):
    path = reverse(data.draw(st.sampled_from(SEARCHES[endpoint])))
    query = data.draw(query_string(archive.search, other_names=["mode", "q[]", "Q"]))
    answer(reader_client, f"{path}?{query}", data.draw(LANGUAGES), f"search-{endpoint}")


@given(data=st.data())
def test_no_address_of_any_route_answers_5xx(reader_client, editor_client, archive, data):
    pattern, parts = data.draw(
        st.one_of(st.sampled_from(PUBLIC_ROUTES), st.sampled_from(ADMIN_ROUTES))
    )
    note(f"route {pattern.name or pattern.pattern}")
    url = data.draw(address(parts, archive.segments))
    query = data.draw(query_string({"page": NUMERIC, "p": NUMERIC, "pair": ["BY-CN"]}))
    client = editor_client if data.draw(st.booleans()) else reader_client
    answer(client, f"{url}?{query}" if query else url, data.draw(LANGUAGES), "routes")


@given(data=st.data())
def test_no_query_string_makes_a_real_page_answer_5xx(reader_client, archive, data):
    url = data.draw(st.sampled_from(archive.pages))
    known = {**archive.search, "p": ["1", "2", *NUMERIC]}
    query = data.draw(query_string(known))
    answer(reader_client, f"{url}?{query}", data.draw(LANGUAGES), "real-pages")


# --- What the fuzzing above relies on ------------------------------------------------------


def test_every_route_is_walked_and_its_drawn_addresses_reach_it(archive):
    """A route added to the URLconf is fuzzed without a change here."""
    assert len(ROUTES) == len(list(_all_patterns(get_resolver().url_patterns)))

    @given(route=st.sampled_from(ROUTES), data=st.data())
    def reaches(route, data):
        pattern, parts = route
        # A value with a slash could be read by a later pattern of the same prefix.
        url = "/" + "".join(
            quote(part, safe="/")
            if isinstance(part, str)
            else quote(data.draw(st.from_regex(part[1], fullmatch=True).filter(_no_slash)), safe="")
            for part in parts
        )
        # It reaches the pattern, unless a pattern before it claims it first (the admin's
        # catch-all after its named pages).
        match = resolve(url)
        earlier = ROUTES[: ROUTES.index(route) + 1]
        assert (match.func, match.url_name) in {(p.callback, p.name) for p, _ in earlier}, url

    reaches()


def test_every_search_parameter_is_given_meaningful_values(archive):
    """A parameter added to the search is drawn with values that mean something."""
    for name in SearchForm().fields:
        assert archive.search.get(name), name


def _all_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_patterns(pattern.url_patterns)
        else:
            yield pattern


def _no_slash(value: str) -> bool:
    return "/" not in value
