"""Full-text search: query parsing, matching, ranking, facets, highlighting, suggestions.

Every search goes through `archive.search.results.search()` (see docs/search-design.md):
`query` reads the query language, `registry` declares the facets, `matching`, `listing`,
`windows`, `ranking`, `counting` and `facets` find, order and count, `page` reads the shown
articles, `highlight` builds safe highlighted text and snippets, and `suggest` offers a
spelling when nothing matched.
"""

from archive.search.highlight import highlight_text
from archive.search.query import parse

__all__ = ["highlight_text", "parse"]
