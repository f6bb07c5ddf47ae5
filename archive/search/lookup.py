"""Several small look-ups in one round trip: each part yields rows of (kind, JSON payload).

What a request names — the words of its query (their tokens, exact forms and stems) and its
tag values (pairs, countries, outlets, agreements, kinds) — is read before the search in one
statement rather than one or more a part.
"""

import json
from dataclasses import dataclass

from archive.db_read import reading


@dataclass(frozen=True)
class Part:
    """One look-up: SQL selecting (kind text, payload jsonb) rows, and its parameters."""

    sql: str
    params: tuple
    # Read only along with another part: never a statement of its own (what can wait for the
    # next request that reads something anyway).
    rider: bool = False


def read(parts: list[Part]) -> dict[str, list]:
    """Every part's payloads, by kind, from one statement (none when there are no parts, or
    riders alone)."""
    parts = [part for part in parts if part is not None]
    found: dict[str, list] = {}
    if all(part.rider for part in parts):
        return found
    sql = " UNION ALL ".join(f"({part.sql})" for part in parts)
    params = [param for part in parts for param in part.params]
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        for kind, payload in cursor.fetchall():
            found.setdefault(kind, []).append(
                json.loads(payload) if isinstance(payload, str) else payload
            )
    return found
