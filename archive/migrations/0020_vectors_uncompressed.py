"""Store the articles' search vectors uncompressed (STORAGE EXTERNAL): a search reads them
far more often than the archive grows.

Every vector the search reads from a row is read whole: ranking (ts_rank) reads each ranked
article's, a phrase re-checks each candidate's word order on it, the exact-form bonus tests
`search_exact`. Compressed (pglz, PostgreSQL's default and the only method some builds
have), each read also decompresses it: at a million articles ts_rank took 32 µs a vector
compressed and 13 uncompressed, reading one 24 against 12. pglz saves little on vectors
(lexemes and positions: 4.0 KB down to 2.9, and about half of them were left uncompressed
anyway): the article table's TOAST grows by about a fifth (989 MB to 1,174 at 100,000
articles).

Only values written from now on are stored so; an archive already filled keeps its older
vectors compressed until their articles are saved again (`VACUUM FULL` copies them as
they are). docs/search-design.md says how to rewrite them all at once.
"""

from django.db import migrations

COLUMNS = ("search_vector", "search_exact")


def _storage(kind: str) -> str:
    columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS)
    return f"ALTER TABLE archive_article {columns}"


class Migration(migrations.Migration):
    dependencies = [("archive", "0019_exact_among")]

    operations = [migrations.RunSQL(_storage("EXTERNAL"), _storage("EXTENDED"))]
