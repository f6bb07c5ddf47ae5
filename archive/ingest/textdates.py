"""Dates written in article text: full dates, day-and-month datelines, dated signings.

Plain regular expressions over the known month names (Russian and English, every form the
agencies write): they read a paragraph in microseconds, where dateparser takes milliseconds.
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
MIN_YEAR, MAX_YEAR = 1900, 2100  # a four-digit number outside is a count, not a year

# Longest first, so «ноября» is not read as «ноя» followed by letters.
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# Only English puts the month first ("June 3"), capitalised: spelled out so that a search can
# skip to the capitals these words start with.
_EN_MONTH_WORDS = "|".join(sorted((m.title() for m in EN_MONTHS), key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>[0-9]{4})(?![0-9])(?:\s*(?:г\.|года?\b|гг\.))?)?"
# Every other date opens with a digit, so a search skips from digit to digit: a paragraph
# takes microseconds. 2025-07-31, 31.07.2025, «31 июля 2025 г.», «4 ноя», "3rd of June 2025".
DIGIT_FIRST = re.compile(
    r"(?P<lead>[0-9])(?:"
    r"(?P<iso>[0-9]{3}-[0-9]{2}-[0-9]{2})"
    r"|(?P<numeric>[0-9]?\.[0-9]{1,2}\.[0-9]{4})"
    rf"|(?P<day>[0-9]?){_ORDINAL}\s+(?:of\s+)?(?P<month>(?i:{_MONTH_WORDS}))\.?(?!\w){_YEAR}"
    r")(?![0-9])"
)
# "June 3, 2025", "Nov. 4"
MONTH_FIRST = re.compile(
    rf"(?P<month>{_EN_MONTH_WORDS})\.?\s+(?P<day>[0-9]{{1,2}}){_ORDINAL}(?![0-9]){_YEAR}"
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

    def nearest(self, anchor: datetime.date) -> datetime.date | None:
        """This day and month in the year that puts it nearest to `anchor` (the year, if given)."""
        if self.year:
            return self.as_date()
        best = None
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidate = self.complete(year)
            except ValueError:  # 29 February
                continue
            if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
                best = candidate
        return best


def _partial(match) -> PartialDate | None:
    """The date a DIGIT_FIRST or MONTH_FIRST match spells, if it is a real one."""
    text = match.group(0)
    year = match.group("year")
    if match.re is DIGIT_FIRST and match.group("iso"):
        year, month, day = text[:4], text[5:7], text[8:10]
    elif match.re is DIGIT_FIRST and match.group("numeric"):
        day, month, year = text.split(".")
    else:
        month = MONTHS[match.group("month").lower()]
        day = match.group("day")
        if match.re is DIGIT_FIRST:
            day = match.group("lead") + day
    year = int(year) if year and MIN_YEAR <= int(year) <= MAX_YEAR else None
    partial = PartialDate(int(day), int(month), year)
    try:
        partial.complete(partial.year or 2000)  # 2000 is a leap year: 29 February passes
    except ValueError:
        return None
    return partial


def parse_date_at_start(text: str) -> PartialDate | None:
    """The date a paragraph opens with («31 июля 2025 г. Министр…», "June 3, 2025 -"), if any."""
    text = text.lstrip()
    match = DIGIT_FIRST.match(text) or MONTH_FIRST.match(text)
    return _partial(match) if match else None


def find_dates(text: str):
    """Every full or partial date written in `text`, in order, as (start, PartialDate)."""
    found = []
    for pattern, glued in ((DIGIT_FIRST, str.isdigit), (MONTH_FIRST, str.isalpha)):
        for match in pattern.finditer(text):
            start = match.start()
            if start and glued(text[start - 1]):  # part of a longer number or word
                continue
            if partial := _partial(match):
                found.append((start, partial))
    return sorted(found, key=lambda item: item[0])


# A dateline: city (one to four words, any case), date, outlet. «МИНСК, 4 ноя – Sputnik.»,
# «Москва, 12 мая. /ТАСС/.», "Beijing, Nov. 4 (Xinhua) --", «Москва. 4 ноября. INTERFAX.RU -».
# Words are taken whole (possessive: no backtracking into them); one may end in an
# abbreviation's full stop ("St. Petersburg").
_WORD = r"[^\W\d_][\w'’\-]*+(?:\.(?=[ \t]))?"
_DATE = (
    rf"(?:\d{{1,2}}{_ORDINAL}\s+(?i:{_MONTH_WORDS})\.?|(?i:{_MONTH_WORDS})\.?\s+\d{{1,2}}{_ORDINAL})"
    r"(?!\w)(?:,?\s+\d{4}(?:\s*(?:г\.|года?\b))?)?"
)
_OUTLET_WORD = r"[\w'’&]+(?:\.[\w'’&]+)*"  # INTERFAX.RU, but not «Sputnik.»
_OUTLET = rf"(?=[A-ZА-ЯЁ]){_OUTLET_WORD}(?:[ \t]+{_OUTLET_WORD}){{0,2}}"
_CAPS = r"[A-ZА-ЯЁ]{2,}[A-ZА-ЯЁ.]*"
_DASH = r"[–—-]+"
DATELINE = re.compile(
    rf"\s*(?P<city>(?=[A-ZА-ЯЁ]){_WORD}(?:[ \t]++{_WORD}){{0,3}})[,.]\s+(?P<date>{_DATE})\.?\s*"
    r"(?:\((?P<paren>[^()\n]{2,40})\)"
    r"|/(?P<slash>[^/\n]{2,40})/"
    # After a dash the outlet ends at a full stop, a colon or a dash; an author may follow
    # a comma («– Sputnik, Мария Иванова.»). An outlet in capitals needs no stop («– БЕЛТА
    # Министр»), nor does one word closing the paragraph.
    rf"|{_DASH}\s*(?:(?P<dash>{_OUTLET})(?:,[^.\n]{{1,40}}?)?(?=\s*(?:[.:;]|{_DASH}))"
    rf"|(?P<caps>{_CAPS})(?=\s|$)|(?P<alone>(?=[A-ZА-ЯЁ]){_OUTLET_WORD})\s*$)"
    rf"|(?P<bare>{_CAPS})(?=\s+{_DASH})"
    rf"|(?P<none>{_DASH}))"
    rf"\s*[.:]?\s*(?:{_DASH}\s*)?"
)


# A dateline's date is in its first characters: most paragraphs are ruled out by a search for
# a digit there, far cheaper than the dateline's own expression.
_EARLY_DIGIT = re.compile(r"[0-9]")
DATELINE_REACH = 100


@dataclass
class Dateline:
    """A news-agency dateline: where the outlet filed from, the day, the outlet's name."""

    city: str
    date: PartialDate
    outlet: str
    end: int  # where the article's own words start


