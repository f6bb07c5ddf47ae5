"""Coverage over time, compared: up to four pairs or searches on one chart, and its numbers as
CSV and JSON. The parameters are read in one place, `read_request`, for the page and both
downloads; `figure_context` draws a figure for this page and for a pair's hub."""

import csv
import datetime
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import compare_chart, coverage
from archive.compare_series import MAX_SERIES, Series, compare_url, read_series
from archive.models import CountryPair
from archive.page_cache import generation
from archive.text import interface_language

MEASURES = ("count", "share")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TOO_MANY_MATCHES = gettext_lazy(
    "Too many matches to chart in time: %(series)s. Narrow the search (add a word, a filter or "
    "dates) or set a shorter range."
)
PAIR_CHOICES_SECONDS = 300


@dataclass
class CompareRequest:
    """The validated parameters: the series, the measure and the months, or the errors."""

    series: list[Series] = field(default_factory=list)
    measure: str = "count"
    start: datetime.date | None = None
    end: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.series]

    def params(self, **changed) -> dict:
        """The parameters besides the series, as an address repeats them (defaults left out)."""
        values = {
            "measure": self.measure if self.measure != "count" else "",
            "from": month_text(self.start) if self.start else "",
            "to": month_text(self.end) if self.end else "",
        }
        values.update(changed)
        return {k: v for k, v in values.items() if v}


def month_text(day: datetime.date) -> str:
    """2024-03 (year 1 as 0001-01: four digits, as the parameters are read)."""
    return f"{day.year:04d}-{day.month:02d}"


def read_request(query) -> CompareRequest:
    """The parameters of the page and its downloads, each bad one with its message."""
    wanted = CompareRequest()
    wanted.series, wanted.errors = read_series(query.getlist("s"))
    measure = (query.get("measure") or "count").strip().lower()
    if measure in MEASURES:
        wanted.measure = measure
    else:
        wanted.errors.append(
            _("“%(value)s” is not a measure; use count or share.") % {"value": measure}
        )
    for name in ("from", "to"):
        raw = (query.get(name) or "").strip()
        if not raw:
            continue
        match = MONTH.match(raw)
        month = int(match.group(2)) if match else 0
        if not match or not 1 <= month <= 12 or int(match.group(1)) < 1:
            wanted.errors.append(_("“%(value)s” is not a month such as 2024-03.") % {"value": raw})
            continue
        day = datetime.date(int(match.group(1)), month, 1)
        setattr(wanted, "start" if name == "from" else "end", day)
    if wanted.start and wanted.end and wanted.start > wanted.end:
        wanted.errors.append(_("The end month is before the start month."))
    return wanted


@dataclass
class Drawn:
    """The counted series, the months they cover and the periods drawn."""

    counted: coverage.Counted
    first: datetime.date | None = None
    last: datetime.date | None = None
    granularity: str = "month"
    spans: list = field(default_factory=list)
    cut: bool = False


def _count(wanted: CompareRequest) -> Drawn:
    end = coverage.month_end(wanted.end) if wanted.end else None
    counted = coverage.count(wanted.series, wanted.start, end)
    first, last, cut = coverage.month_range(counted, wanted.start, wanted.end)
    if first is None:
        return Drawn(counted)
    granularity, spans = coverage.periods(first, last)
    return Drawn(counted, first, last, granularity, spans, cut)


def figure_context(counted, granularity, spans, measure, chart_id, subject="") -> dict:
    """What `_compare.html#figure` needs: the figure, titled with its `subject` if any."""
    if not spans or not counted.series:
        return {"figure": None}
    titles = {
        ("count", "month"): _("Articles per month"),
        ("count", "year"): _("Articles per year"),
        ("share", "month"): _("Share of the archive's articles, per month"),
        ("share", "year"): _("Share of the archive's articles, per year"),
    }
    title = titles[measure, granularity]
    if subject:
        title = _("%(title)s — %(subject)s") % {"title": title, "subject": subject}
    return {
        "figure": compare_chart.build(
            counted, spans, granularity, measure, chart_id=chart_id, title=title
        )
    }


def pair_choices() -> list[tuple[str, str]]:
    """(code, label) of every pair with articles, most covered first, for the add form."""
    key = f"coverage:pairs:{generation()}:{interface_language()}"
    choices = cache.get(key)
    if choices is None:
        language = interface_language()
        choices = [(p.code, p.label(language)) for p in CountryPair.objects.covered()]
        cache.set(key, choices, PAIR_CHOICES_SECONDS)
    return choices


