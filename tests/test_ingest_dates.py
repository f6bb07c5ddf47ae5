"""Publication dates: from the record, the URL, the dateline or the text, each non-given one flagged."""

import datetime

import pytest

from archive.ingest import dates
from archive.ingest.dates import (
    DateContext,
    parse_date_at_start,
    parse_dateline,
    read_date,
)
from archive.ingest.textdates import find_signing_dates
from archive.ingest.urldates import read_url_date

TODAY = datetime.date(2026, 3, 1)
D = datetime.date


def read(paragraphs=(), url=None, given=None, context=None):
    return read_date(
        given=given,
        url=url,
        paragraphs=list(paragraphs),
        context=context or DateContext(today=TODAY),
    )


# --- Dates in URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rg.ru/2024/07/04/rossiia-i-kitai.html", D(2024, 7, 4)),
        ("https://news.cgtn.com/news/2024-07-04-Belarus-China/index.html", D(2024, 7, 4)),
        ("https://iz.ru/1734567/2025-11-04/slug", D(2025, 11, 4)),
        ("https://sputnik.by/20251104/moskva-i-pekin-1099999999.html", D(2025, 11, 4)),
        ("http://by.china-embassy.gov.cn/rus/zbgx/202511/t20251104_11234567.htm", D(2025, 11, 4)),
        ("https://site.by/news/26022026/slug", D(2026, 2, 26)),
        ("https://mpt.gov.by/ru/news/31-07-2025-peregovory", D(2025, 7, 31)),
        ("http://www.xinhuanet.com/english/2019-11/04/c_138527171.htm", D(2019, 11, 4)),
        ("https://www.chinadaily.com.cn/a/202511/04/WS6909a1.html", D(2025, 11, 4)),
        ("http://en.people.cn/n3/2025/1104/c90000-20384765.html", D(2025, 11, 4)),
        ("https://site.by/13/03/2023/slug", D(2023, 3, 13)),
        ("https://site.com/03/13/2023/slug", D(2023, 3, 13)),
    ],
)
def test_a_full_date_in_the_url_is_read(url, expected):
    assert read_url_date(url, TODAY).date == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://tass.ru/politika/1234567",
        "https://mid.ru/ru/foreign_policy/news/1234567/",
        "https://site.by/media/2000x1200.jpg",
        "https://site.by/docs/v1.2.3/notes",
        "https://site.by/contacts/80172223344",
        "http://en.people.cn/n3/c90000-20384765.html",  # 2038 is not yet, 20.38 no month
        "https://site.by/news/1989/05/05/slug",  # before any site we import
        "https://site.by/news/2027/01/01/slug",  # after today
        "https://site.by/news/2025/02/30/slug",  # no such day, and no 30th month
    ],
)
def test_ids_sizes_versions_and_impossible_dates_in_a_url_are_not_dates(url):
    found = read_url_date(url, TODAY)
    assert found is None or found.date is None


def test_a_url_with_year_and_month_only_gives_no_day():
    found = read_url_date("https://www.globaltimes.cn/page/202511/1346789.shtml", TODAY)
    assert (found.year, found.month, found.date) == (2025, 11, None)
    found = read_url_date("https://site.by/2024/07/slug", TODAY)
    assert (found.year, found.month, found.date) == (2024, 7, None)


def test_an_ambiguous_day_and_month_gives_both_readings_day_first_first():
    found = read_url_date("https://site.by/02/03/2023/slug", TODAY)
    assert (found.date, found.swapped) == (D(2023, 3, 2), D(2023, 2, 3))


def test_an_ambiguous_url_reading_in_the_future_is_impossible():
    found = read_url_date("https://site.by/02/05/2026/slug", TODAY)  # 2 May has not come
    assert (found.date, found.swapped) == (D(2026, 2, 5), None)


def test_a_site_that_showed_day_first_reads_its_ambiguous_urls_day_first():
    context = DateContext(today=TODAY)
    read(url="https://site.by/news/25/03/2023/a", context=context)
    reading = read(url="https://site.by/news/02/03/2023/b", context=context)
    assert reading.date == D(2023, 3, 2)
    assert dates.NOTE_URL_ORDER not in reading.notes


def test_a_site_that_showed_month_first_reads_its_ambiguous_urls_month_first():
    context = DateContext(today=TODAY)
    read(url="https://www.site.com/news/03/25/2023/a", context=context)
    reading = read(url="https://site.com/news/02/03/2023/b", context=context)
    assert reading.date == D(2023, 2, 3)
    other_site = read(url="https://other.com/news/02/03/2023/b", context=context)
    assert dates.NOTE_URL_ORDER in other_site.notes  # one site's habit is not another's