def parse_dateline(paragraph: str) -> Dateline | None:
    """A news-agency dateline at the start of a paragraph: city in any case, date, outlet.

    A city not written in capitals needs an outlet after the date (in parentheses, slashes or
    after a dash), so that «В понедельник, 3 марта – …» is not taken for a dateline.
    """
    if not _EARLY_DIGIT.search(paragraph, 0, DATELINE_REACH):
        return None
    match = DATELINE.match(paragraph)
    if not match:
        return None
    city = match.group("city").strip()
    groups = match.group("paren", "slash", "dash", "caps", "alone", "bare")
    outlet = next((g.strip() for g in groups if g), "")
    if not city.isupper() and not outlet[:1].isupper():
        return None
    date = parse_date_at_start(match.group("date"))
    if date is None:
        return None
    return Dateline(city, date, outlet, match.end())


# Past-tense signings and adoptions: «подписали», «подписано», "was signed", "adopted".
_SIGNED_RU = (
    r"подписа(?:л[аи]?|н[аоы]?|нн\w+)", r"заключил[аи]?", r"заключ[её]н[аоы]?",
    r"парафировал[аи]?", r"ратифицировал[аи]?", r"утвердил[аи]?", r"утвержд[её]н[аоы]?",
    r"одобрил[аи]?",
)  # fmt: skip
_SIGNED_EN = ("signed", "inked", "adopted", "ratified")
SIGNED = re.compile(rf"(?i:{'|'.join(_SIGNED_RU + _SIGNED_EN)})(?!\w)")
# The words without their first letter, found by plain substring search (many times faster
# than a regular expression over the whole text) in either case.
_SIGNED_STEMS = (
    "одписа", "аключ", "арафир", "атифицир", "твер", "добрил", "igned", "nked", "dopted", "atified",
)  # fmt: skip
# The future keeps out: «будет подписано», "will be signed", "to be signed".
FUTURE = ("будет ", "будут ", "быть ", "be ")
SENTENCE_END = re.compile(r'[.!?…][»"”]?\s+(?=[«"“]?[A-ZА-ЯЁ])')
SENTENCE_REACH = 200  # characters either side of the verb that can still be its sentence


def find_signing_dates(text: str) -> list[PartialDate]:
    """The dates of signings and adoptions `text` reports as done: the date nearest the verb
    in the verb's sentence («соглашение подписали 9 декабря», "was signed on December 9")."""
    found = []
    for stem in _SIGNED_STEMS:
        at = text.find(stem, 1)
        while at > 0:
            if date := _signing_date(text, at - 1):
                found.append(date)
            at = text.find(stem, at + len(stem))
    return found


def _signing_date(text: str, at: int) -> PartialDate | None:
    """The date of the signing whose verb may start at `at`: the date nearest the verb in its
    sentence."""
    verb = SIGNED.match(text, at)
    if not verb or (at and text[at - 1].isalpha()):
        return None
    if text[max(0, at - 6) : at].lower().endswith(FUTURE):
        return None
    start = max(0, at - SENTENCE_REACH)
    ends = list(SENTENCE_END.finditer(text, start, at))
    start = ends[-1].end() if ends else start
    after = SENTENCE_END.search(text, verb.end(), verb.end() + SENTENCE_REACH)
    stop = after.start() + 1 if after else verb.end() + SENTENCE_REACH
    dates = find_dates(text[start:stop])
    return min(dates, key=lambda item: abs(item[0] - (at - start)))[1] if dates else None


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
