"""The benchmark runs end to end and reports every kind of query against its target."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.synthetic.bench import KINDS

pytestmark = pytest.mark.django_db


def test_bench_prints_and_saves_a_table_with_every_query_type(tmp_path):
    out = StringIO()
    call_command(
        "bench",
        sizes=[40],
        queries=3,
        warmup=1,
        workers=1,
        agreements=60,
        database_suffix="",
        output=str(tmp_path),
        stdout=out,
        stderr=StringIO(),
    )
    printed = out.getvalue()
    assert "| query type | p50 ms | p95 ms | SQL queries | target |" in printed
    rows = [line for line in printed.splitlines() if line.startswith("| ") and "ms:" in line]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == [k.name for k in KINDS]
    # Every request answered with count, facets and snippets.
    assert "failed" not in printed
    assert (tmp_path / "40.md").read_text(encoding="utf-8") in printed + "\n"
