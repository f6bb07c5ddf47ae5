"""The one rule every writing command of the bench app obeys: only a `*_bench` database.

A synthetic corpus is loaded by dropping indexes, truncating and COPYing: on the archive's
own database that would destroy it. Databases made for benchmarks carry the suffix.
"""

from django.core.management.base import CommandError

SUFFIX = "_bench"


def require_bench_database(name: str) -> str:
    """`name` when it ends in `_bench`; otherwise a CommandError saying why nothing was done."""
    if not name or not name.endswith(SUFFIX):
        raise CommandError(
            f"Refusing to write to database {name!r}: benchmark commands only touch a "
            f"database whose name ends in {SUFFIX!r}."
        )
    return name
