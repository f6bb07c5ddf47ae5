"""Saved web pages: the article without the site's chrome, and the page's own metadata."""

import codecs
import datetime
import socket

import pytest
from django.conf import settings

from archive.ingest.html import decode_html, parse_html
from archive.ingest.records import ParseError

PAGES = settings.BASE_DIR / "fixtures" / "html"


def read(name):
    return parse_html(decode_html((PAGES / name).read_bytes()), name)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test here fails if anything tries to open a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("parse_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


BELTA_URL = (
    "https://www.belta.by/economics/view/"
    "belarus-i-kitaj-rasshirjat-postavki-molochnoj-produktsii-na-kitajskij-rynok-731245-2025/"
)
XINHUA_URL = "https://english.news.cn/20251104/7d1c2b9e4f0a4c8b9e2f6a1d3c5b7e90/c.html"
MINPROM_URL = "https://minprom.gov.by/press-center/news/o-vstreche-s-delegaciej-provincii-czyansu/"
AMPRAVDA_URL = "https://www.ampravda.ru/2025/10/15/0131452.html"

FACTS = {
    "belta_ru_article.html": (
        "Беларусь и Китай расширят поставки молочной продукции на китайский рынок",
        datetime.date(2025, 10, 21),
        BELTA_URL,
        "БЕЛТА",
        "ru",
    ),
    "xinhua_en_article.html": (
        "China, Belarus vow to deepen cooperation at Great Stone industrial park",
        datetime.date(2025, 11, 4),
        XINHUA_URL,
        "Xinhua",
        "en",
    ),
    "ministry_ru_date_in_text.html": (
        "О встрече с делегацией провинции Цзянсу",
        None,
        MINPROM_URL,
        "minprom.gov.by",
        "ru",
    ),
    "ampravda_cp1251_article.html": (
        "Грузооборот через мост Благовещенск — Хэйхэ вырос на четверть",
        datetime.date(2025, 10, 15),
        AMPRAVDA_URL,
        "Амурская правда",
        "ru",
    ),
}


@pytest.mark.parametrize("name", FACTS)
def test_each_page_gives_its_title_date_address_outlet_and_language(name):
    record = read(name)
    title, date, url, outlet, language = FACTS[name]
    assert (record.title, record.date, record.source_url, record.source, record.language) == (
        title,
        date,
        url,
        outlet,
        language,
    )
    assert record.url_key == url.split("://")[1].removeprefix("www.").rstrip("/")
    assert record.date_origin == ("page" if date else "given")
    assert record.origin == name
    assert (record.countries, record.pairs, record.agreements) == ([], [], [])


# First and last words of the article, and words of the chrome around it on the page.
BODIES = {
    "belta_ru_article.html": (
        6,
        "МИНСК, 21 октября (БЕЛТА) – Беларусь и Китай договорились",
        "будет представлен единый национальный стенд предприятий агропромышленного комплекса.",
        ["Реклама", "Главное:", "Президент", "Читайте также", "мясо индейки", "Теги", "Поделиться",
         "ВКонтакте", "Подписывайтесь", "Другие новости", "тракторный", "Комментарии",
         "Отличная новость", "Самое читаемое", "Туры в Китай", "© БЕЛТА", "cookie", "Принять",
         "Фото из архива", "21 октября 2025, 12:35"],
    ),
    "xinhua_en_article.html": (
        6,
        "MINSK, Nov. 4 (Xinhua) -- Chinese and Belarusian officials",
        "second-largest trading partner for several years.",
        ["Source: Xinhua", "Editor", "Share", "Facebook", "Related", "electric buses begin",
         "More from Business", "Most Popular", "Copyright", "cookies", "Accept", "Sci-Tech"],
    ),
    "ministry_ru_date_in_text.html": (
        5,
        "15 сентября 2025 г. Министр промышленности Республики Беларусь провел встречу",
        "подписано соглашение об установлении побратимских связей.",
        ["Версия для", "О министерстве", "Полезные ссылки", "Пресс-центр", "Последние новости",
         "МТЗ поставил", "12.09.2025", "Вернуться", "Телефон доверия", "©", "Партизанский"],
    ),
    "ampravda_cp1251_article.html": (
        5,
        "За девять месяцев 2025 года по автомобильному мосту Благовещенск — Хэйхэ",
        "Это первый автомобильный мост между Россией и Китаем.",
        ["Главная", "Архив номеров", "15.10.2025 08:20", "Ирина Соколова", "Поделиться",
         "Читайте также", "рапса", "детский сад", "Опрос", "Свидетельство", "16+"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", BODIES)
def test_the_body_is_the_article_without_the_site_around_it(name):
    count, first, last, chrome = BODIES[name]
    record = read(name)
    paragraphs = record.body.split("\n\n")
    assert len(paragraphs) == count
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)
    assert [word for word in chrome if word in record.body] == []
    assert record.title not in record.body


def test_a_description_of_its_own_is_the_lead():
    record = read("belta_ru_article.html")
    assert record.lead.startswith("Белорусские и китайские ведомства договорились упростить")


@pytest.mark.parametrize("name", ["xinhua_en_article.html", "ampravda_cp1251_article.html"])
def test_a_description_repeating_the_opening_is_no_lead(name):
    assert read(name).lead == ""


def test_the_date_is_the_publication_not_the_modification():
    record = read("belta_ru_article.html")  # modified on 22 October
    assert record.date == datetime.date(2025, 10, 21)


def page(head="", body="", lang="ru"):
    """A small saved page around one article's worth of text."""
    text = body or (
        "<h1>Беларусь и Китай подписали соглашение</h1>"
        "<p>МИНСК, 4 ноября (БЕЛТА) – Беларусь и Китай подписали соглашение о сотрудничестве "
        "в области науки и технологий, сообщили в Государственном комитете по науке.</p>"
        "<p>Документ предусматривает совместные исследования и обмен учеными.</p>"
    )
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body><article>{text}</article></body></html>'


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:modified_time" content="2025-11-05T10:00:00+03:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"dateModified": "2025-11-05T10:00:00+03:00"}</script>',
        '<meta itemprop="copyrightYear" content="2025">',
        '<link rel="canonical" href="https://www.belta.by/society/view/2025/11/04/731999/">',
    ],
    ids=["modified time", "JSON-LD modified", "copyright year", "date in the URL"],
)
def test_a_modification_copyright_or_url_date_is_not_the_page_date(head):
    record = parse_html(page(head))
    assert record.date is None


