"""`manage.py generate_news PATH --count N`: news-shaped JSON Lines to try the importer on."""

from django.core.management.base import BaseCommand, CommandError

from tests.bench.synthetic.news import write_news


class Command(BaseCommand):
    help = (
        "Write COUNT news-shaped records as JSON Lines (see tests.bench.synthetic.news): with "
        "--given, each carries its date, language, countries, pairs and agreements."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--given", action="store_true", help="give every tag, as an export does"
        )

    def handle(self, *args, path, count, seed, given, **options):
        if count < 1:
            raise CommandError("--count must be positive.")
        size = write_news(path, count, seed=seed, given=given)
        self.stdout.write(f"{count:,} records, {size / 2**20:,.1f} MB, in {path}")
