"""Every kind of page, in the Russian interface, carries no English interface words.

The archive below holds Russian articles only (with Russian outlet and agreement names), so
any English on a Russian page is the interface's own. A page's words are what a reader sees
or hears: text outside script and style, the <title>, and the title, aria-label, placeholder
and alt attributes; text inside an element marked with another language (lang="en", as the
language switcher's "English") is declared foreign and left out.

Three rules find English there, each one justified by what it cannot confuse:
- a word of the interface's English: any word of four letters or more from the catalogue's
  msgids that no Russian translation uses ("Russian", "archive", "Belarus" …), and the words
  Python prints for a value nobody translated ("True", "False");
- two Latin words in a row: interface text that was never wrapped for translation, so the
  catalogue cannot know it. Codes and abbreviations in capitals (BY, ISO, JSON), anything with
  a digit, a dot or a slash (addresses, domains, versions) and the brand name are not words;
- a pair code such as BY-CN as running text: readers see pairs in words («Беларусь–Китай»);
  a code stays only where it is shown as a code (<code>), beside the words in brackets
  («Беларусь–Китай (BY-CN)», as the admin names pairs for editors who type codes) or in the
  help text of a field that takes codes.
A capitalised month name mid-sentence («по дням, Сентябрь 2025 г.») is wrong in Russian and
is looked for as well.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_ALT

from archive.models import Article, CountryPair

CATALOGUE = Path(settings.BASE_DIR) / "archive" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
BRANDS = {"concord"}
PASTE_URL = "/admin/archive/article/paste/"
PASTED = (
    "## Беларусь и Китай подписали меморандум о цифровом сотрудничестве\n\n"
    "Минск, 3 марта – БЕЛТА. Министерства связи Беларуси и Китая подписали меморандум "
    "о взаимопонимании в области цифровой экономики.\n\n"
    "Стороны договорились обмениваться опытом.\n"
)

# Tests render pages without a collectstatic run: no manifest, no staticfiles/ directory.
pytestmark = [
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.usefixtures("plain_static_storage"),
]


# --- What counts as English -------------------------------------------------------------------


def _catalogue_strings() -> tuple[list[str], list[str]]:
    """The catalogue's msgids and its Russian translations (the header left out)."""
    msgids, msgstrs = [], []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        name = None
        for line in block.splitlines():
            if match := re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                name = match.group(1)
                fields[name] = match.group(2)
            elif line.startswith('"') and name:
                fields[name] += line[1:-1]
        if fields.get("msgid"):
            msgids += [v for k, v in fields.items() if k.startswith("msgid")]
            msgstrs += [v for k, v in fields.items() if k.startswith("msgstr")]
    return msgids, msgstrs


def _words(text: str) -> set[str]:
    """Latin words, lower case; addresses (/pairs/BY-CN/, mpt.gov.by) are not words."""
    tokens = [t for t in text.split() if "/" not in t and not re.search(r"\w\.\w", t)]
    return {word.lower() for token in tokens for word in re.findall(r"[A-Za-z]+", token)}


def english_vocabulary() -> set[str]:
    """Words of four letters or more the English interface uses and the Russian one never does."""
    msgids, msgstrs = _catalogue_strings()
    # Placeholders (%(title)s, {{ year }}) are not words of either language.
    strip = re.compile(r"%\([^)]*\)[sd]|\{\{[^}]*\}\}|%[sd]")
    english = set().union(*(_words(strip.sub(" ", s)) for s in msgids))
    russian = set().union(*(_words(strip.sub(" ", s)) for s in msgstrs))
    return {word for word in english - russian if len(word) >= 4} | {"true", "false"}


ENGLISH = english_vocabulary()
LATIN_WORD = re.compile(r"[A-Za-z]+(?:[’'-][A-Za-z]+)*")
PAIR_CODE = re.compile(r"\b[A-Z]{2}[-–][A-Z]{2}\b")


def _is_latin_word(token: str) -> bool:
    if not LATIN_WORD.fullmatch(token) or token.lower() in BRANDS:
        return False
    return not token.isupper()  # BY, ISO, JSON: codes and abbreviations