def test_an_ambiguous_url_is_decided_by_the_dateline_and_the_site_learns():
    context = DateContext(today=TODAY)
    reading = read(
        ["Москва, 3 февраля. /ТАСС/. Текст."], "https://site.ru/02/03/2023/a", context=context
    )
    assert reading.date == D(2023, 2, 3)
    assert reading.notes == [dates.NOTE_FROM_URL]
    assert read(url="https://site.ru/05/06/2023/b", context=context).date == D(2023, 5, 6)


def test_an_ambiguous_url_nothing_decides_is_read_day_first_and_flagged():
    reading = read(["Текст без даты."], "https://site.by/02/03/2023/a")
    assert reading.date == D(2023, 3, 2)
    assert reading.notes == [dates.NOTE_FROM_URL, dates.NOTE_URL_ORDER]


# --- Datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "city", "day_month", "outlet"),
    [
        ("МИНСК, 4 ноя – Sputnik. Москва и Пекин", "МИНСК", (4, 11), "Sputnik"),
        ("Минск, 3 марта – БЕЛТА. Министр связи", "Минск", (3, 3), "БЕЛТА"),
        ("Минск, 3 марта – БЕЛТА Министр связи", "Минск", (3, 3), "БЕЛТА"),
        ("Минск, 31 августа /Синьхуа/ Министр связи", "Минск", (31, 8), "Синьхуа"),
        ("ПЕКИН, 4 ноября /Синьхуа/. Министр связи", "ПЕКИН", (4, 11), "Синьхуа"),
        ("Москва, 12 мая. /ТАСС/. Министр связи", "Москва", (12, 5), "ТАСС"),
        (
            "МОСКВА, 4 ноя — РИА Новости, Иван Петров. Министр связи",
            "МОСКВА",
            (4, 11),
            "РИА Новости",
        ),
        ("Москва. 4 ноября. INTERFAX.RU - Министр связи", "Москва", (4, 11), "INTERFAX.RU"),
        (
            "САНКТ-ПЕТЕРБУРГ, 12 сент. – РИА Новости. Министр связи",
            "САНКТ-ПЕТЕРБУРГ",
            (12, 9),
            "РИА Новости",
        ),
        ("BEIJING, 2 March (BelTA) The minister", "BEIJING", (2, 3), "BelTA"),
        ("MINSK, June 3 (BelTA) - The minister", "MINSK", (3, 6), "BelTA"),
        ("Beijing, Nov. 4 (Xinhua) -- The minister", "Beijing", (4, 11), "Xinhua"),
        ("MOSCOW, December 9. /TASS/. The minister", "MOSCOW", (9, 12), "TASS"),
        ("Ho Chi Minh City, Jan. 5 (VNA) - The minister", "Ho Chi Minh City", (5, 1), "VNA"),
    ],
)
def test_a_dateline_in_any_case_gives_city_date_outlet_and_where_the_text_starts(
    paragraph, city, day_month, outlet
):
    dateline = parse_dateline(paragraph)
    assert (dateline.city, (dateline.date.day, dateline.date.month)) == (city, day_month)
    assert dateline.outlet == outlet
    assert paragraph[dateline.end :] in ("Москва и Пекин", "Министр связи", "The minister")


def test_a_dateline_may_carry_the_year():
    dateline = parse_dateline("WASHINGTON, Nov. 4, 2025 (Xinhua) -- US officials")
    assert dateline.date.as_date() == D(2025, 11, 4)


@pytest.mark.parametrize(
    "paragraph",
    [
        "В понедельник, 3 марта – в Минске прошла встреча.",
        "Вчера, 3 марта (в понедельник) прошла встреча.",
        "Москва и Пекин продолжат сотрудничество, 3 марта – встреча.",
        "Minsk, 3 March 2025 – the ministry said.",
    ],
)
def test_a_sentence_opening_with_a_place_and_a_date_is_no_dateline(paragraph):
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("5 янв. 2025 г.", 1),
        ("5 января", 1),
        ("5 январь", 1),
        ("5 февр.", 2),
        ("5 сент. 2025", 9),
        ("5 сен", 9),
        ("5 нояб.", 11),
        ("5 ноя", 11),
        ("5 Sept. 2025", 9),
        ("Sept. 5, 2025", 9),
        ("5th of November", 11),
    ],
)
def test_every_russian_and_english_month_form_is_read(text, month):
    assert parse_date_at_start(text).month == month


