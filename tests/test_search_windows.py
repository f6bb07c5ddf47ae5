"""The spans a phrase of very common words is searched in: their shares of the archive must be
true even when a few busy days hold much of it (archive/search/planner.py)."""

import datetime

from django.core.cache import cache
from django.db import connection

from archive.models import Article
from archive.search import planner


def test_window_shares_count_the_busy_days_too(make_article):
    start = datetime.date(2020, 1, 1)
    # Fifty quiet days of one article each, then five busy days of thirty: ANALYZE keeps the
    # busy days as most common values, outside its histogram.
    for day in range(50):
        make_article(title=f"Тихий день {day}", published_on=start + datetime.timedelta(days=day))
    for day in range(5):
        for number in range(30):
            make_article(
                title=f"Загруженный день {day}-{number}",
                published_on=datetime.date(2025, 6, 1) + datetime.timedelta(days=day),
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    cache.clear()
    windows = planner.date_windows()
    assert windows, "the statistics give windows"
    total = Article.objects.count()
    for day, share in windows:
        actual = Article.objects.filter(published_on__gte=day).count() / total
        assert abs(share - actual) < 0.05, (day, share, actual)
    # Newest first, each about twice the one before.
    assert [day for day, _ in windows] == sorted((day for day, _ in windows), reverse=True)
