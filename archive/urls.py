"""Every route of Concord, named and namespaced under "archive" (the admin apart)."""

from django.contrib import admin
from django.urls import include, path

from archive.views import articles, home

archive_patterns = [
    # --- Public face ---------------------------------------------------------------------------
    path("", home.home, name="home"),
    path(
        "articles/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        articles.article_detail,
        name="article",
    ),
    path("articles/<int:pk>/", articles.article_by_id, name="article-by-id"),
    # --- Search and API (search issue) ---------------------------------------------------------
    # --- Browsing, feeds, discovery (browsing issue) -------------------------------------------
]

urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
