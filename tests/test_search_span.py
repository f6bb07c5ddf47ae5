"""A heavy phrase's newest span, found in the full-text index (archive/search/windows.py):
whichever way the span's first day is written, it holds every article from that day on."""

import datetime

import pytest

from archive.models import Article
from archive.search import datekeys
from archive.search.windows import _since

TODAY = datetime.date.today()


@pytest.fixture
def dated(make_article):
    """An article every 23 days from 1988 on, and two dated ahead of this month."""
    days = [datetime.date(1988, 1, 1) + datetime.timedelta(days=23 * n) for n in range(700)]
    days = [day for day in days if day <= TODAY]
    days += [
        datekeys.month_end(TODAY) + datetime.timedelta(days=1),
        TODAY.replace(year=TODAY.year + 2),
    ]
    for day in days:
        make_article(title=f"Статья {day}", published_on=day)
    return days


def _first_days() -> dict[str, datetime.date]:
    this_month = TODAY.replace(day=1)
    # Mid-July two years back: its days, months and year take 24 keys before this year's.
    ragged = datetime.date(TODAY.year - 2, 7, 14)
    return {
        "covered by keys": this_month - datetime.timedelta(days=40),
        "keys from its month": ragged,
        "a date": datetime.date(1990, 3, 17),
    }


@pytest.mark.parametrize("way", list(_first_days()))
def test_the_span_holds_every_article_from_its_first_day_on(dated, way):
    first = _first_days()[way]
    exact = datekeys.cover(first, datekeys.month_end(TODAY))
    from_month = datekeys.cover(first.replace(day=1), datekeys.month_end(TODAY))
    # Each first day takes the way it is named for.
    assert (exact is not None, from_month is not None) == {
        "covered by keys": (True, True),
        "keys from its month": (False, True),
        "a date": (False, False),
    }[way]
    # The day before and the day itself, both with an article: one out, one in.
    Article.objects.filter(published_on__in=[first, first - datetime.timedelta(days=1)]).delete()
    Article.objects.create(
        title="До", body="Текст.", published_on=first - datetime.timedelta(days=1)
    )
    Article.objects.create(title="В тот день", body="Текст.", published_on=first)
    found = set(_since(Article.objects.all(), first).values_list("published_on", flat=True))
    expected = set(
        Article.objects.filter(published_on__gte=first).values_list("published_on", flat=True)
    )
    assert found == expected
    assert first in found and first - datetime.timedelta(days=1) not in found
    # Dated ahead of this month, an article is in every span.
    assert max(dated) in found
