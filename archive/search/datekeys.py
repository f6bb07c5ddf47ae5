"""A closed range of dates as a few keys of the full-text index: whole years, whole months,
single days.

The full-text index holds each article's day, month and year as keys beside its words and
tags (`archive_date_keys`, migration 0018), so a word with a range of years is found in one
index scan that skips through the word's entries and the range's. ANDed with the date
index's bitmap instead, every article of the range is read into a bitmap first: a middle
word over three years at a million articles, 27 ms against 11 (79,000 entries for 5,000
matches); with a pair, 18 against 8.

A range is covered by as few keys as its ends allow: 2012-01-01 to 2014-12-31 is three
years; 2016-03-05 to 2017-11-20 is 27 days, 18 months and years none, 45 keys in all. Each
key is one more list the scan walks, and past MAX_KEYS the range stays on the date's own
index (a ragged range of two years: 66 keys, 12 ms against 9.5).
"""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, Func, IntegerField, Q, Value

from archive.models.articles import DATE_KEYS, DAY_ZERO

# As `archive_date_keys` makes them: months and years are negative, below every day number.
MONTH_BASE, YEAR_BASE = 10_000_000, 20_000_000
MAX_KEYS = 24


def day_key(day: datetime.date) -> int:
    return (day - DAY_ZERO).days


def month_key(year: int, month: int) -> int:
    return -(MONTH_BASE + year * 12 + month - 1)


def year_key(year: int) -> int:
    return -(YEAR_BASE + year)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the day's month."""
    if day.month == 12:
        return day.replace(day=31)
    return _next_month(day) - datetime.timedelta(days=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (
        datetime.date(day.year + 1, 1, 1)
        if day.month == 12
        else day.replace(month=day.month + 1, day=1)
    )


def cover(first: datetime.date | None, last: datetime.date | None) -> tuple[int, ...] | None:
    """The keys of every day from `first` to `last`, both included: whole years and whole
    months where the range holds them, days elsewhere. None for an open or empty range, or
    one that needs more than MAX_KEYS."""
    if first is None or last is None or first > last:
        return None
    keys, day = [], first
    while day <= last and len(keys) <= MAX_KEYS:
        if day.month == 1 and day.day == 1 and day.replace(month=12, day=31) <= last:
            keys.append(year_key(day.year))
            if day.year == datetime.MAXYEAR:
                break
            day = datetime.date(day.year + 1, 1, 1)
        elif (
            day.day == 1
            and (day.year, day.month) != (datetime.MAXYEAR, 12)
            and (_next_month(day) - datetime.timedelta(days=1) <= last)
        ):
            keys.append(month_key(day.year, day.month))
            day = _next_month(day)
        else:
            keys.append(day_key(day))
            if day == datetime.date.max:
                break
            day += datetime.timedelta(days=1)
    return tuple(keys) if len(keys) <= MAX_KEYS else None


def within(keys: tuple[int, ...]) -> Func:
    """The condition that an article's date is one of `keys` (see `cover`)."""
    wanted = Func(
        Value(list(keys)),
        template="(%(expressions)s)::integer[]",
        output_field=ArrayField(IntegerField()),
    )
    return Func(
        DATE_KEYS,
        wanted,
        template="%(expressions)s",
        arg_joiner=" && ",
        output_field=BooleanField(),
    )


def since(first: datetime.date) -> Q | None:
    """Articles dated from `first` on, as one scan of the full-text index finds them beside
    the words: the keys covering the days to this month's end, and any later day as a day
    number (a range of nothing, unless an article is dated ahead). The queryset needs the
    alias `day` (`DAY_NUMBER`). None when the range needs more than MAX_KEYS keys."""
    after = month_end(datetime.date.today()) + datetime.timedelta(days=1)
    keys = cover(first, after - datetime.timedelta(days=1))
    if keys is None:
        return None
    return Q(within(keys)) | Q(day__gte=(after - DAY_ZERO).days)
