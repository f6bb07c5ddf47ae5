"""Saved web pages: the article's text and the page's own title, date, address and outlet.

trafilatura finds the article among the site's chrome (menus, teasers, comments, footers);
the page's metadata gives the rest. Nothing here touches the network: the page is parsed once
into a tree and every library gets the tree, never a string it could mistake for an address.

The date comes from the metadata alone (meta tags, JSON-LD, microdata), read by htmldate:
a ministry's sidebar of dated headlines would otherwise date the article. A page without
one gets no date here; the shared pipeline then reads the URL, the dateline or the text.
"""

import codecs
import datetime
import re
from urllib.parse import urljoin

from htmldate import find_date
from lxml import etree
from lxml.html import Element, HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from archive.ingest.language import detect_language
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.seedtext import MAX_TITLE, is_furniture, is_number_or_date
from archive.ingest.urls import clean_source_url, url_key

MAX_PAGE = 20_000_000  # characters; trafilatura's own limit for a page
MIN_TEXT = 80  # characters of article text: less is a stub, a gallery or an error page
HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|h[1-6]|table|span|a)[\s>/]",
    re.IGNORECASE,
)
LANGUAGES = {"ru", "en"}

# Charsets: a BOM first, then the page's own declaration, in the first bytes as browsers read it.
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
CHARSET_SCAN = 16_384
# Names browsers accept and Python does not, and WHATWG's reading of "latin-1" as windows-1252.
CHARSET_ALIASES = {
    "win-1251": "cp1251", "win1251": "cp1251", "x-cp1251": "cp1251", "windows1251": "cp1251",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252",
}  # fmt: skip

# Page date: metadata naming a modification, a copyright year or a URL is not a publication.
NOT_PUBLISHED = re.compile(r"modif|updat|lastmod|last-modified|revis|copyright|og:url", re.I)
JSON_PUBLISHED = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{6,40})"')

# Lines of site chrome trafilatura sometimes keeps next to the article.
CHROME = [
    re.compile(r"^(?:поделиться|share(?:\s+this)?)\b", re.IGNORECASE),
    re.compile(r"^(?:теги|метки|tags)\s*:", re.IGNORECASE),
    re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE),
    re.compile(
        r"\bcookies?\b.*\b(?:используем|use|uses|using)\b|\b(?:используем|use)\b.*\bcookie", re.I
    ),
    # The titles of blocks of links to other pages.
    re.compile(
        r"^(?:related|по\s+теме|(?:последние|другие|главные|все)\s+новости(?:\s+\w+)?"
        r"|самое\s+(?:читаемое|популярное)|most\s+(?:popular|read)|latest\s+news"
        r"|more\s+from\s+\w+)\s*:?\s*$",
        re.IGNORECASE,
    ),
]
ERROR_TITLE = re.compile(
    r"^\s*404\s*(?:$|[-–—:|.]|not\b|error\b|ошибка\b|страниц)|\berror\s*404\b|ошибка\s*404"
    r"|\bpage\s+(?:you\s+requested\s+)?(?:was\s+|is\s+)?(?:not|could\s+not\s+be|cannot\s+be)\s+found"
    r"|страниц\w*\s+не\s+(?:найден|существует)",
    re.IGNORECASE,
)
ERROR_TEXT_LIMIT = 1000  # an error page says little; an article that mentions 404 says more
# trafilatura's elements that break a line; the rest (ref, hi) run on within one.
BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "cell", "lb", "code", "graphic"}
LEAD_OVERLAP = 0.8  # a description sharing this many of its words with the opening repeats it
TEASER_SHARE = 0.9  # a paragraph this much link text is a teaser to another page
ARTICLE_RUN = 600  # characters of text running on without a link: an article's
ARTICLE_RUN_SHARE = 0.5  # or this share of the page's text, for a short one


