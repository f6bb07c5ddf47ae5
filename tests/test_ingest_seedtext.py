"""The seed text format: date lines, srcsets, Markdown, datelines, furniture, dates without a year,
scraper debris in the header and glued titles."""

import datetime

import pytest

from archive.ingest.records import ParseError
from archive.ingest.seedtext import parse_seed_text

pytestmark = pytest.mark.django_db

SRCSET = (
    "https://s3-minsk.becloud.by/media/a-sm.webp 480w, "
    "https://s3-minsk.becloud.by/media/a-lg.webp 1280w"
)


def test_date_line_gives_date_title_outlet_and_never_an_image_url():
    record = parse_seed_text(
        f" date 2025-11-14 Беларусь и Китай укрепляют дружбу news.by {SRCSET}\n\nТекст о Китае.\n"
    )
    assert record.date == datetime.date(2025, 11, 14)
    assert record.title == "Беларусь и Китай укрепляют дружбу"
    assert record.source == "news.by"
    assert record.source_url is None
    assert "becloud" not in record.title + record.body
    assert not record.date_needs_review


def test_a_date_line_of_several_sentences_keeps_them_all_as_the_lead():
    record = parse_seed_text(
        " date 2025-06-03 Belarus works with China. Lukashenko said this in Beijing.\n\n"
        "The head of state is in Beijing.\n"
    )
    assert record.title == "Belarus works with China"
    assert record.lead == "Belarus works with China. Lukashenko said this in Beijing."
    assert record.body == "The head of state is in Beijing."
    assert record.language == "en"


def test_a_headline_with_a_quote_stays_whole_and_loses_its_dash():
    record = parse_seed_text(
        " date 2025-08-31 - «Подлинная дипломатия». Лукашенко про диалог Минска и Пекина\nТекст.\n"
    )
    assert record.title == "«Подлинная дипломатия». Лукашенко про диалог Минска и Пекина"
    assert record.lead == ""


def test_markdown_heading_emphasis_rule_and_source_url():
    record = parse_seed_text(
        " \n\n## Беларусь и Китай\n\n31 июля 2025 г. Министр провёл **переговоры** с *партнёрами*.\n\n"
        "*Справочно.*\n\n---\n\n**Source URL:** <https://MPT.gov.by/node/10669/>\n"
    )
    assert record.title == "Беларусь и Китай"
    assert record.date == datetime.date(2025, 7, 31)
    assert record.body == "31 июля 2025 г. Министр провёл переговоры с партнёрами.\n\nСправочно."
    assert record.source_url == "https://MPT.gov.by/node/10669/"  # a citation, kept as given
    assert record.url_key == "mpt.gov.by/node/10669"


FURNISHED = """Россия и Китай подписали коммюнике
Москва и Пекин продолжат сотрудничество.
Подписывайтесь на Sputnik в Дзен
Беларусь будет поставлять мясо индейки в Китай>>>
Рыженков: объем торговли Беларуси с Китаем вырос>>>
Самые интересные и важные новости ищите в нашем Telegram-канале и Viber. Также следите за нами в Дзен!
"""


def test_furniture_is_neither_body_nor_subject():
    with pytest.raises(ParseError):  # no date anywhere in this text
        parse_seed_text(FURNISHED)
    record = parse_seed_text(" date 2025-11-04 " + FURNISHED)
    assert record.body == "Москва и Пекин продолжат сотрудничество."
    assert record.countries == ["CN", "RU"]
    assert record.pairs == ["CN-RU"]


DATELINED = """Итоги встречи глав правительств России и КНР

МИНСК, 4 ноя – Sputnik. Москва и Пекин продолжат укреплять сотрудничество.
Россия и Китай будут помогать друг другу.
"""


def test_a_dateline_gives_the_outlet_and_its_city_is_not_a_subject():
    record = parse_seed_text(DATELINED, "003.txt", year=2025)
    assert record.source == "Sputnik"
    assert "BY" not in record.countries
    assert record.pairs == ["CN-RU"]
    assert record.body.startswith("МИНСК, 4 ноя – Sputnik. Москва")


def test_a_date_without_year_is_completed_from_the_year_given_and_flagged_as_read():
    record = parse_seed_text(DATELINED, year=2025)
    assert (record.date, record.date_origin) == (datetime.date(2025, 11, 4), "dateline")
    assert record.date_needs_review
    assert record.review_notes == [
        "date read from the dateline",
        "year taken from the year given for the import",
    ]


def test_a_date_without_year_and_no_year_given_is_a_flagged_guess():
    record = parse_seed_text(DATELINED, today=datetime.date(2026, 3, 1))
    assert record.date == datetime.date(2025, 11, 4)  # the most recent 4 November
    assert record.date_needs_review
    assert "year guessed: the most recent such day" in record.review_notes


def test_a_text_without_any_date_fails():
    with pytest.raises(ParseError, match="no publication date found"):
        parse_seed_text("## Заголовок\n\nПросто текст о Беларуси.\n", "x.txt")


def test_an_impossible_date_line_fails():
    with pytest.raises(ParseError, match="impossible date 2025-02-30"):
        parse_seed_text(" date 2025-02-30 Заголовок\n\nТекст.\n")


def test_a_title_without_text_fails():
    with pytest.raises(ParseError, match="no article text"):
        parse_seed_text(" date 2025-02-03 Заголовок\n\n")


