"""What every search shares, read by each server worker before its first request.

The register of names (its spellings read into word positions: 60 ms at first use), the
facet labels of each interface language, the parser's token types that phrase snippets are
marked by, the planner's word statistics (archive/search/sizes.py `quick`) and its spans of
dates (`planner.date_windows`), and the types psycopg asks the database about are read once
per process and then kept. Read by a worker's first search, they made it 15 statements and
half a second; read here, in gunicorn's `post_worker_init`, no reader waits for them.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

from archive.search import marking, planner, selectivity
from archive.search.criteria import Criteria
from archive.search.guard import TooSlow, guarded
from archive.search.results import search

log = logging.getLogger("concord.search")

# A name in the register, so its spellings are read, and common enough to have facets.
QUERY = "Беларусь"


def warm() -> None:
    """One search per interface language; a database that cannot answer is only logged (the
    worker still starts, and its health check says what is wrong)."""
    try:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                search(Criteria(q=QUERY), size=1)
        with guarded():
            marking.token_types()
            planner.read_word_statistics()
            selectivity.read()
            planner.date_windows()
    except (DatabaseError, TooSlow) as error:
        log.warning("Searches not warmed before the first request: %s", error)