def decode_html(data: bytes) -> str:
    """The text of a saved page: by its BOM, else its declared charset, else UTF-8, else cp1251.

    Valid UTF-8 with non-ASCII letters is taken as UTF-8 whatever the page declares: pages
    saved again by a browser keep the old declaration, and cp1251 Russian is never valid UTF-8.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared := _declared_charset(data):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1251", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    match = DECLARED_CHARSET.search(data, 0, CHARSET_SCAN)
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", errors="ignore").lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec.startswith(("utf-16", "utf-32")) else codec  # no BOM: not what it says


def parse_html(text: str, origin: str = "") -> ArticleRecord:
    """Read one saved web page into a record: title, lead, body, date, language, URL, outlet.

    Countries, pairs and agreements are left to the shared pipeline; bytes are decoded with
    `decode_html`. Raises ParseError for a page that is not HTML or holds no article (a section
    index, an error page).
    """
    if isinstance(text, bytes):
        text = decode_html(text)
    if not text or not text.strip():
        raise ParseError(origin, "empty page")
    if len(text) > MAX_PAGE:
        raise ParseError(origin, f"page larger than {MAX_PAGE // 1_000_000} million characters")
    if not HTML_TAG.search(text, 0, 100_000):
        raise ParseError(origin, "not an HTML page")
    tree = _parse(text.replace("\x00", ""), origin)  # lxml stops reading at a NUL

    record = ArticleRecord(title="", origin=origin)
    record.source_url, record.url_key = _canonical_url(tree)
    declared_language = _declared_language(tree)
    if page_date := _page_date(tree):
        record.date, record.date_origin = page_date, "page"

    try:
        document = bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_links=True,  # to tell teasers (all link) from the article's own paragraphs
            include_images=False,
            favor_precision=True,
            # Its own date reading goes unused (see _page_date): kept to the cheap sources.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, etree.LxmlError) as error:
        raise ParseError(origin, f"cannot read the page ({error.__class__.__name__})") from None
    if document is None or document.body is None:
        raise ParseError(origin, "no article text found in the page")

    record.source = (document.sitename or "").strip() or None
    record.title = _title(document.title or "", record.source)
    blocks = _blocks(document.body)
    _refuse_non_articles(origin, [record.title, tree.findtext(".//title") or ""], blocks)
    paragraphs = _article_paragraphs(blocks, record.title, keep_first_date=record.date is None)
    if not record.title:
        record.title = next((p for p in paragraphs if not is_number_or_date(p)), "")
        paragraphs = [p for p in paragraphs if p != record.title]
    if len("".join(paragraphs)) < MIN_TEXT:
        raise ParseError(origin, "no article text found in the page")
    if len(record.title) > MAX_TITLE:
        raise ParseError(origin, f"title longer than {MAX_TITLE} characters")
    record.body = "\n\n".join(paragraphs)
    record.lead = _lead(document.description or "", record.title, paragraphs)
    record.language = _language(declared_language, record.title, record.body)
    return record


def _parse(text: str, origin: str) -> HtmlElement:
    try:
        tree = load_html(text)
        if tree is None:  # a bare fragment: trafilatura wants a whole document
            tree = load_html(f"<html><body><div>{text}</div></body></html>")
    except (ValueError, TypeError, etree.LxmlError):
        tree = None
    if tree is None:
        raise ParseError(origin, "not an HTML page")
    return tree


def _canonical_url(tree: HtmlElement) -> tuple[str | None, str | None]:
    """The page's canonical address (link rel=canonical, else og:url), checked, and its key."""
    og_url = next(
        (
            (meta.get("content") or "").strip()
            for meta in tree.iter("meta")
            if (meta.get("property") or meta.get("name") or "").lower() == "og:url"
        ),
        "",
    )
    candidates = [
        (link.get("href") or "").strip()
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for candidate in [*candidates, og_url]:
        if candidate.startswith("//"):
            candidate = "https:" + candidate
        elif candidate.startswith("/") and og_url.startswith(("http://", "https://")):
            candidate = urljoin(og_url, candidate)
        try:
            url = clean_source_url(candidate)
            return url, url_key(url)
        except ValueError:
            continue
    return None, None


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    declared = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        kind = (meta.get("property") or meta.get("http-equiv") or meta.get("name") or "").lower()
        if kind in ("og:locale", "content-language", "language"):
            declared.append(meta.get("content"))
    for value in declared:
        code = (value or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return None


def _language(declared: str | None, title: str, body: str) -> str | None:
    # Site templates declare one language for every edition; the alphabet of the words decides
    # when the two disagree.
    written = detect_language(f"{title}\n{body}")
    if declared and written and written != declared:
        return written
    return declared


def _page_date(tree: HtmlElement) -> datetime.date | None:
    """The publication date the page's metadata states, read by htmldate from the metadata only."""
    head = Element("head")
    for meta in tree.iter("meta"):
        names = " ".join(meta.get(a, "") for a in ("name", "property", "itemprop", "http-equiv"))
        if names.strip() and not NOT_PUBLISHED.search(names):
            head.append(Element("meta", dict(meta.attrib)))
    published = [
        element.get("datetime") or element.get("content") or element.text_content()
        for element in tree.xpath(
            "//*[@itemprop='datePublished' or @itemprop='dateCreated'][not(self::meta)]"
            "|//time[@pubdate or contains(@class, 'published')]"
        )
    ]
    for script in tree.xpath("//script[@type='application/ld+json']"):
        published.extend(JSON_PUBLISHED.findall(script.text or ""))
    for value in published:
        if value and value.strip():
            head.append(Element("meta", {"itemprop": "datePublished", "content": value.strip()}))
    if not len(head):
        return None
    page = Element("html")
    page.append(head)
    # url="" keeps htmldate from reading the canonical URL: a date there is the URL's, not
    # the page's, and the shared pipeline reads it with its own origin.
    found = find_date(page, extensive_search=False, original_date=True, url="")
    return datetime.date.fromisoformat(found) if found else None


def _title(title: str, source: str | None) -> str:
    """The headline without the outlet's name some sites append to it."""
    title = " ".join(title.split())
    if source and title.lower().endswith(source.lower()):
        stripped = re.sub(r"\s*[|–—:-]\s*$", "", title[: -len(source)])
        if stripped != title[: -len(source)] and stripped:
            return stripped
    return title


def _blocks(body) -> list[tuple[str, float]]:
    """Each line of the extracted text, as a browser breaks it, with its share of link text.

    Read from trafilatura's tree rather than its text, which runs the cells of the layout
    tables old sites are built of into one line, the article's column with the menus'.
    """
    lines, words, linked, in_link = [], [], 0, 0

    def add(text):
        nonlocal linked
        words.append(text)
        if in_link:
            linked += len(" ".join(text.split()))

    def end_line():
        nonlocal words, linked
        if line := " ".join("".join(words).split()):
            lines.append((line, min(1.0, linked / len(line))))
        words, linked = [], 0

    for event, element in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            in_link += element.tag == "ref"
            if element.tag in BLOCKS:
                end_line()
            if element.text:
                add(element.text)
        else:
            in_link -= element.tag == "ref"
            if element.tag in BLOCKS:
                end_line()
            if element.tail and element is not body:
                add(element.tail)
    end_line()
    return lines


def _refuse_non_articles(origin: str, titles: list[str], blocks: list[tuple[str, float]]):
    text_length = sum(len(line) for line, _ in blocks)
    if any(ERROR_TITLE.search(title) for title in titles) and text_length < ERROR_TEXT_LIMIT:
        raise ParseError(origin, "no article text found in the page (an error page)")
    # A list of articles cuts its text into short runs between links and dates; an article's
    # text runs on, with the links of the menus and sidebars around it.
    runs = [0]
    for line, linked in blocks:
        if linked >= TEASER_SHARE or is_number_or_date(line):
            runs.append(0)
        elif not _is_chrome(line):
            runs[-1] += len(line)
    longest = max(runs)
    if len(runs) > 3 and longest < ARTICLE_RUN and longest < ARTICLE_RUN_SHARE * sum(runs):
        raise ParseError(origin, "no article text found in the page (a list of articles)")


def _article_paragraphs(blocks, title: str, keep_first_date: bool) -> list[str]:
    """The article's own paragraphs: no headline repeat, teasers, chrome or stray dates.

    A date standing alone is page furniture, but one above the text of a page whose metadata
    has no date is the page's date, and stays for the pipeline's date reading.
    """
    title_key = _key(title)
    paragraphs = []
    for line, linked in blocks:
        if linked >= TEASER_SHARE or (title_key and _key(line) == title_key):
            continue
        if _is_chrome(line):
            continue
        if is_number_or_date(line) and (paragraphs or not keep_first_date):
            continue
        paragraphs.append(line)
    return paragraphs


def _is_chrome(line: str) -> bool:
    return is_furniture(line) or (len(line) < 300 and any(p.search(line) for p in CHROME))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _lead(description: str, title: str, paragraphs: list[str]) -> str:
    """The page's description when it is a standfirst of its own, not the opening repeated."""
    description = " ".join(description.split())
    words = _key(description).split()
    if len(words) < 4 or words == _key(title).split():
        return ""
    # Often the opening again: whole, cut short with "…", or lightly edited.
    for paragraph in paragraphs[:2]:
        opening = set(_key(paragraph).split())
        if sum(word in opening for word in words) >= LEAD_OVERLAP * len(words):
            return ""
    return description