@pytest.mark.parametrize(
    "head, body",
    [
        ('<meta name="pubdate" content="2025-11-04">', ""),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "datePublished": "2025-11-04T23:30:00+08:00", '
            '"dateModified": "2025-11-06T08:00:00+08:00"}</script>',
            "",
        ),
        (
            "",
            '<h1>Беларусь и Китай подписали соглашение</h1><time itemprop="datePublished" '
            'datetime="2025-11-04">4 ноября</time><p>Беларусь и Китай подписали соглашение '
            "о сотрудничестве в области науки и технологий, сообщили в Госкомитете по науке.</p>",
        ),
    ],
    ids=["meta", "JSON-LD", "microdata"],
)
def test_the_page_date_comes_from_meta_json_ld_or_microdata(head, body):
    record = parse_html(page(head, body))
    assert (record.date, record.date_origin) == (datetime.date(2025, 11, 4), "page")


def test_a_page_without_date_metadata_leaves_its_text_date_to_the_pipeline():
    record = read("ministry_ru_date_in_text.html")  # its sidebar lists other days' news
    assert record.date is None
    assert record.body.startswith("15 сентября 2025 г.")


@pytest.mark.parametrize(
    "head, kept", [("", True), ('<meta name="pubdate" content="2025-11-04">', False)]
)
def test_a_date_shown_above_the_text_stays_only_when_the_metadata_has_none(head, kept):
    body = (
        "<h1>Беларусь и Китай подписали соглашение</h1><div class='date'>04.11.2025 14:30</div>"
        "<p>Беларусь и Китай подписали соглашение о сотрудничестве в области науки и технологий, "
        "сообщили в Государственном комитете по науке.</p>"
    )
    record = parse_html(page(head, body))
    assert record.body.startswith("04.11.2025 14:30\n\n") == kept


def test_an_old_sites_layout_table_gives_the_article_without_its_sidebars():
    text = """<html><head><title>Новости</title></head><body><table width=100%><tr>
    <td width=200><a href=/>Главная</a><br><a href=/news>Новости</a><br><a href=/c>Контакты</a></td>
    <td><h2>Беларусь и Китай обсудили сотрудничество</h2>
    Министр провел встречу с делегацией провинции Цзянсу Китайской Народной Республики.<br><br>
    Стороны обсудили ход реализации совместных инвестиционных проектов в машиностроении.<br><br>
    Особое внимание уделено вопросам промышленной кооперации и подготовки кадров.</td>
    <td width=200><b>Последние новости</b><br>12.09.2025 <a href=/n/1>Итоги работы</a><br>
    10.09.2025 <a href=/n/2>МТЗ поставил тракторы</a></td></tr>
    <tr><td colspan=3>© Министерство, 2025</td></tr></table></body></html>"""
    paragraphs = parse_html(text).body.split("\n\n")
    assert paragraphs[-3:] == [
        "Министр провел встречу с делегацией провинции Цзянсу Китайской Народной Республики.",
        "Стороны обсудили ход реализации совместных инвестиционных проектов в машиностроении.",
        "Особое внимание уделено вопросам промышленной кооперации и подготовки кадров.",
    ]
    assert not any(word in p for p in paragraphs for word in ("Главная", "12.09", "МТЗ", "©"))


