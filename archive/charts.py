"""Server-rendered SVG bar charts: plain numbers and labels in, a safe SVG string out.

Charts are drawn on the server so they work without JavaScript and print well. The SVG is
inline, so its colours come from the page's stylesheet (light and dark schemes alike), and
every chart is paired with a table of the same numbers, and their links, in the template
(`_browse.html#chart`).
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The drawing area in SVG user units; the SVG scales to the width of its container.
WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT, RIGHT = 20, 28, 36, 8


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


def make_chart(bars: list[Bar], *, chart_id: str, title: str, every: int | None = None) -> Chart:
    """The SVG of `bars` together with its data, for `_browse.html#chart`."""
    return Chart(
        chart_id, title, bars, bar_chart(bars, chart_id=chart_id, title=title, every=every)
    )


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, every: int | None = None
) -> SafeString:
    """An accessible SVG bar chart (role="img", <title>, <desc>) of `bars`, linked where bars have hrefs.

    `every` labels only every n-th bar on the axis, so dense series stay legible; by default
    about twelve labels are shown.
    """
    if not bars:
        return mark_safe("")  # noqa: S308 — an empty string
    top_value = max(bar.value for bar in bars)
    scale_max = _nice_ceiling(top_value)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bars)
    gap = min(slot * 0.2, 6)
    every = every or max(1, math.ceil(len(bars) / 12))

    parts = [
        f'<svg class="chart-svg" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(_summary(bars))}</desc>',
    ]
    # Horizontal grid lines at 0, half and the top of the scale, with their values.
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        value = scale_max * fraction
        value_text = f"{value:g}"
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value_text}</text>"
        )
    for index, bar in enumerate(bars):
        x = LEFT + index * slot + gap / 2
        bar_h = plot_h * bar.value / scale_max if scale_max else 0
        y = TOP + plot_h - bar_h
        tooltip = f"{bar.full_title}: {articles_text(bar.value)}"
        rect = (
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{slot - gap:.1f}" '
            f'height="{bar_h:.1f}"><title>{escape(tooltip)}</title></rect>'
        )
        parts.append(rect)
        if _labelled(bars, index, every):
            parts.append(
                f'<text class="chart-axis" x="{x + (slot - gap) / 2:.1f}" y="{HEIGHT - 10}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped labels only


def _labelled(bars: list[Bar], index: int, every: int) -> bool:
    """Whether bar `index` gets an axis label: years always, others every n-th unless crowding one."""
    if bars[index].major:
        return True
    neighbours = bars[max(index - 1, 0) : index + 2]
    return index % every == 0 and not any(bar.major for bar in neighbours)


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
    month = first.replace(day=1)
    while month <= last:
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
        month = add_months(month, 1)
    return bars


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before, if negative) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


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