# --- Dates in the text -----------------------------------------------------------------------


def test_a_paragraph_opening_with_a_date_gives_it():
    reading = read(["31 июля 2025 г. Министр связи провёл переговоры."])
    assert (reading.date, reading.origin) == (D(2025, 7, 31), "text")
    assert reading.notes == [dates.NOTE_FROM_TEXT]
    assert read(["June 3, 2025 – The President met investors."]).date == D(2025, 6, 3)


def test_otherwise_the_first_date_that_can_be_the_news_day_is_taken_and_flagged():
    reading = read(
        [
            "Договор от 16 июля 2001 года остаётся основой отношений.",
            "Программа действует до 31 декабря 2025 г., а план рассчитан на 1 мая 2027 года.",
            "Встреча прошла в Минске 3 марта 2025 года, сообщили в министерстве.",
        ]
    )
    assert (reading.date, reading.notes) == (D(2025, 3, 3), [dates.NOTE_FIRST_IN_TEXT])


def test_dates_deep_in_the_text_are_not_the_article_date():
    reading = read(["Первый абзац.", "Второй.", "Третий.", "Встреча прошла 3 марта 2025 года."])
    assert reading.date is None


# --- The year a date omits -------------------------------------------------------------------


def test_the_year_comes_from_the_url_first():
    reading = read(
        ["Минск, 3 марта (БЕЛТА) – Министр связи провёл переговоры."],
        "https://www.belta.by/society/view/ministr-provel-peregovory-725834-2023/",
        context=DateContext(year=2025, today=TODAY),
    )
    assert (reading.date, reading.origin) == (D(2023, 3, 3), "dateline")
    assert reading.notes == [dates.NOTE_FROM_DATELINE, dates.NOTE_YEAR_FROM_URL]


def test_a_url_year_and_month_complete_the_day_the_dateline_gives():
    reading = read(["МИНСК, 31 декабря – Sputnik. Текст."], "https://site.by/2025/01/slug")
    assert reading.date == D(2024, 12, 31)  # published just after midnight, a day later
    assert dates.NOTE_URL_DIFFERS not in reading.notes
    far = read(["МИНСК, 4 ноя – Sputnik. Текст."], "https://site.by/2025/01/slug")
    assert dates.NOTE_URL_DIFFERS in far.notes


def test_a_url_year_and_month_without_a_day_in_the_text_give_no_date():
    reading = read(["Текст без даты."], "https://site.by/2024/07/slug")
    assert (reading.date, reading.notes) == (None, [dates.NOTE_NO_DATE])


def test_the_year_given_for_the_run_comes_next():
    reading = read(["МИНСК, 4 ноя – Sputnik. Текст."], context=DateContext(2024, TODAY))
    assert reading.date == D(2024, 11, 4)
    assert reading.notes == [dates.NOTE_FROM_DATELINE, dates.NOTE_YEAR_FROM_RUN]


def test_without_them_the_year_is_guessed_from_nearby_articles():
    context = DateContext(today=TODAY)
    read(given=D(2023, 10, 30), context=context)
    reading = read(["МИНСК, 4 ноя – Sputnik. Текст."], context=context)
    assert reading.date == D(2023, 11, 4)
    assert reading.notes == [dates.NOTE_FROM_DATELINE, dates.NOTE_YEAR_NEARBY]


def test_the_window_of_nearby_dates_forgets_the_oldest():
    context = DateContext(today=TODAY)
    read(given=D(2019, 11, 3), context=context)
    for _ in range(dates.RECENT_DATES):
        read(given=D(2023, 10, 30), context=context)
    assert read(["МИНСК, 4 ноя – Sputnik."], context=context).date == D(2023, 11, 4)
    context = DateContext(today=TODAY)
    for _ in range(dates.RECENT_DATES - 1):
        read(given=D(2023, 10, 30), context=context)
    read(given=D(2019, 11, 3), context=context)
    assert read(["МИНСК, 4 ноя – Sputnik."], context=context).date == D(2019, 11, 4)


def test_a_year_guessed_from_nearby_articles_is_never_in_the_future():
    context = DateContext(today=TODAY)
    read(given=D(2026, 2, 20), context=context)
    assert read(["МИНСК, 4 ноя – Sputnik."], context=context).date == D(2025, 11, 4)