@pytest.mark.parametrize(
    "head, url",
    [
        (
            '<meta property="og:url" content="https://belta.by/amp/1">'
            '<link rel="canonical" href="https://belta.by/news/1">',
            "https://belta.by/news/1",
        ),
        ('<meta property="og:url" content="https://belta.by/news/1">', "https://belta.by/news/1"),
        (
            '<meta property="og:url" content="https://belta.by/news/1?utm_source=x">'
            '<link rel="canonical" href="/news/1">',
            "https://belta.by/news/1",
        ),
        ('<link rel="canonical" href="//belta.by/news/1">', "https://belta.by/news/1"),
        (
            '<link rel="canonical" href="javascript:void(0)">'
            '<meta property="og:url" content="https://belta.by/news/1">',
            "https://belta.by/news/1",
        ),
        ('<link rel="canonical" href="news/1">', None),
        ("", None),
    ],
    ids=["canonical first", "og:url", "relative", "no scheme", "invalid", "unusable", "none"],
)
def test_the_source_url_is_the_canonical_address(head, url):
    record = parse_html(page(head))
    assert record.source_url == url
    assert record.url_key == ("belta.by/news/1" if url else None)


@pytest.mark.parametrize(
    "lang, head, language",
    [
        ("ru-RU", "", "ru"),
        ("", '<meta property="og:locale" content="en_GB">', "ru"),  # the words are Russian
        ("", '<meta property="og:locale" content="ru_RU">', "ru"),
        ("", "", None),
        ("be", "", None),
    ],
)
def test_the_language_is_the_one_the_page_declares(lang, head, language):
    assert parse_html(page(head, lang=lang)).language == language


def test_a_template_declaring_another_language_than_the_words_is_overruled():
    body = (
        "<h1>Belarus, China sign science agreement</h1><p>MINSK, Nov. 4 (BelTA) - Belarus and "
        "China signed an agreement on cooperation in science and technology on Tuesday.</p>"
    )
    assert parse_html(page(body=body, lang="ru")).language == "en"


def test_the_outlet_name_is_not_part_of_the_title():
    head = (
        '<meta property="og:site_name" content="Xinhua">'
        '<meta property="og:title" content="Belarus, China sign science agreement - Xinhua">'
    )
    body = (
        "<p>MINSK, Nov. 4 (Xinhua) -- Belarus and China signed an agreement on cooperation "
        "in science and technology on Tuesday, officials said.</p>"
    )
    record = parse_html(page(head, body, lang="en"))
    assert (record.title, record.source) == ("Belarus, China sign science agreement", "Xinhua")


def test_teasers_and_read_also_lines_in_the_text_are_dropped():
    body = (
        "<h1>Беларусь и Китай подписали соглашение</h1>"
        "<p>МИНСК, 4 ноября (БЕЛТА) – Беларусь и Китай подписали соглашение о сотрудничестве "
        "в области науки и технологий, сообщили в Государственном комитете по науке.</p>"
        '<p>Читайте также: <a href="/news/2">Белорусские ученые побывали в Шанхае</a></p>'
        '<p><a href="/news/3">Китайские студенты приедут на стажировку в Минск</a></p>'
        "<p>Read also: Belarus and China to open joint laboratory</p>"
        "<p>Документ предусматривает совместные исследования и обмен учеными.</p>"
    )
    record = parse_html(page(body=body))
    assert record.body.split("\n\n") == [
        "МИНСК, 4 ноября (БЕЛТА) – Беларусь и Китай подписали соглашение о сотрудничестве "
        "в области науки и технологий, сообщили в Государственном комитете по науке.",
        "Документ предусматривает совместные исследования и обмен учеными.",
    ]


