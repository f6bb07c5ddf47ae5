"""Several series on one server-drawn SVG chart: a line per series, a point per period.

The approach of `archive.charts`, for up to four series: no JavaScript, no viewBox (heights in
CSS pixels, widths in percent, so the chart stretches and its type keeps its size), colours
from the stylesheet in both schemes. A series is told apart without colour too: each has its
own dash pattern and its own marker (circle, square, triangle, diamond), shown again in the
legend. Every point with articles is a link into its period, named for screen readers
("March 2024, Belarus–China: 12 articles, 0.42 % of the archive"), and the template puts the
same numbers in a table, one column per series.
"""

import math
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from archive import coverage
from archive.charts import Bar, articles_text, label_plan

HEIGHT = 240
TOP, BOTTOM = 12, 26
RIGHT_PCT = 1.5
# Marker shapes, drawn around (0, 0); a small set for crowded charts.
SHAPES = (
    '<circle r="{r}"/>',
    '<rect x="-{r}" y="-{r}" width="{d}" height="{d}"/>',
    '<path d="M0,-{t} L{r},{r} L-{r},{r}Z"/>',
    '<path d="M0,-{t} L{t},0 L0,{t} L-{t},0Z"/>',
)
# Up to this many periods the markers are full size.
ROOMY = 40


@dataclass(frozen=True)
class Point:
    """One series in one period: its articles, their share of the archive's, its link."""

    count: int
    share: float | None
    href: str
    name: str

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass(frozen=True)
class Line:
    """One series as drawn: its label, its link, and a point per period."""

    label: str
    href: str
    points: list[Point]

    @property
    def total(self) -> int:
        return sum(point.count for point in self.points)


@dataclass(frozen=True)
class Figure:
    """A chart as `_compare.html` draws it: the SVG, its legend and the same numbers."""

    chart_id: str
    title: str
    granularity: str
    measure: str
    axis: list[Bar]
    lines: list[Line]
    totals: list[int]
    svg: SafeString

    def rows(self) -> list[dict]:
        """One row per period for the table: its name, each series' cell, the archive's total."""
        return [
            {
                "title": period.full_title,
                "cells": [line.points[i] for line in self.lines],
                "total": self.totals[i],
            }
            for i, period in enumerate(self.axis)
        ]

    def legend(self) -> list[tuple[int, Line, SafeString]]:
        return [(k, line, legend_sample(k)) for k, line in enumerate(self.lines)]


def percent(value: float | None, digits: int = 2) -> str:
    """A share as a percentage in the reader's notation: "0.42 %", «0,42 %»."""
    if value is None:
        return "–"
    return f"{number_format(100 * value, decimal_pos=digits)} %"


def build(counted, spans, granularity, measure, *, chart_id, title) -> Figure:
    """The figure of counted series over `spans` (coverage.Period), in "count" or "share"."""
    totals = coverage.sums(counted.totals, spans, granularity)
    axis = _axis(spans, granularity)
    lines = []
    for series, months in zip(counted.series, counted.months, strict=True):
        counts = coverage.sums(months, spans, granularity)
        points = []
        for i, (period, n) in enumerate(zip(spans, counts, strict=True)):
            part = coverage.share(n, totals[i])
            # The period first: a month's name starts its sentence (capitalised in Russian).
            name = _("%(period)s, %(series)s: %(articles)s, %(share)s of the archive") % {
                "series": series.label,
                "period": axis[i].full_title,
                "articles": articles_text(n),
                "share": percent(part),
            }
            href = series.period_url(period.first, period.last, granularity == "year") if n else ""
            points.append(Point(n, part, href, name))
        lines.append(Line(series.label, series.home_url, points))
    svg = draw(axis, lines, measure, chart_id=chart_id, title=title)
    return Figure(chart_id, title, granularity, measure, axis, lines, totals, svg)


def _axis(spans, granularity) -> list[Bar]:
    if granularity == "year":
        return [Bar(str(p.first.year), 0) for p in spans]
    return [
        Bar(
            label=date_format(p.first, "Y" if p.first.month == 1 else "M"),
            value=0,
            title=date_format(p.first, "YEAR_MONTH_FORMAT"),
            major=p.first.month == 1,
        )
        for p in spans
    ]


def draw(axis: list[Bar], lines: list[Line], measure: str, *, chart_id: str, title: str):
    """The SVG: grid, axis labels, then each series' line and its linked points."""
    if not axis or not lines:
        return mark_safe("")  # noqa: S308 — an empty string
    values = [[_value(p, measure) for p in line.points] for line in lines]
    top = _nice_ceiling(max(max(v) for v in values), measure)
    grid = [_grid_text(top * f, measure, top) for f in (0, 0.5, 1)]
    left = (max(len(text) for text in grid) * 8 + 8) / 3.4
    slot = (100 - left - RIGHT_PCT) / len(axis)
    cid = escape(chart_id)
    parts = [
        f'<svg class="chart-svg compare-svg" id="{cid}" width="100%" height="{HEIGHT}" '
        f'role="group" aria-labelledby="{cid}-title" aria-describedby="{cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(_summary(lines))}</desc>',
        _defs(cid, len(lines), roomy=len(axis) <= ROOMY),
        *_grid(axis, grid, left, slot),
    ]
    for k, (line, series_values) in enumerate(zip(lines, values, strict=True)):
        parts.extend(_series(cid, k, line, series_values, top, left, slot))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped labels only


