"""Bar charts: a proportional time axis, bars that link to their period, names for screen readers."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from archive.charts import (
    LABELS_NARROW,
    LABELS_WIDE,
    Bar,
    bar_chart,
    label_plan,
    month_bars,
    year_bars,
)

D = datetime.date


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the chart module's own output


def columns(svg: ET.Element) -> list[dict]:
    """Each bar's slot, in order: its link (or none), accessible name and role, and position."""
    found = []
    for element in svg:
        if element.tag not in ("a", "g") or element.get("aria-hidden") == "true":
            continue
        hit = element.find("rect[@class='chart-hit']")
        bar = element.find("rect[@class='chart-bar']")
        found.append(
            {
                "href": element.get("href"),
                "role": element.get("role"),
                "name": element.get("aria-label"),
                "tooltip": element.findtext("title"),
                "x": float(hit.get("x").rstrip("%")),
                "width": float(hit.get("width").rstrip("%")),
                "height": float(bar.get("height")),
            }
        )
    return found


def axis_labels(svg: ET.Element) -> list[str]:
    hidden = svg.find("g[@aria-hidden='true']")
    return [
        text.text
        for text in hidden.iter("text")
        if text.get("text-anchor") == "middle"  # the time axis; grid values are anchored "end"
    ]


# --- Building the chart -----------------------------------------------------------------------


def test_year_bars_give_every_year_between_the_first_and_the_last_a_slot():
    bars = year_bars({2014: 3, 2019: 5, 2023: 12}, href=lambda year: f"/y/{year}/")
    assert [bar.label for bar in bars] == [str(year) for year in range(2014, 2024)]
    assert [bar.value for bar in bars] == [3, 0, 0, 0, 0, 5, 0, 0, 0, 12]
    # Only years with articles link: an empty year has no archive page.
    assert [bar.href for bar in bars if bar.href] == ["/y/2014/", "/y/2019/", "/y/2023/"]
    assert year_bars({}) == []


def test_empty_years_are_gaps_of_the_same_width_as_full_ones():
    with translation.override("en"):
        svg = parse_svg(
            bar_chart(year_bars({2014: 3, 2019: 5, 2023: 12}), chart_id="c", title="Years")
        )
    slots = columns(svg)
    assert len(slots) == 10
    width = slots[0]["width"]
    # Equal slots one after another (to the 0.01% the SVG is written with).
    assert all(abs(slot["width"] - width) < 0.02 for slot in slots)
    assert all(abs(b["x"] - a["x"] - width) < 0.02 for a, b in zip(slots, slots[1:], strict=False))
    heights = [slot["height"] for slot in slots]
    assert heights[1:5] == [0, 0, 0, 0] and heights[9] > heights[5] > heights[0] > 0


def test_bars_with_articles_are_links_named_with_period_and_count():
    bars = year_bars({2021: 1, 2023: 12}, href=lambda year: f"/archive/{year}/")
    with translation.override("en"):
        svg = parse_svg(bar_chart(bars, chart_id="c", title="Years"))
    assert [(c["href"], c["role"], c["name"]) for c in columns(svg)] == [
        ("/archive/2021/", None, "2021: 1 article"),
        (None, "img", "2022: 0 articles"),
        ("/archive/2023/", None, "2023: 12 articles"),
    ]
    # The same words show as the pointer's tooltip.
    assert [c["tooltip"] for c in columns(svg)] == [c["name"] for c in columns(svg)]
    # A chart of links is a group, named by its title and described by its summary.
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") == "c-title" and svg.get("aria-describedby") == "c-desc"
    assert svg.findtext("title") == "Years"
    assert svg.findtext("desc") == "13 articles in all; the most, 12 articles, in 2023."


def test_names_and_links_are_escaped():
    bars = [Bar('<b>"x" & y</b>', 2, href="/a?x=1&y=<2>"), Bar("ok", 0)]
    markup = bar_chart(bars, chart_id="c", title="<script>alert(1)</script>")
    assert "<script>" not in markup and "<b>" not in markup
    svg = parse_svg(markup)
    first = columns(svg)[0]
    assert first["href"] == "/a?x=1&y=<2>"
    assert first["name"].startswith('<b>"x" & y</b>: ')
    assert '<b>"x" & y</b>' in axis_labels(svg)


def test_the_chart_keeps_its_type_in_css_pixels_at_any_width():
    """No viewBox: the browser must not scale the labels down with the page."""
    svg = parse_svg(bar_chart(year_bars({2020: 1, 2025: 4}), chart_id="c", title="t"))
    assert svg.get("viewBox") is None
    assert svg.get("width") == "100%" and svg.get("height").isdigit()


def test_long_series_are_labelled_sparsely_and_always_name_the_newest_period():
    bars = year_bars({1986: 1, 2025: 2})
    plan = label_plan(bars)
    wide = [bar.label for bar, shown in zip(bars, plan, strict=True) if shown]
    narrow = [bar.label for bar, shown in zip(bars, plan, strict=True) if shown == "all"]
    assert len(bars) == 40
    assert 4 <= len(narrow) <= LABELS_NARROW and len(narrow) < len(wide) <= LABELS_WIDE
    assert set(narrow) < set(wide)
    assert wide[-1] == narrow[-1] == "2025"
    # Labels fall at even intervals, so the axis reads as a scale.
    years = [int(label) for label in narrow]
    assert len({b - a for a, b in zip(years, years[1:], strict=False)}) == 1