def test_broken_markup_is_read_as_a_browser_would():
    text = (
        "<html><head><title>Беларусь и Китай</title><body><div class=news><p>Беларусь и Китай "
        "договорились расширить сотрудничество в промышленности.<p>Стороны обсудили поставки "
        "продукции машиностроения и сельского хозяйства.</span></table></div></div><div>"
    )
    record = parse_html(text)
    assert record.body == (
        "Беларусь и Китай договорились расширить сотрудничество в промышленности.\n\n"
        "Стороны обсудили поставки продукции машиностроения и сельского хозяйства."
    )


@pytest.mark.parametrize(
    "name, why",
    [
        ("belta_section_index.html", "a list of articles"),
        ("xinhua_not_found.html", "an error page"),
    ],
)
def test_a_page_without_an_article_is_refused_with_a_reason(name, why):
    with pytest.raises(ParseError, match="no article text found in the page") as error:
        read(name)
    assert why in error.value.reason
    assert error.value.origin == name


def test_a_list_of_summaries_and_dates_is_not_an_article():
    items = "".join(
        f'<li><h3><a href="/202511{day:02}/c.html">Headline {day}</a></h3>'
        f"<p>Officials of Belarus and China met on the {day}th to discuss item {day} of the "
        f"trade agenda, including supplies of {what} and new rail freight links.</p>"
        f'<span class="time">2025-11-{day:02}</span></li>'
        for day, what in enumerate(["dairy", "potash", "tractors", "timber", "buses"], start=1)
    )
    text = (
        f'<html lang="en"><head><title>Business</title></head><body><ul>{items}</ul></body></html>'
    )
    with pytest.raises(ParseError, match="a list of articles"):
        parse_html(text)


def test_teasers_between_the_paragraphs_leave_an_article_an_article():
    paragraphs = [
        "MINSK, Nov. 4 (BelTA) - Belarus and China signed an agreement on cooperation in "
        "science and technology on Tuesday, officials said at the ceremony in the capital.",
        "The document provides for joint research projects, exchanges of scientists and the "
        "creation of joint laboratories in the fields of new materials and biotechnology.",
        "The sides also agreed to hold the next meeting of the science commission in Beijing "
        "early next year, the State Committee on Science and Technology said.",
    ]
    teasers = ['<a href="/a">Joint lab opens</a>', '<a href="/b">Students come to Minsk</a>', ""]
    body = "<h1>Belarus, China sign science deal</h1>" + "".join(
        f"<p>{paragraph}</p><p>{teaser}</p>"
        for paragraph, teaser in zip(paragraphs, teasers, strict=True)
    )
    assert parse_html(page(body=body, lang="en")).body.split("\n\n") == paragraphs


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty page"),
        ("Беларусь и Китай подписали соглашение о сотрудничестве.", "not an HTML page"),
        ('{"title": "Беларусь и Китай", "body": "Текст."}', "not an HTML page"),
        ("https://www.belta.by/economics/view/731245-2025/", "not an HTML page"),
        ("".join(map(chr, range(1, 256))) * 20, "not an HTML page"),
        ("<html><body><nav><a href='/'>Главная</a></nav></body></html>", "no article text"),
    ],
    ids=["empty", "plain text", "JSON", "an address", "binary", "only a menu"],
)
def test_input_that_is_no_article_page_is_a_parse_error(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse_html(text, "page.html")


def test_the_windows_1251_page_decodes_by_its_declaration():
    data = (PAGES / "ampravda_cp1251_article.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = decode_html(data)
    assert "Грузооборот через мост Благовещенск — Хэйхэ вырос на четверть" in text
    assert "«Пропускная способность моста" in text


ARTICLE = "<html><head>{meta}</head><body><p>Беларусь и Китай: дружба народов</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + ARTICLE.format(meta='<meta charset="windows-1251">').encode(),
        codecs.BOM_UTF16_LE + ARTICLE.format(meta="").encode("utf-16-le"),
        ARTICLE.format(meta='<meta charset="koi8-r">').encode("koi8-r"),
        ARTICLE.format(meta='<meta charset="windows-1251">').encode("utf-8"),  # saved again
        ARTICLE.format(meta="").encode("cp1251"),  # no declaration, not UTF-8
        ARTICLE.format(meta='<meta charset="utf-8">').encode("cp1251"),  # a wrong declaration
        ARTICLE.format(meta='<meta charset="no-such-charset">').encode("cp1251"),
    ],
    ids=["BOM", "UTF-16 BOM", "koi8-r", "UTF-8 declared cp1251", "cp1251", "wrong", "unknown"],
)
def test_decoding_honours_bom_and_declaration_and_falls_back_to_cp1251(data):
    assert "<p>Беларусь и Китай: дружба народов</p>" in decode_html(data)