def _value(point: Point, measure: str) -> float:
    return 100 * (point.share or 0) if measure == "share" else point.count


def _y(value: float, top: float) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (1 - (value / top if top else 0))


def _defs(cid: str, count: int, roomy: bool) -> str:
    r = 4.5 if roomy else 3
    shapes = "".join(
        f'<g id="{cid}-m{k}">' + SHAPES[k].format(r=r, d=2 * r, t=round(r * 1.25, 2)) + "</g>"
        for k in range(count)
    )
    return f"<defs>{shapes}</defs>"


def _grid(axis: list[Bar], grid: list[str], left: float, slot: float) -> list[str]:
    """Grid lines with their values and the periods' labels, hidden from screen readers."""
    parts = ['<g aria-hidden="true">']
    tops = [HEIGHT - BOTTOM, (HEIGHT - BOTTOM + TOP) / 2, TOP]
    for y, text in zip(tops, grid, strict=True):
        parts.append(
            f'<line class="chart-grid" x1="{left:.2f}%" x2="{100 - RIGHT_PCT:.2f}%" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        if text:
            parts.append(
                f'<text class="chart-axis" x="{left:.2f}%" dx="-4" y="{y + 4:.1f}" '
                f'text-anchor="end">{escape(text)}</text>'
            )
    for index, shown in enumerate(label_plan(axis)):
        if shown:
            css = "chart-axis" if shown == "all" else "chart-axis chart-axis-wide"
            parts.append(
                f'<text class="{css}" x="{left + (index + 0.5) * slot:.2f}%" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(axis[index].label)}</text>'
            )
    parts.append("</g>")
    return parts


def _series(cid, k, line: Line, values, top, left, slot) -> list[str]:
    """One series: its line (hidden from screen readers) and a link for each point with articles."""
    xs = [left + (i + 0.5) * slot for i in range(len(values))]
    ys = [_y(v, top) for v in values]
    segments = "".join(
        f'<line x1="{xs[i]:.2f}%" y1="{ys[i]:.1f}" x2="{xs[i + 1]:.2f}%" y2="{ys[i + 1]:.1f}"/>'
        for i in range(len(values) - 1)
    )
    parts = [f'<g class="compare-line series-{k}" aria-hidden="true">{segments}</g>']
    parts.append(f'<g class="compare-points series-{k}">')
    for x, y, point in zip(xs, ys, line.points, strict=True):
        if not point.count:
            continue
        name = escape(point.name)
        mark = (
            f'<circle class="chart-hit" fill="transparent" cx="{x:.2f}%" cy="{y:.1f}" r="11"/>'
            f'<use class="compare-marker" href="#{cid}-m{k}" x="{x:.2f}%" y="{y:.1f}"/>'
            f"<title>{name}</title>"
        )
        if point.href:
            parts.append(f'<a href="{escape(point.href)}" aria-label="{name}">{mark}</a>')
        else:
            parts.append(f'<g role="img" aria-label="{name}">{mark}</g>')
    parts.append("</g>")
    return parts


def legend_sample(k: int) -> SafeString:
    """A short stretch of series `k`'s line with its marker, for the legend (decorative)."""
    shape = SHAPES[k].format(r=4.5, d=9, t=5.63)
    return mark_safe(  # noqa: S308 — constants only
        f'<svg class="compare-sample" width="40" height="16" aria-hidden="true" focusable="false">'
        f'<g class="compare-line series-{k}"><line x1="2" y1="8" x2="38" y2="8"/></g>'
        f'<g class="compare-points series-{k}" transform="translate(20 8)">{shape}</g></svg>'
    )


def _nice_ceiling(value: float, measure: str) -> float:
    """The smallest of …, 0.1, 0.2, 0.5, 1, 2, 5, 10 … at or above `value` (whole numbers of
    articles: at least 1)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    if measure == "count":
        magnitude = max(1, magnitude)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude * (1 + 1e-9):
            return step * magnitude
    return 10 * magnitude


def _grid_text(value: float, measure: str, top: float) -> str:
    if measure == "share":
        # As many decimals as half the scale needs: 0.25 %, 1 %, 2.5 %.
        half = f"{top / 2:.10f}".rstrip("0").rstrip(".")
        digits = len(half.partition(".")[2])
        return f"{number_format(value, decimal_pos=digits)} %"
    # Whole numbers only: nobody writes half an article.
    return str(int(value)) if value == int(value) else ""


def _summary(lines: list[Line]) -> str:
    return "; ".join(
        _("%(series)s: %(articles)s in all")
        % {"series": line.label, "articles": articles_text(line.total)}
        for line in lines
    )