class VisibleText(HTMLParser):
    """Collects the text a reader of the page meets, as (text, exempt from pair codes) chunks."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, bool]] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hidden, code allowed)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def codes_allowed(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent_hidden, parent_codes = self.hidden, self.codes_allowed
        hidden = parent_hidden or tag in ("script", "style", "template")
        hidden = hidden or ("lang" in attrs and not (attrs["lang"] or "").startswith("ru"))
        codes = parent_codes or tag == "code" or "help" in (attrs.get("class") or "").split()
        if tag == "head":
            hidden = True
        if tag == "title":
            hidden = False
        if not hidden:
            for name in self.SPOKEN:
                if attrs.get(name):
                    self.chunks.append((attrs[name], codes))
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.chunks.append((attrs["value"], codes))
        if tag not in self.VOID:
            self.stack.append((tag, hidden, codes))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self.hidden:
            self.chunks.append((" ".join(data.split()), self.codes_allowed))


def visible_chunks(html: str) -> list[tuple[str, bool]]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.chunks


def _tokens(text: str) -> list[str]:
    return [token.strip(".,;:!?()«»“”\"'[]{}…·—–|*") for token in text.split()]


def capitalised_months() -> list[str]:
    with translation.override("ru"):
        names = [str(MONTHS[n]) for n in range(1, 13)]
        names += [str(MONTHS_ALT[n]).capitalize() for n in range(1, 13)]
    return names


MID_SENTENCE_MONTH = re.compile(r"[а-яёa-z,:;]\s+(" + "|".join(capitalised_months()) + r")\b")


def english_on(html: str) -> list[str]:
    """Every English interface word, run of Latin words, pair code and mid-sentence month."""
    found = []
    for text, codes_allowed in visible_chunks(html):
        run = []
        for token in [*_tokens(text), ""]:
            if _is_latin_word(token):
                run.append(token)
                if token.lower() in ENGLISH:
                    found.append(f"English word “{token}” in “{text}”")
                continue
            if len(run) >= 2:
                found.append(f"English words “{' '.join(run)}” in “{text}”")
            run = []
        if not codes_allowed:
            for token in text.split():
                if "/" not in token and not token.startswith("(") and PAIR_CODE.search(token):
                    found.append(f"pair code “{token}” in “{text}”")
        if match := MID_SENTENCE_MONTH.search(text):
            found.append(f"capitalised month “{match.group(1)}” mid-sentence in “{text}”")
    return list(dict.fromkeys(found))


def assert_russian(html: str):
    found = english_on(html)
    assert not found, "\n".join(found)


# --- The archive: Russian articles only -------------------------------------------------------


@pytest.fixture
def archive(make_article, make_agreement, make_outlet):
    """Russian articles on two pairs, from two outlets, over three months, with two agreements."""
    belta = make_outlet(name="Белорусское телеграфное агентство", domain="belta.by")
    vestnik = make_outlet(name="Минский вестник", domain="minsk-vestnik.by")
    memorandum = make_agreement(
        name_ru="Меморандум о цифровом сотрудничестве",
        name_en="Memorandum on digital cooperation",
        kind="memorandum",
        status="signed",
        signed_on=datetime.date(2025, 9, 3),
        signed_place="Минск",
        parties=["BY", "CN"],
    )
    treaty = make_agreement(
        name_ru="Договор о стратегическом партнёрстве",
        name_en="Treaty on strategic partnership",
        kind="treaty",
        status="in_force",
        signed_on=datetime.date(2024, 11, 20),
        parties=["KZ", "RU"],
    )
    articles = []
    for n, (day, pairs, outlet) in enumerate(
        [
            (datetime.date(2025, 9, 3), ["BY-CN"], belta),
            (datetime.date(2025, 9, 3), ["BY-CN", "BY-RU"], vestnik),
            (datetime.date(2025, 9, 17), ["BY-CN"], belta),
            (datetime.date(2025, 10, 2), ["KZ-RU"], vestnik),
            (datetime.date(2025, 8, 28), ["BY-RU"], belta),
            (datetime.date(2024, 11, 20), ["KZ-RU"], vestnik),
        ]
    ):
        countries = sorted({code for pair in pairs for code in pair.split("-")})
        article = make_article(
            title=f"Беларусь и Китай расширяют сотрудничество, выпуск {n + 1}",
            lead="Стороны обсудили торговлю, логистику и образование.",
            body="Делегации провели переговоры в Минске.\n\nСтороны подписали документы.",
            published_on=day,
            pairs=pairs,
            countries=countries,
            outlet=outlet,
            source_url=f"https://{outlet.domain}/news/{n + 1}/",
        )
        articles.append(article)
    articles[0].agreements.add(memorandum)
    articles[1].agreements.add(memorandum)
    articles[5].agreements.add(treaty)
    flagged = articles[2]
    flagged.date_needs_review = True
    flagged.review_note = "date read from the dateline"
    flagged.save()
    return {"articles": articles, "memorandum": memorandum, "outlet": belta}


@pytest.fixture
def russian_client():
    return Client(HTTP_ACCEPT_LANGUAGE="ru")


@pytest.fixture
def editor_client(db):
    editor = User.objects.create_superuser("редактор", password="correct horse")
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(editor)
    return client


# --- The pages --------------------------------------------------------------------------------


def _event(a) -> str:
    """A confirmed visit at which the memorandum was signed, reported by two articles."""
    from archive.models import Country, Event

    event = Event.objects.create(
        name_ru="Визит делегации Китая в Минск",
        kind="visit",
        start_on=datetime.date(2025, 9, 2),
        end_on=datetime.date(2025, 9, 3),
        place="Минск",
        place_country=Country.objects.get(code="BY"),
        status="confirmed",
    )
    event.countries.set(Country.objects.filter(code__in=["BY", "CN"]))
    event.agreements.add(a["memorandum"])
    event.articles.set(a["articles"][:2])
    return event.get_absolute_url()


READER_PAGES = {
    "home": lambda a: "/",
    "archive index": lambda a: "/archive/",
    "archive index of a pair": lambda a: "/archive/?pair=BY-CN&language=ru",
    "year": lambda a: "/archive/2025/",
    "month": lambda a: "/archive/2025/09/",
    "month of a pair": lambda a: "/archive/2025/09/?pair=BY-CN",
    "day": lambda a: "/archive/2025/09/03/",
    "archive with a bad filter": lambda a: "/archive/2025/?pair=BY-UZ&language=fr",
    "article": lambda a: a["articles"][0].get_absolute_url(),
    "article with an unverified date": lambda a: a["articles"][2].get_absolute_url(),
    "article from a search": lambda a: (
        a["articles"][0].get_absolute_url() + "?q=сотрудничество&pair=BY-CN"
    ),
    "pair list": lambda a: "/pairs/",
    "pair hub": lambda a: "/pairs/BY-CN/",
    "pair hub as shares": lambda a: "/pairs/BY-CN/?measure=share",
    "comparison": lambda a: "/compare/?s=BY-CN&s=q:сотрудничество&measure=share",
    "empty comparison": lambda a: "/compare/",
    "country": lambda a: "/countries/BY/",
    "agreement list": lambda a: "/agreements/",
    "agreement list with a bad filter": lambda a: "/agreements/?kind=poem&year=abc&sort=up",
    "agreement": lambda a: a["memorandum"].get_absolute_url(),
    "source": lambda a: a["outlet"].get_absolute_url(),
    "not found": lambda a: "/no-such-page/",
    "event": _event,
    "events": lambda a: _event(a) and "/events/",
    "events of a pair": lambda a: _event(a) and "/events/?pair=CN-BY",
    "on this day": lambda a: _event(a) and "/on-this-day/09-03/",
    "no such day": lambda a: "/on-this-day/02-30/",
    "search with a query": lambda a: "/search/?q=сотрудничество",
    "open data": lambda a: "/open-data/",
    "search without a query": lambda a: "/search/",
    "search with an error": lambda a: (
        "/search/?q=сотрудничество&date_from=вчера&date_to=2020-01-01"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", READER_PAGES)
def test_reader_pages_in_russian_carry_no_english_interface_words(russian_client, archive, page):
    response = russian_client.get(READER_PAGES[page](archive))
    html = response.content.decode()
    assert response.status_code in (200, 400, 404)
    assert '<html lang="ru">' in html
    assert_russian(html)


@pytest.mark.django_db
def test_the_article_list_in_the_russian_admin_carries_no_english(editor_client, archive):
    response = editor_client.get("/admin/archive/article/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_russian(html)
    assert "русский" in html  # the language column and filter name the language


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["outlets", "pairs", "agreements", "agreement"],
)
def test_the_russian_admin_names_outlets_pairs_and_agreements_in_russian(
    editor_client, archive, page
):
    url = {
        "outlets": "/admin/archive/outlet/",
        "pairs": "/admin/archive/countrypair/",
        "agreements": "/admin/archive/agreement/",
        "agreement": f"/admin/archive/agreement/{archive['memorandum'].pk}/change/",
    }[page]
    response = editor_client.get(url)
    assert response.status_code == 200
    assert_russian(response.content.decode())


@pytest.mark.django_db
def test_an_article_in_the_russian_admin_carries_no_english(editor_client, archive):
    article = archive["articles"][1]
    response = editor_client.get(f"/admin/archive/article/{article.pk}/change/")
    assert response.status_code == 200
    assert_russian(response.content.decode())


@pytest.mark.django_db
def test_the_russian_paste_preview_carries_no_english(editor_client, archive):
    response = editor_client.post(PASTE_URL, {"text": PASTED, "year": "2025", "_preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert_russian(html)
    assert "Беларусь–Китай" in html  # the pair the importer found, in words


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "caption"),
    [
        ("ru", "Архив: сентябрь 2025 г.", "Статьи по дням, сентябрь 2025 г."),
        ("en", "Archive: September 2025", "Articles per day, September 2025"),
    ],
)
def test_a_month_inside_a_sentence_is_written_as_the_language_writes_it(
    client, archive, language, title, caption
):
    html = client.get("/archive/2025/09/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<title>{title} · Concord</title>" in html
    assert f"<caption>{caption}</caption>" in html


@pytest.mark.django_db
def test_a_filter_error_names_the_pair_and_the_languages_in_words(russian_client, archive):
    response = russian_client.get("/archive/2025/", {"pair": "BY-UZ", "language": "fr"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "В архиве нет статей о паре Беларусь–Узбекистан (BY-UZ)." in html
    assert "допустимы: ru (русский), en (английский)" in html


# --- The rules themselves ---------------------------------------------------------------------


def test_the_rules_find_english_interface_words_and_spare_codes_and_addresses():
    page = (
        '<html lang="ru"><head><title>Архив · Concord</title></head><body>'
        "<p>Russian</p><p>Статьи по дням, Сентябрь 2025 г.</p><p>Cite this</p>"
        "<p>BY-CN</p><p><code>BY-CN</code></p><p>ГОСТ · JSON · belta.by · /pairs/BY-CN/</p>"
        '<button lang="en">English</button><script>var Russian = "x y";</script></body></html>'
    )
    found = english_on(page)
    assert "English word “Russian” in “Russian”" in found
    assert "English words “Cite this” in “Cite this”" in found
    assert "pair code “BY-CN” in “BY-CN”" in found
    assert any("Сентябрь" in f for f in found)
    # Nothing else: not the brand, the code in <code>, the abbreviations, the address, the
    # switcher's own-language name, the script.
    assert not [
        f
        for f in found
        if "Cite" not in f and "Russian" not in f and "BY-CN" not in f and "Сентябрь" not in f
    ]


def test_the_english_vocabulary_holds_interface_words_not_russian_ones():
    assert {"russian", "english", "archive", "agreements"} <= ENGLISH
    assert "concord" not in ENGLISH
    assert not any(re.search("[а-яё]", word) for word in ENGLISH)


@pytest.mark.django_db
def test_the_fixture_archive_is_russian_with_pairs_over_several_months(archive):
    assert Article.objects.filter(language="en").count() == 0
    assert CountryPair.objects.filter(articles__isnull=False).distinct().count() == 3
    months = {a.published_on.replace(day=1) for a in archive["articles"]}
    assert len(months) == 4
