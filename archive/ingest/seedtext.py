"""The seed text format: a ` date YYYY-MM-DD …` first line, or a Markdown article.

The first line may carry, after the date, the title (or the first sentences), an outlet's
domain and an image srcset list: image URLs are never the article's address. Files without a
date line open with a Markdown heading or a title line and give their date in the text, as
«31 июля 2025 г.» or as a dateline «МИНСК, 4 ноя – Sputnik.». A closing
`**Source URL:** <https://…>` gives the address. Page furniture (subscription calls, teasers
to other stories ending in ">>>") is dropped: it is neither article text nor its subject.

Scrapers leave debris in the header, the lines before the article text: the outlet's domain
and the srcset on lines of their own, a view counter («0»), the page's date. None of it is a
title; the title is the first line that is none of these. A scraper that loses the line break
between title and subtitle glues them («…Ли ЦянаСтороны опубликовали…»): the title is split
there, but only where a sentence plainly starts (see `split_glued_title`).
"""

import datetime
import re
from functools import cache

from archive.ingest.dates import (
    MONTHS,
    find_dates,
    parse_iso_date,
)
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.urls import clean_source_url, url_key

DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*(.*)$", re.IGNORECASE)
SOURCE_URL = re.compile(
    r"^[*_\s]*(?:source\s+url|source|url|источник)[*_\s]*:[*_\s]*<?(https?://[^\s>]+)>?\s*$",
    re.IGNORECASE,
)
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$")
URL_WORD = re.compile(r"^<?https?://\S+$", re.IGNORECASE)
SRCSET_WIDTH = re.compile(r"^\d+(?:\.\d+)?[wx],?$")  # "480w," "2x"
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp)(?:[?#]|,?$)", re.IGNORECASE)
MARKDOWN_IMAGE = re.compile(r"\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?")
# Page furniture: calls opening a line, calls anywhere in it (matched on the lower-cased line,
# which is several times faster than ignoring case), and teasers ending in ">>>".
FURNITURE_OPENING = re.compile(
    r"(?:подписывайтесь|подпишитесь|читайте\s+(?:также|нас)|subscribe\s+to|follow\s+us\s+on"
    r"|(?:read|see)\s+(?:also|more)|also\s+read)\b",
    re.IGNORECASE,
)
FURNITURE_CALL = re.compile(r"\bищите\s+в\s+нашем\s+telegram|\bследите\s+за\s+нами\b")
# Markdown: any of these characters, else a line has nothing to strip (most lines).
MARKDOWN_MARK = re.compile(r"[#\[*_]")
MARKDOWN = [
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),
    (re.compile(r"!?\[([^\]]*)\]\((?:[^)]*)\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
]
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[»\"]?\s+(?=[«\"]?[A-ZА-ЯЁ])")
MAX_TITLE = 500

# The words a line may hold besides digits and still be only a date or a time.
DATE_WORDS = set(MONTHS) | {
    "г", "гг", "год", "года", "в", "at", "мск", "utc", "gmt", "am", "pm",
    "сегодня", "вчера", "today", "yesterday",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "пн", "вт", "ср", "чт", "пт", "сб", "вс",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
}  # fmt: skip
LETTERS = re.compile(r"[^\W\d_]+")

# A lower-case letter, then a capital opening a word: where a title and its subtitle were glued.
GLUED = re.compile(r"(?<=[a-zа-яё])[A-ZА-ЯЁ](?=[a-zа-яё\s])")
LAST_WORD = re.compile(r"[^\W\d_]+$")
# The start of names written with an inner capital (McDonald's, МакДональдс, DeBeers, O'Neil).
NAME_PREFIXES = {"mc", "mac", "мак", "fitz", "de", "di", "da", "du", "la", "le", "van", "von"}
GLUED_MIN_TITLE_WORDS = 4
GLUED_MIN_LEAD_WORDS = 5


def strip_markdown(line: str) -> str:
    """Markdown emphasis, links and heading marks off a line; the words stay."""
    if MARKDOWN_MARK.search(line):
        for pattern, replacement in MARKDOWN:
            line = pattern.sub(replacement, line)
    return line.strip()


def is_furniture(paragraph: str) -> bool:
    """Subscription calls and teasers to other stories: page furniture, not article text."""
    if len(paragraph) >= 300:
        return False
    return (
        paragraph.rstrip().endswith(">>>")  # a one-line teaser to another story
        or FURNITURE_OPENING.match(paragraph) is not None
        or FURNITURE_CALL.search(paragraph.lower()) is not None
    )


def is_image_line(line: str) -> bool:
    """A line that only shows pictures: image URLs, a srcset list or Markdown images."""
    if "http" not in line and "![" not in line:
        return False
    images = MARKDOWN_IMAGE.findall(line)
    words = MARKDOWN_IMAGE.sub(" ", line).split()
    if not images and not words:
        return False
    if not all(URL_WORD.match(w) or SRCSET_WIDTH.match(w) for w in words):
        return False
    return bool(images) or any(SRCSET_WIDTH.match(w) or IMAGE_FILE.search(w) for w in words)


def is_number_or_date(line: str) -> bool:
    """A line that is only a number, a date or a time («0», «04.11.2025», «4 ноября 2025»)."""
    if len(line) > 60 or not any(ch.isdigit() for ch in line):
        return False
    return all(word in DATE_WORDS for word in LETTERS.findall(line.lower()))


def _split_header(rest: str, *, date_line: bool = False) -> tuple[str, str | None]:
    """A header line without the URLs ending it (a srcset) and the outlet's domain before them.

    The date line names its outlet after the title; on other lines a trailing domain is the
    outlet only before a srcset or on a line of its own, so a title ending in a site's name
    keeps it.
    """
    words = rest.split()
    end = len(words)
    while end and (URL_WORD.match(words[end - 1]) or SRCSET_WIDTH.match(words[end - 1])):
        end -= 1
    source = None
    if end and DOMAIN.match(words[end - 1]) and (date_line or end < len(words) or end == 1):
        source = words[end - 1]
        end -= 1
    rest = re.sub(r"^[-–—]\s+", "", " ".join(words[:end]))
    return strip_markdown(rest), source


@cache
def _russian_words():
    import pymorphy3  # only for the rare glued title: loading the dictionary takes a while

    return pymorphy3.MorphAnalyzer(lang="ru")


def _balanced(text: str) -> bool:
    """No quotation or bracket left open: a capital inside «…» belongs to a name."""
    curly = text.count("„") > text.count("“") if "„" in text else text.count("“") > text.count("”")
    return not (
        curly
        or text.count("«") > text.count("»")
        or text.count("(") > text.count(")")
        or text.count('"') % 2
    )


def split_glued_title(title: str) -> tuple[str, str]:
    """A title and subtitle glued by a scraper («…Ли ЦянаСтороны…»), as title and lead.

    Split only where both sides are long enough to be a headline and a sentence, the capital
    opens an ordinary word outside quotes, and the glued word is not a word of its own
    (iPhone, McDonald's, «ГазпромНефть», МегаФон stay whole). Returns (title, "") otherwise.
    """
    for match in GLUED.finditer(title):
        at = match.start()
        left_word = LAST_WORD.search(title, 0, at).group()
        right_word = LETTERS.match(title, at).group()
        head, lead = title[:at].rstrip(), title[at:].strip()
        if (
            len(left_word) >= (3 if len(right_word) == 1 else 2)
            and left_word[1:].islower()
            and not any(ch.isupper() for ch in right_word[1:])
            and left_word.lower() not in NAME_PREFIXES
            and left_word.isascii() == right_word.isascii()
            and len(head.split()) >= GLUED_MIN_TITLE_WORDS
            and len(lead.split()) >= GLUED_MIN_LEAD_WORDS
            and _balanced(head)
            and not _is_russian_word(left_word + right_word)
        ):
            return head, lead
    return title, ""


def _is_russian_word(word: str) -> bool:
    return not word[0].isascii() and _russian_words().word_is_known(word.lower())


def _title_and_lead(header: str) -> tuple[str, str]:
    """A headline stays whole; several full sentences give their first as the title."""
    title, lead = split_glued_title(header)
    if lead:
        return title, lead
    sentences = SENTENCE_SPLIT.split(header)
    if len(sentences) > 1 and re.search(r"[.!?…][»\"]?$", header):
        return sentences[0].rstrip(".").strip(), header
    return header, ""


def _take_source_url(record: ArticleRecord, line: str) -> bool:
    """Read a `Source URL:` line into the record; False for any other line."""
    if not (url := SOURCE_URL.match(line)):
        return False
    try:
        record.source_url = clean_source_url(url.group(1))
        record.url_key = url_key(record.source_url)
    except ValueError as error:
        raise ParseError(record.origin, str(error)) from None
    return True


def _read_header(record: ArticleRecord, title: str, lines: list[str]):
    """The title, the dates standing in the header, and the index of the article's first line.

    Before the text, outlet domains (which name the outlet), srcsets and image lines, counters,
    dates and furniture are skipped wherever they stand; the first line that is none of them is
    the title, unless the date line gave one, and the next one starts the text.
    """
    dates = []
    if is_number_or_date(title) or is_furniture(title):
        title = ""
    for index, line in enumerate(lines):
        if not line.strip() or RULE.match(line) or is_image_line(line):
            continue
        if _take_source_url(record, line):
            continue
        text, outlet = _split_header(line)
        record.source = record.source or outlet
        if not text or is_furniture(text):
            continue
        if is_number_or_date(text):
            # From the date on, as the date reading expects it: «Вторник, 4 ноября 2025, 14:30».
            dates.extend(text[start:] for start, _ in find_dates(text)[:1])
        elif title:
            return title, dates, index
        else:
            title = text
    return title, dates, len(lines)


def _paragraphs(record: ArticleRecord, lines: list[str]) -> list[str]:
    """The article's paragraphs after its header: rules, images and page furniture left out,
    a source line taken as the record's address."""
    paragraphs = []
    for line in lines:
        if not line.strip() or RULE.match(line) or is_image_line(line):
            continue
        if _take_source_url(record, line):
            continue
        paragraph = strip_markdown(line)
        if paragraph and not is_furniture(paragraph):
            paragraphs.append(paragraph)
    return paragraphs


def parse_seed_text(
    text: str,
    origin: str = "",
    year: int | None = None,
    *,
    context=None,
    today: datetime.date | None = None,
    require_date: bool = True,
) -> ArticleRecord:
    """Parse one article in the seed text format, proposing language, countries, pairs, agreements.

    The date comes from the date line, else the URL, the dateline or the text (flagged for
    review; archive.ingest.dates). A day and month without a year is completed from `year`
    or `context`'s recent dates. Raises ParseError when the text has no title, no article
    text or (with `require_date`) no publication date.
    """
    from archive.ingest.dates import DateContext
    from archive.ingest.pipeline import ParseContext, complete

    if context is None:
        context = ParseContext.for_run(year)
    if today is not None or (year and context.dates.year != year):
        context = ParseContext(context.matcher, DateContext(year=year, today=today))
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ParseError(origin, "empty file")

    record = ArticleRecord(title="", origin=origin)
    header = ""
    if date_line := DATE_LINE.match(lines[0]):
        lines.pop(0)
        try:
            record.date = parse_iso_date(date_line.group(1))
        except ValueError as error:
            raise ParseError(origin, str(error)) from None
        header, record.source = _split_header(date_line.group(2), date_line=True)
    header, header_dates, start = _read_header(record, header, lines)
    if not header:
        raise ParseError(origin, "no title found")
    record.title, record.lead = _title_and_lead(header)

    paragraphs = _paragraphs(record, lines[start:])
    if len(record.title) > MAX_TITLE:
        raise ParseError(origin, f"title longer than {MAX_TITLE} characters")
    if not paragraphs:
        raise ParseError(origin, "no article text found")
    record.body = "\n\n".join(paragraphs)

    return complete(
        record,
        context,
        given_date=record.date is not None,
        before=header_dates,
        require_date=require_date,
    )
