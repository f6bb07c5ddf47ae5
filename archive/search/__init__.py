"""Full-text search: query parsing, matching, ranking, facets, highlighting, suggestions.

`archive.search.query` reads the query language, `engine` filters, orders and counts,
`facets` counts facet values, `highlight` builds safe highlighted text and snippets,
`suggest` offers a spelling when nothing matched.
"""

from archive.search.highlight import highlight_text
from archive.search.query import parse

__all__ = ["highlight_text", "parse"]
