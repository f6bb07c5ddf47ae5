"""What the article page says about where its text came from and whether the source still exists.

The facts are the article's own columns (migration 0010): when the text was captured and its
hash, the last check of the source URL (manage.py check_sources) and an archived copy. A dead
source is marked, never hidden: its link stays, beside the archived copy when one is known.
"""

from urllib.parse import urlsplit

from archive.models import Article, SourceStatus

# Enough of the hash to compare by eye; the whole of it is one click away.
SHORT_HASH = 12


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def facts(article: Article) -> dict:
    """The provenance block's context."""
    status = article.source_status
    final = article.source_final_url if status == SourceStatus.MOVED else None
    return {
        "captured_at": article.captured_at,
        "hash": article.captured_hash or "",
        "short_hash": (article.captured_hash or "")[:SHORT_HASH],
        "edited": article.text_changed_since_capture,
        "checked_at": article.source_checked_at,
        "status": status,
        "status_label": SourceStatus(status).label if status else "",
        "http_status": article.source_http_status,
        "dead": article.source_is_dead,
        "final_url": final,
        "final_host": _host(final),
        "archived_url": article.archived_copy_url,
        "archived_host": _host(article.archived_copy_url),
    }