def compare(request):
    """The comparison page; `add_pair`/`add_q` from its form redirect to the address with the
    new series among the `s` parameters, so every comparison has one shareable address."""
    added = [v.strip() for v in request.GET.getlist("add_pair") if v.strip()]
    added += [f"q:{v.strip()}" for v in request.GET.getlist("add_q") if v.strip()]
    if added or "add_pair" in request.GET or "add_q" in request.GET:
        keys = [v for v in request.GET.getlist("s") if v.strip()] + added
        params = {k: request.GET.get(k, "").strip() for k in ("measure", "from", "to")}
        return redirect(compare_url(keys, **params))
    wanted = read_request(request.GET)
    context = {"wanted": wanted, "max_series": MAX_SERIES, "figure": None}
    if wanted.errors:
        context.update(_page_links(wanted))
        return render(request, "archive/compare.html", context, status=400)
    status = 200
    if wanted.series:
        drawn = _count(wanted)
        counted = drawn.counted
        context.update(
            figure_context(counted, drawn.granularity, drawn.spans, wanted.measure, "chart-compare")
        )
        context.update(granularity=drawn.granularity, cut=drawn.cut)
        if counted.too_many:
            context["too_many"] = TOO_MANY_MATCHES % {
                "series": ", ".join(s.label for s in counted.too_many)
            }
            status = 503
    context.update(_page_links(wanted))
    return render(request, "archive/compare.html", context, status=status)


def _page_links(wanted: CompareRequest) -> dict:
    """The addresses around the chart: each measure, each download, each series removed."""
    keys = wanted.keys
    return {
        "pair_choices": [c for c in pair_choices() if c[0] not in keys],
        "measure_links": [
            (m, label, compare_url(keys, **wanted.params(measure=m if m != "count" else "")))
            for m, label in (("count", _("Articles")), ("share", _("Share of the archive")))
        ],
        "csv_url": data_url(keys, wanted, "csv"),
        "json_url": data_url(keys, wanted, "json"),
        "removals": [
            (s, compare_url([k for k in keys if k != s.key], **wanted.params()))
            for s in wanted.series
        ],
        "range_params": wanted.params(**{"from": "", "to": ""}),
        "can_add": len(keys) < MAX_SERIES,
    }


def data_url(keys, wanted: CompareRequest, fmt: str) -> str:
    """The CSV or JSON of the same series and months (both measures are in every file)."""
    address = compare_url(keys, **wanted.params(measure=""))
    return address.replace(reverse("archive:compare"), reverse(f"archive:compare-{fmt}"), 1)


def _data(request):
    """(rows, None) for a download, or (None, error response)."""
    wanted = read_request(request.GET)
    if not wanted.series and not wanted.errors:
        wanted.errors.append(_("Name at least one series: a pair code or q:<words>."))
    if wanted.errors:
        return None, wanted, JsonResponse({"errors": wanted.errors}, status=400)
    drawn = _count(wanted)
    counted = drawn.counted
    if counted.too_many:
        message = TOO_MANY_MATCHES % {"series": ", ".join(s.label for s in counted.too_many)}
        return None, wanted, JsonResponse({"errors": [message]}, status=503)
    return monthly_rows(counted, drawn.first, drawn.last), wanted, None


def monthly_rows(counted, first, last) -> list[dict]:
    """Per series, its points month by month over the chart's range (monthly even when the
    chart is yearly: the finest numbers, for a spreadsheet to sum as it likes)."""
    if first is None:
        return [{"series": s, "points": []} for s in counted.series]
    months = [
        coverage.from_index(i)
        for i in range(coverage.month_index(first), coverage.month_index(last) + 1)
    ]
    out = []
    for series, counts in zip(counted.series, counted.months, strict=True):
        points = []
        for month in months:
            n, total = counts.get(month, 0), counted.totals.get(month, 0)
            points.append((month, n, total, coverage.share(n, total)))
        out.append({"series": series, "points": points})
    return out


def data_csv(request):
    """month,series,count,share: a row per month and series (share as a fraction, empty when
    the archive has no article that month)."""
    rows, _wanted, error = _data(request)
    if error:
        return error
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="concord-coverage.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "series", "count", "share"])
    flat = [
        (month, row["series"].key, n, part) for row in rows for month, n, _t, part in row["points"]
    ]
    for month, key, n, part in sorted(flat, key=lambda r: r[0]):
        writer.writerow([month_text(month), key, n, "" if part is None else f"{part:.6f}"])
    return response


def data_json(request):
    """{"series": [{"key", "kind", "label", "points": [{"month", "count", "share", "archive"}]}]}"""
    rows, _wanted, error = _data(request)
    if error:
        return error
    series = [
        {
            "key": row["series"].key,
            "kind": row["series"].kind,
            "label": row["series"].label,
            "points": [
                {
                    "month": month_text(month),
                    "count": n,
                    "share": None if part is None else round(part, 6),
                    "archive": total,
                }
                for month, n, total, part in row["points"]
            ],
        }
        for row in rows
    ]
    return JsonResponse({"series": series}, json_dumps_params={"ensure_ascii": False})
