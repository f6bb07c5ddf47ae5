"""Publication dates in article URLs: /2024/07/04/, /2024-07-04-slug, 20251104, 26022026.

Only the path is read (never the host or the query), and only numbers that stand apart from
other digits, so ids, phone numbers, image sizes and versions (/news/1234567/, /2000x1200.jpg,
/v1.2.3/) are never dates: a year must be plausible (1990 to next year), a date real and not
in the future. Shapes, in the order a path is read:

- year, month and day: /2024/07/04/, /2019-11/04/, /202511/04/, /2025/1104/, 2024-07-04,
  20251104 (YYYYMMDD);
- day and month before the year: /02/03/2023/, 31-07-2025, 26022026 (DDMMYYYY) — day first
  or month first when both parts are 12 or less: see `read_url_date`;
- year and month only: /2024/07/slug, /2024-07/, /202407/;
- year only: /2024/, or a CMS's id-and-year suffix (…-725834-2025/).

A full date anywhere in the path wins over a year and month, which wins over a year.
"""

import datetime
import re
from dataclasses import dataclass

from archive.ingest.urls import HOST_PREFIXES

MIN_YEAR = 1990
DIGIT = re.compile(r"[0-9]")
DAY_SEGMENT = re.compile(r"([0-9]{1,2})(?:[-_.][^0-9].*)?")  # 04, 04-slug, 04.html
YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})|([0-9]{4})([0-9]{2})")  # 2019-11, 201911
# Within a segment: 2024-07-04, 31-07-2025, 20251104 or 26022026. Written to open with a
# digit, so the search skips from digit to digit; a digit before the match is checked apart.
INSIDE = re.compile(
    r"[0-9](?:"
    r"(?P<ymd>[0-9]{3}(?P<sep1>[-_.])[0-9]{1,2}(?P=sep1)[0-9]{1,2})"
    r"|(?P<dmy>[0-9]?(?P<sep2>[-_.])[0-9]{1,2}(?P=sep2)[0-9]{4})"
    r"|[0-9]{7}"
    r")(?![0-9])"
)
DAY_MONTH_YEAR = {(1, 1, 4), (1, 2, 4), (2, 1, 4), (2, 2, 4)}  # lengths of /2/3/2023/, /02/03/2023/
SEPARATORS = re.compile(r"[-_.]")
ID_AND_YEAR = re.compile(r"-[0-9]{5,}-([0-9]{4})(?:\.\w+)?(?:/|$)")  # slug-725834-2025


@dataclass(frozen=True)
class UrlDate:
    """What a URL says of its date: a year, maybe a month, maybe a day.

    `swapped` is the month-first reading of a full date whose day and month could be either
    way round; `day_first` records the order a date showed beyond doubt (a part over 12).
    """

    year: int
    month: int | None = None
    day: int | None = None
    swapped: datetime.date | None = None
    day_first: bool | None = None

    @property
    def date(self) -> datetime.date | None:
        return datetime.date(self.year, self.month, self.day) if self.day else None


def url_host(url: str) -> str:
    """The site a URL belongs to, for per-site habits: its host without www., m. or amp."""
    # String slicing, not urlsplit: this runs for every article, on URLs already checked.
    host = url.partition("://")[2].partition("/")[0].rpartition("@")[2].partition(":")[0]
    host = host.partition("?")[0].partition("#")[0].lower()
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def url_path(url: str) -> str:
    """The path of a URL: no scheme, host, query or fragment."""
    rest = url.partition("://")[2].partition("#")[0].partition("?")[0]
    slash = rest.find("/")
    return "" if slash < 0 else rest[slash:]


def read_url_date(url: str, today: datetime.date, day_first: bool | None = None) -> UrlDate | None:
    """The date in a URL's path, or None. `day_first` is the site's known order for dates
    whose day and month could be either way round; without it the day-first reading is
    returned with the month-first one in `swapped`, unless one of them is in the future."""
    path = url_path(url)
    if not DIGIT.search(path):
        return None
    reader = _Reader(today, day_first)
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment[:1].isdigit() and (found := reader.segments(segments, index)):
            return found
    return reader.inside(path) or reader.partial