@pytest.mark.parametrize(
    "text",
    [
        f" date 2025-11-14 Беларусь и Китай укрепляют дружбу\nnews.by\n{SRCSET}\n\nТекст о Китае.\n",
        f" date 2025-11-14\nnews.by {SRCSET}\n## Беларусь и Китай укрепляют дружбу\nТекст о Китае.\n",
        f" date 2025-11-14 Беларусь и Китай укрепляют дружбу\n\n{SRCSET}\n\nnews.by\nТекст о Китае.\n",
        f"news.by\n\nБеларусь и Китай укрепляют дружбу\n{SRCSET}\n\n14.11.2025\n\nТекст о Китае.\n",
    ],
    ids=["after the date line", "before the title", "after the title", "no date line"],
)
def test_outlet_and_srcset_lines_anywhere_in_the_header_are_dropped(text):
    record = parse_seed_text(text)
    assert record.title == "Беларусь и Китай укрепляют дружбу"
    assert record.source == "news.by"
    assert record.body == "Текст о Китае."
    assert record.date == datetime.date(2025, 11, 14)


def test_image_lines_are_neither_title_nor_text():
    record = parse_seed_text(
        " date 2025-11-14\n![Лукашенко и Си Цзиньпин](https://img.belta.by/a.jpg)\n"
        "https://img.belta.by/images/storage/news/with_archive/2025/000019_1731.jpg\n"
        "Беларусь и Китай укрепляют дружбу\n\nПервый абзац о Китае.\n"
        f"{SRCSET}\n\nВторой абзац о Китае.\n"
    )
    assert record.title == "Беларусь и Китай укрепляют дружбу"
    assert record.body == "Первый абзац о Китае.\n\nВторой абзац о Китае."


def test_a_title_ending_in_a_site_name_keeps_it():
    record = parse_seed_text(
        " date 2025-11-14\nКитай открыл портал для белорусов china.by\nТекст.\n"
    )
    assert record.title == "Китай открыл портал для белорусов china.by"
    assert record.source is None


@pytest.mark.parametrize(
    "first",
    ["0", "12", "2025-11-04", "04.11.2025", "4 ноября 2025", "Вторник, 4 ноября 2025, 14:30"],
)
def test_a_number_or_a_bare_date_is_never_the_title(first):
    body = "31 июля 2025 г. Министр обсудил сотрудничество с Китаем."
    record = parse_seed_text(f"{first}\n\n## Беларусь и Китай\n\n{body}\n")
    assert (record.title, record.body) == ("Беларусь и Китай", body)


def test_a_number_after_the_date_line_is_not_the_title():
    record = parse_seed_text(" date 2025-11-04 0\n12\nБеларусь и Китай\n\nТекст о Китае.\n")
    assert (record.title, record.body) == ("Беларусь и Китай", "Текст о Китае.")


def test_a_bare_date_in_the_header_dates_the_article():
    record = parse_seed_text("0\nБеларусь и Китай\nВторник, 4 ноября 2025, 14:30\n\nТекст.\n")
    assert (record.date, record.date_origin) == (datetime.date(2025, 11, 4), "text")
    assert record.date_needs_review  # read, not given: an editor confirms it
    assert record.body == "Текст."


def test_a_title_opening_with_a_number_stays_the_title():
    record = parse_seed_text(
        " date 2025-11-04 30-я встреча глав правительств России и Китая\n\nТекст.\n"
    )
    assert record.title == "30-я встреча глав правительств России и Китая"


@pytest.mark.parametrize(
    ("header", "title", "lead"),
    [
        (
            "Итоги встречи Михаила Мишустина и Ли ЦянаСтороны опубликовали совместное коммюнике"
            " по итогам переговоров",
            "Итоги встречи Михаила Мишустина и Ли Цяна",
            "Стороны опубликовали совместное коммюнике по итогам переговоров",
        ),
        (
            "Мишустин провёл переговоры с премьером Ли ЦяномВ ходе встречи стороны обсудили"
            " торговлю и инвестиции",
            "Мишустин провёл переговоры с премьером Ли Цяном",
            "В ходе встречи стороны обсудили торговлю и инвестиции",
        ),
        (
            "Belarus expands industrial cooperation with ChinaThe sides agreed to launch new"
            " joint projects in machine building",
            "Belarus expands industrial cooperation with China",
            "The sides agreed to launch new joint projects in machine building",
        ),
    ],
)
def test_a_glued_title_and_subtitle_are_split(header, title, lead):
    record = parse_seed_text(f" date 2025-11-04 {header} news.by {SRCSET}\n\nТекст.\n")
    assert (record.title, record.lead) == (title, lead)


@pytest.mark.parametrize(
    "header",
    [
        "Belarusian retailers start selling the new iPhone assembled in China this autumn",
        "McDonald's opens its first restaurant in Minsk together with Chinese partners",
        "В Минске и Пекине откроются новые рестораны МакДональдс с китайским меню и доставкой",
        "Поставки белорусского сырья для «ПАО ГазпромНефть» в Китай выросли на 20 процентов",
        "Белорусские абоненты компании МегаФон смогут звонить в Китай по сниженным тарифам",
        "Китай и ГазпромНефть подписали договор",  # too short to hold a title and a sentence
        "Электростанцию мощностью 100 кВт построили в Китае белорусские специалисты",
    ],
)
def test_names_written_with_an_inner_capital_are_not_split(header):
    record = parse_seed_text(f" date 2025-11-04 {header}\n\nТекст.\n")
    assert (record.title, record.lead) == (header, "")
