"""The search benchmark's Markdown table: one row per kind and endpoint, each against its target."""

import math

from tests.bench.search.queries import MAX_STATEMENTS

ENDPOINTS = {"api": "API", "html": "page"}


def _ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def verdict(measurement) -> str:
    """ "met", or what was missed: the p95, the statements, answers that were not full."""
    missed = []
    if not measurement.percentile(0.95) <= measurement.kind.target(measurement.endpoint):
        missed.append("p95")
    if not measurement.statements or max(measurement.statements) > MAX_STATEMENTS:
        missed.append("statements")
    if measurement.failures:
        missed.append(f"{len(measurement.failures)} failed")
    return "met" if not missed else "MISSED: " + ", ".join(missed)


def table(measurements) -> str:
    """kind | endpoint | n | p50 | p95 | max | statements (median, max) | target | met."""
    lines = [
        "| kind | endpoint | n | p50 ms | p95 ms | max ms | SQL statements (median / max) "
        "| target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for m in measurements:
        statements = f"{m.median_statements():g} / {max(m.statements)}" if m.statements else "–"
        target = f"p95 ≤ {m.kind.target(m.endpoint)} ms, ≤ {MAX_STATEMENTS} statements"
        lines.append(
            f"| {m.kind.name} | {ENDPOINTS[m.endpoint]} | {len(m.milliseconds)} "
            f"| {_ms(m.percentile(0.5))} | {_ms(m.percentile(0.95))} | {_ms(m.percentile(1.0))} "
            f"| {statements} | {target} | {verdict(m)} |"
        )
    return "\n".join(lines)
