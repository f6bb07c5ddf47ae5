"""The open-data page, `/open-data/`, and the dump it offers (`archive.open_data`)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from archive import open_data
from archive.open_data import DUMP_NAME


def open_data_page(request):
    """What the dump holds, under which licence, and the latest one (or that none exists yet)."""
    dump = open_data.latest()
    counts = dump.counts if dump else {}
    context = {
        "dump": dump,
        "licence": open_data.LICENCE,
        "attribution": open_data.ATTRIBUTION,
        "files": [
            {"name": name, "description": description, "records": counts.get(name)}
            for name, _kind, description in open_data.FILES
        ],
    }
    response = render(request, "archive/open_data.html", context)
    # The dump is replaced outside the database, which the page cache's key follows: the
    # page is checked each time rather than stored.
    patch_cache_control(response, no_cache=True)
    return response


def dump_file(request):
    """The latest dump as a download; 404 until `manage.py dump_open_data` has made one."""
    dump = open_data.latest()
    if dump is None:
        raise Http404("No open-data dump has been made yet.")
    return FileResponse(dump.path.open("rb"), as_attachment=True, filename=DUMP_NAME)
