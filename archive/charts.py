"""Server-rendered SVG bar charts: plain numbers and labels in, a safe SVG string out.

Charts are drawn on the server so they work without JavaScript and print well. The SVG is
inline, so its colours come from the page's stylesheet (light and dark schemes alike), and
every chart is paired with a table of the same numbers, and their links, in the template
(`_browse.html#chart`).

The time axis is proportional: callers give one bar per period from the first to the last
(`month_bars`, `year_bars`), empty ones included, so a quiet stretch shows as a gap. The SVG
has no viewBox: heights and type are in CSS pixels and widths in percent, so the bars stretch
to the page while the labels keep their size on a phone. A bar with articles is a link to its
period, named for screen readers ("2023: 12 articles"); axis text is hidden from them, since
every bar says its own period and count.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Vertical layout in CSS pixels (the stylesheet sets the axis type, 13px).
HEIGHT = 200
TOP, BOTTOM = 10, 26
# Horizontal layout in percent of the chart's width; the left gutter holds the grid values.
RIGHT_PCT = 1.0
# At most this many axis labels: on a phone (about 340px of plot) and on wider screens. The
# narrow set is a subset of the wide one; the others carry `chart-axis-wide`, hidden on phones.
LABELS_NARROW, LABELS_WIDE = 8, 16


@dataclass(frozen=True)
class Bar:
    """One bar: a short axis label, its value, a full label for the table, and an optional link."""

    label: str
    value: int
    title: str = ""
    href: str = ""
    # A bar that starts a new year: always labelled, so a long series still shows its years.
    major: bool = False

    @property
    def full_title(self) -> str:
        return self.title or self.label

    @property
    def accessible_name(self) -> str:
        """The bar's name for screen readers: "2023: 12 articles" / «2023: 12 статей»."""
        return ngettext(
            "%(period)s: %(counter)s article", "%(period)s: %(counter)s articles", self.value
        ) % {"period": self.full_title, "counter": self.value}


def articles_text(count: int) -> str:
    """«5 статей» / "5 articles" in the active language."""
    return ngettext("%(counter)s article", "%(counter)s articles", count) % {"counter": count}


@dataclass(frozen=True)
class Chart:
    """A chart as the template partial draws it: the SVG and the same numbers for a table."""

    chart_id: str
    title: str
    bars: list[Bar]
    svg: SafeString


def make_chart(bars: list[Bar], *, chart_id: str, title: str) -> Chart:
    """The SVG of `bars` together with its data, for `_browse.html#chart`."""
    return Chart(chart_id, title, bars, bar_chart(bars, chart_id=chart_id, title=title))


