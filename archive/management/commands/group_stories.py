"""manage.py group_stories [--since DATE] [--all]: group articles into stories."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.page_cache import bump_generation
from archive.stories import GroupReport, group_articles
from archive.stories.scope import batches, count, dissolve_lone_stories, selection


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Group articles into stories: reprints of one text and its versions in the other "
        "language. By default the articles never grouped yet; --since DATE those published "
        "since that day; --all every article. Articles already in a story, and editors' "
        "decisions, are never changed: a rerun changes nothing."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--since", metavar="DATE", help="Articles published on or after DATE.")
        scope.add_argument("--all", action="store_true", dest="everything", help="Every article.")
        parser.add_argument("--no-progress", action="store_true", help="Print no progress.")

    def handle(self, *args, since=None, everything=False, **options):
        where, params = selection(since=_day(since) if since else None, everything=everything)
        total = count(where, params)
        report = GroupReport()
        with tqdm(
            total=total,
            unit=" articles",
            file=self.stderr._out,
            disable=options["no_progress"] or None,
        ) as bar:
            for ids in batches(where, params):
                report.merge(group_articles(ids))
                bar.update(len(ids))
        dissolved = dissolve_lone_stories()
        if report.placed or dissolved:
            bump_generation()
        self.stdout.write(f"{report.summary()}, lone stories removed {dissolved}")
