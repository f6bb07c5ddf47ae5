"""A `*_bench` database holding a corpus of a given size: made, migrated, filled or reused.

Shared by `manage.py bench` (and through it `manage.py loadtest`). Every function here
writes, so each starts from a connection the guard has let through.
"""

import sys

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor

from archive.dbserver import ensure_database
from archive.models import Article
from archive.page_cache import bump_generation
from tests.bench.guard import require_bench_database
from tests.bench.loadtest.server import database_url
from tests.bench.synthetic.corpus import analyze, generate, synthetic_ordinals, trim_corpus, vacuum


def bench_database_name(database: str | None, suffix: str, current: str | None = None) -> str:
    """The database to work in: `database` if named, else <current>_<suffix> (or the current
    one itself with an empty suffix, or when it already ends so); refused unless `_bench`."""
    current = current or connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    if database:
        name = database
    elif suffix and not current.endswith(f"_{suffix}"):
        name = f"{current}_{suffix}"
    else:
        name = current
    return require_bench_database(name)


def use_database(name: str, create: bool = True) -> None:
    """Point the default connection at `name` (a `*_bench` database), creating it if asked."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    require_bench_database(name)
    if create:
        ensure_database(database_url({**settings_dict, "NAME": name}))
    connection.close()
    settings_dict["NAME"] = name


def migrate() -> bool:
    """Apply any missing migrations; True when some were applied."""
    require_bench_database(connection.settings_dict["NAME"])
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return bool(pending)


def ensure_corpus(size: int, seed: int, workers: int, agreements: int, stderr=sys.stderr) -> str:
    """Make the database hold exactly `size` synthetic articles of `seed`; what was done."""
    require_bench_database(connection.settings_dict["NAME"])
    present, next_ordinal = synthetic_ordinals(seed)
    total = Article.objects.count()
    if present > size and total == present and next_ordinal == present:
        stderr.write(f"Trimming the corpus from {present:,} to {size:,} articles …\n")
        trim_corpus(seed, size)
        analyze()
        bump_generation()
        present = total = next_ordinal = size
    if total != present or next_ordinal != present:
        stderr.write(
            f"The database holds {total:,} articles ({present:,} of seed {seed}); "
            f"starting a fresh corpus of {size:,}.\n"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Article._meta.db_table} CASCADE")
        present = 0
    if present == size:
        return f"reused the existing corpus of {size:,} articles (seed {seed})"
    stderr.write(f"Generating {size - present:,} articles (seed {seed}) …\n")
    report = generate(size - present, seed, workers=workers, stderr=stderr, agreements=agreements)
    # Written with COPY, which no model signal sees: pages stored before are stale.
    bump_generation()
    stderr.write("Vacuuming the new corpus (as autovacuum soon would) …\n")
    vacuum()
    return (
        f"generated {report.created:,} articles (to {size:,}) in {report.seconds:,.0f} s: "
        f"{report.created / report.seconds:,.0f} articles/s, of which index rebuild "
        f"{report.index_seconds:,.0f} s and ANALYZE {report.analyze_seconds:,.0f} s"
    )