def bar_chart(bars: list[Bar], *, chart_id: str, title: str) -> SafeString:
    """An SVG bar chart of `bars`, one slot per bar, named by its <title> and <desc>.

    Bars with an href are links named "period: n articles"; bars without one (empty periods,
    whose archive pages do not exist) are images with the same kind of name.
    """
    if not bars:
        return mark_safe("")  # noqa: S308 — an empty string
    top_value = max(bar.value for bar in bars)
    scale_max = _nice_ceiling(top_value)
    plot_h = HEIGHT - TOP - BOTTOM
    # Room for the longest grid value ("150") at 13px on a phone's 340px, in percent.
    left = (len(str(scale_max)) * 8 + 6) / 3.4
    slot = (100 - left - RIGHT_PCT) / len(bars)
    gap = slot * 0.2
    cid = escape(chart_id)

    parts = [
        f'<svg class="chart-svg" id="{cid}" width="100%" height="{HEIGHT}" role="group" '
        f'aria-labelledby="{cid}-title" aria-describedby="{cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(_summary(bars))}</desc>',
        *_axes(bars, left, slot, scale_max),
    ]
    for index, bar in enumerate(bars):
        x = left + index * slot
        bar_h = plot_h * bar.value / scale_max if scale_max else 0
        name = escape(bar.accessible_name)
        # The whole column answers the pointer and shows the focus ring: a bar of one article
        # among hundreds is too thin to hit or to see.
        column = (
            f'<rect class="chart-hit" fill="transparent" x="{x:.2f}%" y="{TOP}" '
            f'width="{slot:.2f}%" height="{plot_h}"/>'
            f'<rect class="chart-bar" x="{x + gap / 2:.2f}%" y="{TOP + plot_h - bar_h:.1f}" '
            f'width="{slot - gap:.2f}%" height="{bar_h:.1f}"/><title>{name}</title>'
        )
        if bar.href:
            parts.append(f'<a href="{escape(bar.href)}" aria-label="{name}">{column}</a>')
        else:
            parts.append(f'<g role="img" aria-label="{name}">{column}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped labels only


def _axes(bars: list[Bar], left: float, slot: float, scale_max: int) -> list[str]:
    """The grid with its values and the bars' labels, hidden from screen readers (the chart's
    <desc> and each bar's name say the same)."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = ['<g aria-hidden="true">']
    # Horizontal grid lines at 0, half and the top of the scale, with their values (whole
    # numbers only: nobody writes half an article).
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        value = scale_max * fraction
        parts.append(
            f'<line class="chart-grid" x1="{left:.2f}%" x2="{100 - RIGHT_PCT:.2f}%" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        if value == int(value):
            parts.append(
                f'<text class="chart-axis" x="{left:.2f}%" dx="-4" y="{y + 4:.1f}" '
                f'text-anchor="end">{int(value)}</text>'
            )
    for index, shown in enumerate(label_plan(bars)):
        if shown:
            centre = left + (index + 0.5) * slot
            css = "chart-axis" if shown == "all" else "chart-axis chart-axis-wide"
            parts.append(
                f'<text class="{css}" x="{centre:.2f}%" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(bars[index].label)}</text>'
            )
    parts.append("</g>")
    return parts


def label_plan(bars: list[Bar]) -> list[str]:
    """For each bar: "all" (labelled on every screen), "wide" (not on phones) or "" (none).

    Bars that start a year are always labelled; of the others every n-th is, counted from the
    newest so the latest period is always named, unless it would crowd a year's label.
    """
    count = len(bars)
    wide = max(1, math.ceil(count / LABELS_WIDE))
    # A multiple of the wide step, so what a phone shows is a subset of the wide labels.
    narrow = wide * max(1, math.ceil(math.ceil(count / LABELS_NARROW) / wide))
    majors = [i for i, bar in enumerate(bars) if bar.major]

    def shown(index: int, step: int) -> bool:
        if bars[index].major:
            return True
        if (count - 1 - index) % step:
            return False
        return not any(0 < abs(index - major) < step for major in majors)

    plan = []
    for index in range(count):
        if shown(index, narrow):
            plan.append("all")
        elif shown(index, wide):
            plan.append("wide")
        else:
            plan.append("")
    return plan


def year_bars(counts: dict[int, int], href: Callable[[int], str] | None = None) -> list[Bar]:
    """One bar per year from the first to the last in `counts` (year → articles), gaps as zero.

    `href(year)` gives the link of a year with articles; an empty year has no page to link to.
    """
    if not counts:
        return []
    return [
        Bar(str(year), counts.get(year, 0), href=href(year) if href and counts.get(year) else "")
        for year in range(min(counts), max(counts) + 1)
    ]


def month_bars(
    counts: dict[datetime.date, int],
    first: datetime.date,
    last: datetime.date,
    href=None,
) -> list[Bar]:
    """One bar per calendar month from `first` to `last` inclusive, empty months as zero.

    `counts` maps the first day of a month to its article count; `href(month)` gives a bar's link.
    """
    bars = []
    # Counted by month number, so the month after 9999-12 is never asked for.
    for index in range(_month_index(first), _month_index(last) + 1):
        month = datetime.date(index // 12, index % 12 + 1, 1)
        value = counts.get(month, 0)
        label = date_format(month, "M") if month.month != 1 else date_format(month, "Y")
        bars.append(
            Bar(
                label=label,
                value=value,
                title=date_format(month, "YEAR_MONTH_FORMAT"),
                href=href(month) if href and value else "",
                major=month.month == 1,
            )
        )
    return bars


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before, if negative) the month of `day`,
    held within the calendar (0001-01 to 9999-12) for the articles dated at its ends."""
    index = _month_index(day) + months
    index = min(max(index, _month_index(datetime.date.min)), _month_index(datetime.date.max))
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … at or above `value`, so the grid reads easily."""
    if value <= 0:
        return 1
    magnitude = 10 ** int(math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _summary(bars: list[Bar]) -> str:
    total = sum(bar.value for bar in bars)
    peak = max(bars, key=lambda bar: bar.value)
    if not total:
        return _("No articles in this period.")
    return _("%(total)s in all; the most, %(peak)s, in %(when)s.") % {
        "total": articles_text(total),
        "peak": articles_text(peak.value),
        "when": peak.full_title,
    }