def test_a_short_series_labels_every_bar_on_wide_screens():
    bars = year_bars({2014: 3, 2019: 5, 2023: 12})
    assert all(label_plan(bars))


def test_month_series_always_name_their_years_and_keep_other_labels_clear_of_them():
    with translation.override("en"):
        bars = month_bars({D(2024, 6, 1): 3}, D(2023, 12, 1), D(2025, 11, 1))
        svg = parse_svg(bar_chart(bars, chart_id="c", title="Coverage"))
    plan = label_plan(bars)
    labelled = [i for i, shown in enumerate(plan) if shown == "all"]
    assert plan[1] == plan[13] == "all"  # January 2024 and January 2025, shown as years
    assert "2024" in axis_labels(svg) and "2025" in axis_labels(svg)
    gaps = [b - a for a, b in zip(labelled, labelled[1:], strict=False)]
    assert min(gaps) >= 2, "two labels side by side on a phone would overlap"


# --- The pages --------------------------------------------------------------------------------


@pytest.fixture
def spread(make_article):
    """Articles in 2014, 2019 and 2023 (three that year, two on Belarus–China)."""
    make_article(title="2014", published_on=D(2014, 5, 1), pairs=["BY-CN"])
    make_article(title="2019", published_on=D(2019, 5, 1), pairs=["BY-RU"])
    for day in (1, 2):
        make_article(title=f"2023-{day}", published_on=D(2023, 3, day), pairs=["BY-CN"])
    make_article(title="2023-3", published_on=D(2023, 9, 1), pairs=["BY-RU"])


def chart_svg(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg class="chart-svg" id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id} on the page"
    return parse_svg(match.group(0))


@pytest.mark.django_db
def test_archive_index_draws_every_year_and_links_those_with_articles(client, spread):
    html = client.get("/archive/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    slots = columns(chart_svg(html, "chart-years"))
    assert [slot["name"] for slot in slots] == [
        "2014: 1 article",
        "2015: 0 articles",
        "2016: 0 articles",
        "2017: 0 articles",
        "2018: 0 articles",
        "2019: 1 article",
        "2020: 0 articles",
        "2021: 0 articles",
        "2022: 0 articles",
        "2023: 3 articles",
    ]
    assert [slot["href"] for slot in slots if slot["href"]] == [
        "/archive/2014/",
        "/archive/2019/",
        "/archive/2023/",
    ]
    # The table of the same numbers is still there.
    assert '<details class="chart-data">' in html and "<caption>Articles per year</caption>" in html
    # Every link leads to a page that exists.
    for slot in slots:
        if slot["href"]:
            assert client.get(slot["href"]).status_code == 200


@pytest.mark.django_db
def test_archive_index_bars_keep_the_pair_filter(client, spread):
    html = client.get("/archive/", {"pair": "BY-CN"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    slots = columns(chart_svg(html, "chart-years"))
    assert [slot["href"] for slot in slots if slot["href"]] == [
        "/archive/2014/?pair=BY-CN",
        "/archive/2023/?pair=BY-CN",
    ]
    assert len(slots) == 10


@pytest.mark.django_db
def test_year_page_bars_link_to_their_months(client, spread):
    html = client.get("/archive/2023/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    slots = columns(chart_svg(html, "chart-year"))
    assert len(slots) == 12
    linked = [(slot["href"], slot["name"]) for slot in slots if slot["href"]]
    assert linked == [
        ("/archive/2023/03/", "March: 2 articles"),
        ("/archive/2023/09/", "September: 1 article"),
    ]


@pytest.mark.django_db
def test_pair_hub_chart_names_the_pair_in_words_and_links_its_months(client, spread):
    html = client.get("/pairs/BY-CN/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    svg = compare_svg(html, "chart-pair")
    assert svg.findtext("title") == "Articles per month — Belarus–China"
    # 2014-05 to 2023-03 is under ten years: a point a month, the months with articles linked.
    assert [(a.get("href"), a.get("aria-label")) for a in svg.iter("a")] == [
        (
            "/archive/2014/05/?pair=BY-CN",
            "May 2014, Belarus–China: 1 article, 100.00 % of the archive",
        ),
        (
            "/archive/2023/03/?pair=BY-CN",
            "March 2023, Belarus–China: 2 articles, 100.00 % of the archive",
        ),
    ]
    russian = client.get("/pairs/BY-CN/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Беларусь–Китай" in compare_svg(russian, "chart-pair").findtext("title")


@pytest.mark.django_db
def test_pair_hub_chart_past_ten_years_links_to_year_pages(client, make_article):
    make_article(title="Early", published_on=D(2010, 3, 4), pairs=["BY-CN"])
    make_article(title="Late", published_on=D(2025, 11, 14), pairs=["BY-CN"])
    html = client.get("/pairs/BY-CN/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    svg = compare_svg(html, "chart-pair")
    assert svg.findtext("title") == "Articles per year — Belarus–China"
    assert [a.get("href") for a in svg.iter("a")] == [
        "/archive/2010/?pair=BY-CN",
        "/archive/2025/?pair=BY-CN",
    ]
    # Every year from the first to the last has its point on the line, empty ones too.
    line = svg.find(".//g[@class='compare-line series-0']")
    assert len(line.findall("line")) == 2025 - 2010


def compare_svg(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg class="chart-svg compare-svg" id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id} on the page"
    return parse_svg(match.group(0))
