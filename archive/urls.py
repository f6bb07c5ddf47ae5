"""Every route of Concord, named and namespaced under "archive" (the admin apart)."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from archive import api, feeds, health
from archive.alerts.feed import SavedSearchFeed
from archive.sitemaps import SITEMAPS
from archive.views import (
    agreements,
    articles,
    compare,
    dates,
    discovery,
    events,
    home,
    on_this_day,
    pairs,
    search,
    sources,
)
from archive.views import alerts as alert_views
from archive.views.citations import article_citation
from archive.views.exports import search_export
from archive.views.open_data import DUMP_NAME, dump_file, open_data_page

archive_patterns = [
    # --- Public face ---------------------------------------------------------------------------
    path("", home.home, name="home"),
    path(
        "articles/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        articles.article_detail,
        name="article",
    ),
    path("articles/<int:pk>/", articles.article_by_id, name="article-by-id"),
    # An article's citation for reference managers.
    path(
        "articles/<int:pk>/cite.bib",
        article_citation,
        {"fmt": "bib"},
        name="article-cite-bibtex",
    ),
    path(
        "articles/<int:pk>/cite.ris",
        article_citation,
        {"fmt": "ris"},
        name="article-cite-ris",
    ),
    path(
        "articles/<int:pk>/cite.json",
        article_citation,
        {"fmt": "json"},
        name="article-cite-csl",
    ),
    # Search and the JSON API.
    path("search/", search.search, name="search"),
    path("search/export.csv", search_export, {"fmt": "csv"}, name="search-export-csv"),
    path("search/export.jsonl", search_export, {"fmt": "jsonl"}, name="search-export-jsonl"),
    path("api/articles/", api.articles, name="api-articles"),
    path("api/articles/<int:pk>/", api.article, name="api-article"),
    # Coverage over time, compared: up to four pairs or searches, and the chart's numbers.
    path("compare/", compare.compare, name="compare"),
    path("compare/data.csv", compare.data_csv, name="compare-csv"),
    path("compare/data.json", compare.data_json, name="compare-json"),
    # Browsing: the date archive (four-digit years, two-digit months and days), pairs, countries,
    # agreements, outlets.
    path("archive/", dates.ArchiveIndex.as_view(), name="archive-index"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", dates.YearArchive.as_view(), name="archive-year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        dates.MonthArchive.as_view(),
        name="archive-month",
    ),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        dates.DayArchive.as_view(),
        name="archive-day",
    ),
    path("pairs/", pairs.pair_list, name="pairs"),
    path("pairs/<str:code>/", pairs.pair_detail, name="pair"),
    path("countries/<str:code>/", pairs.country_detail, name="country"),
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("agreements/<slug:slug>/", agreements.agreement_detail, name="agreement"),
    path("sources/<slug:slug>/", sources.source_detail, name="source"),
    # Events (visits, summits …) and, for each day of the year, what happened on it.
    path("events/", events.event_list, name="events"),
    path("events/<slug:slug>/", events.event_detail, name="event"),
    path("on-this-day/", on_this_day.today, name="on-this-day-today"),
    path("on-this-day/<str:month_day>/", on_this_day.day_page, name="on-this-day"),
    # Feeds and discovery: Atom and RSS for the newest articles, a pair, an agreement, a search;
    # the sitemap index and its paged sections; robots.txt; the OpenSearch description.
    path("feeds/latest.rss", feeds.LatestFeed(), name="feed-latest-rss"),
    path("feeds/latest.atom", feeds.LatestFeed.atom(), name="feed-latest-atom"),
    path("feeds/pairs/<str:code>.rss", feeds.PairFeed(), name="feed-pair-rss"),
    path("feeds/pairs/<str:code>.atom", feeds.PairFeed.atom(), name="feed-pair-atom"),
    path("feeds/agreements/<slug:slug>.rss", feeds.AgreementFeed(), name="feed-agreement-rss"),
    path(
        "feeds/agreements/<slug:slug>.atom",
        feeds.AgreementFeed.atom(),
        name="feed-agreement-atom",
    ),
    path("feeds/search.rss", feeds.SearchFeed(), name="feed-search-rss"),
    path("feeds/search.atom", feeds.SearchFeed.atom(), name="feed-search-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Alerts: a saved search as a named feed; e-mail digests with double opt-in.
    path("alerts/subscribe/", alert_views.subscribe, name="alert-subscribe"),
    path("alerts/sent/", alert_views.sent, name="alert-sent"),
    path("alerts/confirm/<str:token>/", alert_views.confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alert_views.unsubscribe, name="alert-unsubscribe"),
    path("alerts/<str:token>.atom", SavedSearchFeed.atom(), name="alert-feed"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    # Open data: the curated layer's dump (manage.py dump_open_data) and the page about it.
    path("open-data/", open_data_page, name="open-data"),
    path(f"open-data/{DUMP_NAME}", dump_file, name="open-data-dump"),
    path("opensearch.xml", discovery.opensearch_xml, name="opensearch"),
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    # For load balancers and monitoring: the database (and Redis) answer.
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
