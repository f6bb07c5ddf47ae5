"""A search's results as a file: `/search/export.csv` and `/search/export.jsonl`.

They take the search page's parameters, validated by the same form, and list the same
articles in the same order (`archive.exports`). `page` and `page_size` are accepted and
ignored: a file holds the whole list, up to EXPORT_MAX_ROWS articles. A cut file says so in
its name and in the `X-Export-Truncated` header; `X-Export-Rows` gives its number of articles.
A bad parameter gets the search page's message (400), as plain text or as JSON.
"""

from django.http import HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from archive import exports
from archive.db_read import read_alias
from archive.filters import SearchForm
from archive.search import results as search_results
from archive.text import interface_language, slugify_translit
from archive.views.search import NOTHING_TO_SEARCH, TOO_SLOW, nothing_to_search

FORMATS = {
    "csv": ("text/csv; charset=utf-8; header=present", exports.csv_lines),
    "jsonl": ("application/jsonl; charset=utf-8", exports.jsonl_lines),
}
# Words of the query kept in the file's name.
NAME_LENGTH = 40


@require_safe
def search_export(request, fmt: str):
    """The search's results as a CSV or JSON Lines file, streamed."""
    filterset = SearchForm(_without_blanks(request.GET))
    if not filterset.is_valid():
        return _refused(fmt, filterset.named_errors(), 400)
    criteria = filterset.criteria
    if nothing_to_search(criteria):
        return _refused(fmt, [{"name": "q", "label": "", "messages": [NOTHING_TO_SEARCH]}], 400)
    limit = exports.max_rows()
    try:
        # One more than the bound: whether the file is cut is known before it streams.
        ids = search_results.window(criteria, 0, limit + 1)
    except search_results.TooSlow:
        return _refused(fmt, [{"name": "q", "label": "", "messages": [TOO_SLOW]}], 503)
    truncated = len(ids) > limit
    ids = ids[:limit]
    content_type, lines = FORMATS[fmt]
    found = exports.rows(ids, request.build_absolute_uri, read_alias(), interface_language())
    response = StreamingHttpResponse(lines(found), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, file_name(criteria.q, fmt, limit if truncated else None)
    )
    response["X-Export-Rows"] = str(len(ids))
    response["X-Export-Truncated"] = "true" if truncated else "false"
    response["Cache-Control"] = "no-store"
    return response


def file_name(q: str, fmt: str, cut_at: int | None) -> str:
    """concord-search-<words>-<today>[-first-<N>].<fmt>: what and when, readable in a folder."""
    words = slugify_translit(q, NAME_LENGTH) or "all"
    cut = f"-first-{cut_at}" if cut_at else ""
    return f"concord-search-{words}-{timezone.localdate():%Y-%m-%d}{cut}.{fmt}"


def _without_blanks(query: QueryDict) -> QueryDict:
    """The query without the empty fields a form sends (the search page drops them too)."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        values = [v for v in values if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept


def _refused(fmt: str, errors: list[dict], status: int):
    """The search page's messages: JSON for the JSON Lines export, plain text for CSV."""
    if fmt == "jsonl":
        data = {e["name"]: [str(m) for m in e["messages"]] for e in errors}
        return JsonResponse(
            {"errors": data}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    lines = []
    for error in errors:
        label = f"{error['label']} ({error['name']})" if error["label"] else error["name"]
        lines += [f"{label}: {message}" for message in error["messages"]]
    return HttpResponse(
        "\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8"
    )