def test_last_of_all_the_year_is_the_most_recent_such_day_and_never_learnt():
    context = DateContext(today=TODAY)
    for _ in range(2):
        reading = read(["МИНСК, 4 ноя – Sputnik. Текст."], context=context)
        assert reading.date == D(2025, 11, 4)
        assert reading.notes == [dates.NOTE_FROM_DATELINE, dates.NOTE_YEAR_RECENT]


def test_a_day_that_does_not_exist_in_the_year_gives_no_date():
    reading = read(["МИНСК, 29 февраля – Sputnik."], context=DateContext(2025, TODAY))
    assert (reading.date, reading.notes) == (None, [dates.NOTE_IMPOSSIBLE])


# --- Which source wins -----------------------------------------------------------------------


def test_a_given_date_is_used_without_a_note():
    reading = read(
        ["МИНСК, 4 ноя – Sputnik. Текст."], "https://sputnik.by/20251110/a", D(2025, 11, 5)
    )
    assert (reading.date, reading.origin, reading.notes) == (D(2025, 11, 5), "given", [])


def test_a_given_date_the_dateline_contradicts_is_flagged():
    reading = read(["Лид.", "МИНСК, 9 ноя – Sputnik. Текст."], given=D(2025, 11, 4))
    assert (reading.date, reading.notes) == (D(2025, 11, 4), [dates.NOTE_DATELINE_DIFFERS])


@pytest.mark.parametrize(
    "lead",
    [
        "Стороны подписали 9 декабря соглашение о сотрудничестве.",
        "Соглашение о сотрудничестве было подписано 9 декабря в Минске.",
        "The agreement was signed on December 9 in Minsk.",
        "On December 9, the sides adopted a joint statement.",
    ],
)
def test_a_given_date_before_a_signing_the_text_reports_as_done_is_flagged(lead):
    reading = read([lead], given=D(2025, 12, 1))
    assert (reading.date, reading.notes) == (D(2025, 12, 1), [dates.NOTE_SIGNED_LATER])


@pytest.mark.parametrize(
    "lead",
    [
        "Соглашение будет подписано 9 декабря в Минске.",
        "The agreement will be signed on December 9.",
        "Стороны подписали соглашение 28 ноября.",
        "Соглашение, подписанное 9 декабря 2024 года, работает.",
    ],
)
def test_a_planned_or_earlier_signing_leaves_a_given_date_alone(lead):
    assert read([lead], given=D(2025, 12, 1)).notes == []


def test_the_url_wins_over_a_dateline_that_disagrees_and_says_so():
    reading = read(["МИНСК, 1 ноя – Sputnik. Текст."], "https://sputnik.by/20251104/a")
    assert (reading.date, reading.origin) == (D(2025, 11, 4), "url")
    assert reading.notes == [dates.NOTE_FROM_URL, dates.NOTE_DATELINE_DIFFERS]


def test_a_dateline_a_day_from_the_url_agrees_with_it():
    reading = read(["МИНСК, 3 ноя – Sputnik. Текст."], "https://sputnik.by/20251104/a")
    assert reading.notes == [dates.NOTE_FROM_URL]


def test_no_date_anywhere_says_so():
    reading = read(["Текст о Беларуси и Китае.", "Ещё текст."], "https://tass.ru/politika/1234")
    assert (reading.date, reading.notes) == (None, [dates.NOTE_NO_DATE])


@pytest.mark.parametrize(
    ("paragraphs", "url", "origin", "note"),
    [
        (["Текст."], "https://rg.ru/2025/11/04/a.html", "url", dates.NOTE_FROM_URL),
        (["BEIJING, Nov. 4 (Xinhua) -- Text."], None, "dateline", dates.NOTE_FROM_DATELINE),
        (["Минск, 3 марта 2025 г. – БЕЛТА. Текст."], None, "dateline", dates.NOTE_FROM_DATELINE),
        (["4 ноября 2025 г. состоялась встреча."], None, "text", dates.NOTE_FROM_TEXT),
        (["Встреча состоялась 4 ноября 2025 г."], None, "text", dates.NOTE_FIRST_IN_TEXT),
    ],
)
def test_every_date_not_given_is_flagged_with_where_it_came_from(paragraphs, url, origin, note):
    reading = read(paragraphs, url)
    assert (reading.origin, reading.notes[0]) == (origin, note)
    assert set(reading.notes) <= set(dates.NOTES)


def test_signing_dates_are_taken_from_the_verbs_own_sentence():
    text = "Встреча прошла 2 декабря. Меморандум подписали 9 декабря. Он действует до 1 января."
    assert [(d.day, d.month) for d in find_signing_dates(text)] == [(9, 12)]
