"""`manage.py generate_articles --count N`: fill a `*_bench` database with a synthetic corpus."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tests.bench.guard import require_bench_database
from tests.bench.synthetic.corpus import generate
from tests.bench.synthetic.reference import AGREEMENT_COUNT, MissingCountries


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic articles (70% Russian, 30% English) with outlets, country "
        "pairs and agreements, loaded by COPY. The same seed always gives the same articles; "
        "a second run with the same seed continues where the first stopped. Only a database "
        "whose name ends in _bench is written to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="articles to add")
        parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
        parser.add_argument("--batch", type=int, default=2000, help="articles per COPY transaction")
        parser.add_argument(
            "--workers", type=int, default=2, help="generating processes (default 2)"
        )
        parser.add_argument(
            "--agreements",
            type=int,
            default=AGREEMENT_COUNT,
            help=f"agreements to create on the seed's first run (default {AGREEMENT_COUNT:,})",
        )
        parser.add_argument(
            "--indexes",
            choices=["auto", "rebuild", "keep"],
            default="auto",
            help="drop and rebuild the article table's secondary indexes around the load "
            "(auto: when adding at least as many rows as there are)",
        )

    def handle(self, *args, count, seed, batch, workers, indexes, agreements, **options):
        require_bench_database(connection.settings_dict["NAME"])
        if count < 1 or batch < 1 or workers < 1:
            raise CommandError("--count, --batch and --workers must be positive.")
        rebuild = {"auto": None, "rebuild": True, "keep": False}[indexes]
        try:
            report = generate(count, seed, batch, workers, rebuild, self.stderr._out, agreements)
        except MissingCountries as error:
            raise CommandError(str(error)) from error
        rate = report.created / report.seconds if report.seconds else 0
        self.stdout.write(
            f"Created {report.created:,} articles (seed {seed}, ordinals "
            f"{report.first_ordinal:,}–{report.first_ordinal + report.created - 1:,}) in "
            f"{report.seconds:,.1f} s ({rate:,.0f}/s)."
        )
        self.stdout.write(
            f"  generating text {report.generate_seconds:,.1f} s and COPY "
            f"{report.copy_seconds:,.1f} s (summed over workers), index rebuild "
            f"{report.index_seconds:,.1f} s, ANALYZE {report.analyze_seconds:,.1f} s."
        )
        if report.rebuilt_indexes:
            self.stdout.write(f"  rebuilt indexes: {', '.join(report.rebuilt_indexes)}")