class _Reader:
    """Reads a path segment by segment, keeping the best year or year-and-month seen."""

    def __init__(self, today: datetime.date, day_first: bool | None):
        self.latest = today + datetime.timedelta(days=1)  # an outlet's clock may run ahead
        self.day_first = day_first
        self.partial = None

    def year(self, text: str) -> int | None:
        year = int(text)
        return year if MIN_YEAR <= year <= self.latest.year else None

    def date(self, year: str, month: str | int, day: str | int) -> datetime.date | None:
        """A real, plausible, not future date from its parts, or None."""
        if not (plausible := self.year(year)):
            return None
        try:
            date = datetime.date(plausible, int(month), int(day))
        except ValueError:
            return None
        return date if date <= self.latest else None

    def full(self, year: str, month: str | int, day: str | int) -> UrlDate | None:
        date = self.date(year, month, day)
        return UrlDate(date.year, date.month, date.day) if date else None

    def keep(self, year_text: str, month_text: str | None = None):
        """Remember a year, or a year and month, in case the path has no full date."""
        year = self.year(year_text)
        month = int(month_text) if month_text and 1 <= int(month_text) <= 12 else None
        if not year or (year, month or 1) > (self.latest.year, self.latest.month):
            return
        if self.partial is None or (month and self.partial.month is None):
            self.partial = UrlDate(year, month)

    def segments(self, segments: list[str], index: int) -> UrlDate | None:
        """Dates spread over segments: /2024/07/04/, /2019-11/04/, /202511/04/, /02/03/2023/."""
        segment = segments[index]
        second, third = (segments[index + 1 : index + 3] + ["", ""])[:2]
        found = None
        if len(segment) == 4 and segment.isdigit():
            if len(second) == 4 and second.isdigit():  # /2025/1104/
                found = self.full(segment, second[:2], second[2:])
            elif len(second) <= 2 and second.isdigit():
                day = DAY_SEGMENT.fullmatch(third)
                found = day and self.full(segment, second, day.group(1))
                if not found:
                    self.keep(segment, second)
            if not found:
                self.keep(segment)
        elif year_month := YEAR_MONTH.fullmatch(segment):
            year, month = (g for g in year_month.groups() if g)
            day = DAY_SEGMENT.fullmatch(second)
            found = day and self.full(year, month, day.group(1))
            if not found:
                self.keep(year, month)
        elif (len(segment), len(second), len(third)) in DAY_MONTH_YEAR and (
            segment + second + third
        ).isdigit():
            found = self.either_way(third, int(segment), int(second))
        return found or None

    def inside(self, path: str) -> UrlDate | None:
        """A date within a segment or file name: 2024-07-04, 31-07-2025, 20251104, 26022026."""
        for match in INSIDE.finditer(path):
            start = match.start()
            if start and path[start - 1].isdigit():  # part of a longer number
                continue
            if match.group("ymd"):
                found = self.full(*SEPARATORS.split(match.group(0)))
            elif match.group("dmy"):
                first, second, year = SEPARATORS.split(match.group(0))
                found = self.either_way(year, int(first), int(second))
            else:
                # YYYYMMDD and DDMMYYYY never both make a plausible date: the order is clear.
                digits = match.group(0)
                found = self.full(digits[:4], digits[4:6], digits[6:]) or self.either_way(
                    digits[4:], int(digits[:2]), int(digits[2:4])
                )
            if found:
                return found
        if suffix := ID_AND_YEAR.search(path):
            self.keep(suffix.group(1))
        return None

    def either_way(self, year: str, first: int, second: int) -> UrlDate | None:
        """A day and month in either order: a part over 12, the future and the site decide."""
        day_first = self.date(year, second, first)
        month_first = self.date(year, first, second)
        if first == second or not (day_first and month_first):
            date = day_first or month_first
            if date is None:
                return None
            shown = True if first > 12 else False if second > 12 else None
            return UrlDate(date.year, date.month, date.day, day_first=shown)
        if self.day_first is not None:
            date = day_first if self.day_first else month_first
            return UrlDate(date.year, date.month, date.day)
        return UrlDate(day_first.year, day_first.month, day_first.day, swapped=month_first)
