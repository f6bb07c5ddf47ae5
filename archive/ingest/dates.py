"""Dates in article text: full dates, day-and-month datelines, and the year a dateline omits.

The importer never invents a date. A date without a year («МИНСК, 4 ноя – Sputnik») is
completed from the year the user gives; without one it gets the importer's best guess and
the article is flagged for review.
"""

import datetime
import re
from dataclasses import dataclass

RU_MONTHS = {
    "января": 1, "январь": 1, "янв": 1,
    "февраля": 2, "февраль": 2, "фев": 2, "февр": 2,
    "марта": 3, "март": 3, "мар": 3,
    "апреля": 4, "апрель": 4, "апр": 4,
    "мая": 5, "май": 5,
    "июня": 6, "июнь": 6, "июн": 6,
    "июля": 7, "июль": 7, "июл": 7,
    "августа": 8, "август": 8, "авг": 8,
    "сентября": 9, "сентябрь": 9, "сен": 9, "сент": 9,
    "октября": 10, "октябрь": 10, "окт": 10,
    "ноября": 11, "ноябрь": 11, "ноя": 11, "нояб": 11,
    "декабря": 12, "декабрь": 12, "дек": 12,
}  # fmt: skip
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTHS = RU_MONTHS | EN_MONTHS

_MONTH = r"(?P<month>[A-Za-zА-Яа-яЁё]{3,9})\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})(?:\s*(?:г\.|года?\b|гг\.))?)?"
# «31 июля 2025 г.», «4 ноя», "3 June 2025"
DAY_MONTH = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+{_MONTH}{_YEAR}(?![\wА-Яа-я])")
# "June 3, 2025", "Nov. 4"
MONTH_DAY = re.compile(rf"(?<![\w]){_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_YEAR}(?!\d)")
ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
NUMERIC = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)")

# «МИНСК, 4 ноя – Sputnik.», «MINSK, June 3 (BelTA) –», «ПЕКИН, 4 ноября /Синьхуа/.»
DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZА-ЯЁ][A-ZА-ЯЁ\- ]{1,40}),\s+(?P<date>[^–—/()\n]{3,30}?)\s*"
    r"(?:(?:\((?P<paren>[^)]{2,40})\)|/(?P<slash>[^/]{2,40})/)\s*[.:]?\s*[–—-]*"
    r"|[–—-]+\s*(?P<dash>[^.\s][^.\n]{0,40}?)\s*\.)\s*"
)


@dataclass
class PartialDate:
    """A day and month, with the year when the text gives one."""

    day: int
    month: int
    year: int | None = None

    def complete(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)

    def as_date(self) -> datetime.date | None:
        return self.complete(self.year) if self.year else None


def _partial(match) -> PartialDate | None:
    month = match.group("month")
    month = int(month) if month.isdigit() else MONTHS.get(month.lower())
    if not month:
        return None
    year = match.group("year")
    partial = PartialDate(int(match.group("day")), month, int(year) if year else None)
    try:
        partial.complete(partial.year or 2000)  # 2000 is a leap year: 29 February passes
    except ValueError:
        return None
    return partial


def parse_date_at_start(text: str) -> PartialDate | None:
    """The date a paragraph opens with («31 июля 2025 г. Министр…», "June 3, 2025 -"), if any."""
    for pattern in (ISO, NUMERIC, DAY_MONTH, MONTH_DAY):
        match = pattern.match(text.lstrip())
        if match and (partial := _partial(match)):
            return partial
    return None


def find_dates(text: str):
    """Every full or partial date written in `text`, in order, as (start, PartialDate)."""
    found = []
    for pattern in (ISO, NUMERIC, DAY_MONTH, MONTH_DAY):
        for match in pattern.finditer(text):
            if partial := _partial(match):
                found.append((match.start(), partial))
    return sorted(found, key=lambda item: item[0])


@dataclass
class Dateline:
    city: str
    date: PartialDate
    outlet: str
    end: int  # where the article's own words start


def parse_dateline(paragraph: str) -> Dateline | None:
    """A news-agency dateline at the start of a paragraph: city in capitals, date, outlet."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    date = parse_date_at_start(match.group("date"))
    if date is None:
        return None
    outlet = (match.group("paren") or match.group("slash") or match.group("dash") or "").strip()
    return Dateline(match.group("city").strip(), date, outlet, match.end())


def parse_iso_date(value: str) -> datetime.date:
    """A strict YYYY-MM-DD date; ValueError names an impossible one (2025-02-30)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"impossible date {value.strip()}") from error


def most_recent_past(partial: PartialDate, today: datetime.date | None = None) -> datetime.date:
    """The last time this day and month came round, today included."""
    today = today or datetime.date.today()
    for year in range(today.year, today.year - 8, -1):
        try:
            candidate = partial.complete(year)
        except ValueError:  # 29 February
            continue
        if candidate <= today:
            return candidate
    raise ValueError("no such day")


def closest_year(partial: PartialDate, known: list[datetime.date]) -> datetime.date | None:
    """The completion of `partial` nearest to the dates other records of the same run carry."""
    best = None
    for year in sorted({d.year + shift for d in known for shift in (-1, 0, 1)}):
        try:
            candidate = partial.complete(year)
        except ValueError:
            continue
        distance = min(abs((candidate - d).days) for d in known)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else None
