"""Reading an import run from files and directories: seed text (.txt) and JSON Lines."""

from pathlib import Path

from archive.ingest.countries import load_matcher
from archive.ingest.dates import PartialDate, closest_year
from archive.ingest.jsonl import parse_jsonl
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.seedtext import parse_seed_text

SEED_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def collect_files(paths) -> tuple[list[Path], list[ParseError]]:
    """The importable files under `paths` (directories walked in name order) and the paths
    that are neither."""
    files, errors = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SEED_SUFFIXES | JSONL_SUFFIXES
                )
            )
        elif path.is_file():
            if path.suffix.lower() in SEED_SUFFIXES | JSONL_SUFFIXES:
                files.append(path)
            else:
                errors.append(ParseError(str(path), "not a .txt, .jsonl or .ndjson file"))
        else:
            errors.append(ParseError(str(path), "no such file or directory"))
    return files, errors


def read_records(paths, year: int | None = None) -> list:
    """Every record of an import run, in file order: ArticleRecord or ParseError each.

    Dates given without a year and no `year` are guessed from the other records of the run.
    """
    files, results = collect_files(paths)
    matcher = load_matcher()
    for path in files:
        name = str(path)
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with path.open(encoding="utf-8") as handle:
                    results.extend(parse_jsonl(handle, name, matcher=matcher))
            except UnicodeDecodeError:
                results.append(ParseError(name, "not UTF-8 text"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            results.append(ParseError(name, "not UTF-8 text"))
            continue
        try:
            results.append(parse_seed_text(text, name, year, matcher=matcher))
        except ParseError as error:
            results.append(error)
    resolve_guessed_years(results)
    return results


def resolve_guessed_years(records: list):
    """Give each date guessed without a year the year of the run's other dates nearest to it.

    The date stays flagged for review: it is still a guess, only a better one.
    """
    known = [
        r.date for r in records if isinstance(r, ArticleRecord) and r.date and not r.year_guessed
    ]
    if not known:
        return
    for record in records:
        if isinstance(record, ArticleRecord) and record.year_guessed:
            partial = PartialDate(record.date.day, record.date.month)
            record.date = closest_year(partial, known) or record.date
