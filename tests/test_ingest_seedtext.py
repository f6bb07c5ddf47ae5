"""The seed text format: date lines, srcsets, Markdown, datelines, furniture, dates without a year."""

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
    assert record.source_url == "https://mpt.gov.by/node/10669"


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


def test_a_date_without_year_is_completed_from_the_year_given():
    record = parse_seed_text(DATELINED, year=2025)
    assert (record.date, record.date_needs_review) == (datetime.date(2025, 11, 4), False)


def test_a_date_without_year_and_no_year_given_is_a_flagged_guess():
    record = parse_seed_text(DATELINED, today=datetime.date(2026, 3, 1))
    assert record.date == datetime.date(2025, 11, 4)  # the most recent 4 November
    assert record.date_needs_review


def test_a_text_without_any_date_fails():
    with pytest.raises(ParseError, match="no publication date found"):
        parse_seed_text("## Заголовок\n\nПросто текст о Беларуси.\n", "x.txt")


def test_an_impossible_date_line_fails():
    with pytest.raises(ParseError, match="impossible date 2025-02-30"):
        parse_seed_text(" date 2025-02-30 Заголовок\n\nТекст.\n")


def test_a_title_without_text_fails():
    with pytest.raises(ParseError, match="no article text"):
        parse_seed_text(" date 2025-02-03 Заголовок\n\n")
