"""Concord's development app (label "bench"): the synthetic corpus, the benchmarks and the
load test, with their commands.

It is never part of a served archive: settings install it only when the environment asks
(`CONCORD_DEV_APPS=bench`, as the Makefile's bench and loadtest targets and the test run do),
and every command of it that writes refuses a database whose name does not end in `_bench`.
"""
