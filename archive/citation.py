"""Reference-list entries for an article: GOST R 7.0.100-2018 and APA 7.

Pure functions over a plain `Work`: no database, no active language, so a citation depends
only on its arguments and the tests can state it exactly. GOST keeps its prescribed Russian
elements («Текст : электронный», «дата обращения») whatever the interface language, as
Russian reference lists do; APA speaks the reader's language (English or Russian).
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.safestring import SafeString

# GOST R 7.0.12-2011 abbreviations, in the genitive a date needs («14 нояб.», «31 июля»).
GOST_MONTHS_RU = (
    "янв.", "февр.", "марта", "апр.", "мая", "июня",
    "июля", "авг.", "сент.", "окт.", "нояб.", "дек.",
)  # fmt: skip
# ISO 832 abbreviations, for an English-language source cited the Russian way.
GOST_MONTHS_EN = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_RU_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

# Marks that end a title by themselves: no full stop is added after them.
CLOSING_MARKS = ("?", "!", "…", ".")


@dataclass(frozen=True)
class Work:
    """What a citation needs to know about an article, taken from it once."""

    title: str
    published_on: date
    language: str  # the article's language, ISO 639-1
    site: str  # the outlet's name, else the original's host, else the archive's name
    url: str  # the original if known, else the archive's own page
    author: str = ""  # a group author (the outlet); empty when unknown


@dataclass(frozen=True)
class Citation:
    """One reference: plain text to copy, and HTML with the style's italics."""

    text: str
    html: SafeString


def work_for(article, archive_url: str, archive_name: str = "Concord") -> Work:
    """The citable facts of an article; `archive_url` is its absolute address here."""
    outlet = article.outlet.name if article.outlet_id else ""
    host = (urlsplit(article.source_url).hostname or "") if article.source_url else ""
    host = host.removeprefix("www.")
    return Work(
        title=" ".join(article.title.split()),
        published_on=article.published_on,
        language=article.language,
        site=outlet or host or archive_name,
        url=article.source_url or archive_url,
        author=outlet,
    )


def gost(work: Work, accessed: date) -> Citation:
    """An analytic entry per GOST R 7.0.100-2018 for an article on a website.

    Example: «Заголовок. – Текст : электронный // news.by : [сайт]. – 2025. – 14 нояб. –
    URL: https://… (дата обращения: 22.11.2026).»
    """
    months = GOST_MONTHS_RU if work.language == "ru" else GOST_MONTHS_EN
    day = f"{work.published_on.day} {months[work.published_on.month - 1]}"
    rest = (
        f" – Текст : электронный // {work.site} : [сайт]. – {work.published_on.year}."
        f" – {_closed(day)} – URL: {work.url} (дата обращения: {accessed:%d.%m.%Y})."
    )
    text = _closed(work.title) + rest
    html = format_html('<span lang="{}">{}</span>{}', work.language, _closed(work.title), rest)
    return Citation(text, html)


def apa(work: Work, accessed: date, language: str = "en") -> Citation:
    """A reference per APA 7 for a page on a news website, with its retrieval date.

    The outlet stands as group author (so the site name is not repeated); without one the
    title moves to the author's place. `language` is the reader's: "en" or "ru".
    """
    published = _long_date(work.published_on, language, with_year=False)
    when = f"({work.published_on.year}, {published})."
    title = _closed(work.title)
    retrieved = (
        f"Извлечено {_long_date(accessed, 'ru')} из {work.url}"
        if language == "ru"
        else f"Retrieved {_long_date(accessed, 'en')}, from {work.url}"
    )
    if work.author:
        author = _closed(work.author)
        text = f"{author} {when} {title} {retrieved}"
        html = format_html(
            '{} {} <i lang="{}">{}</i> {}', author, when, work.language, title, retrieved
        )
    else:
        site = _closed(work.site)
        text = f"{title} {when} {site} {retrieved}"
        html = format_html(
            '<i lang="{}">{}</i> {} {} {}', work.language, title, when, site, retrieved
        )
    return Citation(text, html)


def _closed(text: str) -> str:
    """The element followed by a full stop, unless it already ends a sentence itself."""
    text = text.strip()
    return text if text.endswith(CLOSING_MARKS) else f"{text}."


def _long_date(day: date, language: str, with_year: bool = True) -> str:
    """'November 14, 2025' / '14 ноября 2025 г.'; without the year: 'November 14' / '14 ноября'."""
    if language == "ru":
        text = f"{day.day} {MONTHS_RU_GENITIVE[day.month - 1]}"
        return f"{text} {day.year} г." if with_year else text
    text = f"{MONTHS_EN[day.month - 1]} {day.day}"
    return f"{text}, {day.year}" if with_year else text
