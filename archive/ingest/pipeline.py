"""From raw items to records: each reader, then what every record needs the same way.

`parse_item` turns one item (a JSON line, a seed text file, a saved web page) into an
ArticleRecord or a ParseError. `complete` is the part they share: the date (given, or read
from the URL, the dateline or the text, and flagged), and the language, countries, pairs and
agreements the record did not give. `import_items` runs a whole import: chunks of items
parsed and written by worker processes, each with its own database connection.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from archive.ingest.countries import CountryMatcher, load_matcher
from archive.ingest.dates import DATELINE_PARAGRAPHS, DateContext, parse_dateline, read_date
from archive.ingest.detect import analyse
from archive.ingest.events import propose_event
from archive.ingest.files import Item
from archive.ingest.html import decode_html, parse_html
from archive.ingest.jsonl import parse_json_article
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.seedtext import parse_seed_text

AHEAD = 2  # chunks waiting per worker: enough to keep it busy, few enough to stay small


@dataclass
class ParseContext:
    """What parsing needs across an import run: the country forms and the date context."""

    matcher: CountryMatcher
    dates: DateContext = field(default_factory=DateContext)

    @classmethod
    def for_run(cls, year: int | None = None) -> "ParseContext":
        return cls(load_matcher(), DateContext(year=year))


def parse_item(item: Item | ParseError, context: ParseContext) -> ArticleRecord | ParseError:
    """One item read into a record, or the ParseError that says why it cannot be."""
    if isinstance(item, ParseError):
        return item
    try:
        if item.kind == "jsonl":
            return parse_json_article(item.data, item.origin, context)
        if item.kind == "seed":
            try:
                text = item.data.decode("utf-8-sig")
            except UnicodeDecodeError:
                return ParseError(item.origin, "not UTF-8 text")
            return parse_seed_text(text, item.origin, context=context)
        record = parse_html(decode_html(item.data), item.origin)
        return complete(record, context, given_date=record.date is not None)
    except ParseError as error:
        return error
    except (ValueError, RecursionError) as error:  # a reader's bug must cost one record only
        return ParseError(item.origin, f"could not be read: {error}")


def _subject(record: ArticleRecord, paragraphs: list[str]) -> list[str]:
    """The title, lead and paragraphs without their dateline, whose city is where the outlet
    sits, not what the article is about (the dateline's outlet is kept as the source)."""
    subject = [record.title, *([record.lead] if record.lead else [])]
    for index, paragraph in enumerate(paragraphs):
        dateline = parse_dateline(paragraph) if index < DATELINE_PARAGRAPHS else None
        if dateline:
            record.source = record.source or dateline.outlet or None
            paragraph = paragraph[dateline.end :]
        subject.append(paragraph)
    return subject


def complete(
    record: ArticleRecord,
    context: ParseContext,
    *,
    given_date: bool,
    check_date: bool = True,
    propose: Iterable[str] = ("countries", "pairs", "agreements"),
    before: Iterable[str] = (),
    require_date: bool = True,
) -> ArticleRecord:
    """Fill in the date and what the record leaves to the importer; ParseError without a date.

    `given_date`: the record's date was given (JSON `date`, a seed date line, page metadata)
    and is only checked against the text — unless `check_date` is off (the record says
    itself whether its date needs review). `propose`: the tags the record did not give.
    `before`: lines standing before the text that may carry its date (a seed file's header).
    Without `require_date` (the paste page, where the editor types it) a record with no
    date anywhere comes back with none, flagged, instead of raising.
    """
    paragraphs = [p for p in record.body.split("\n\n") if p.strip()]
    after_title = [*before, *([record.lead] if record.lead else []), *paragraphs]
    reading = read_date(
        given=record.date if given_date else None,
        url=record.source_url,
        paragraphs=after_title,
        context=context.dates,
    )
    if reading.date is None and require_date:
        raise ParseError(record.origin, reading.notes[0] if reading.notes else "no date found")
    record.date = reading.date
    if not given_date:
        record.date_origin = reading.origin
    if check_date or not given_date:
        for note in reading.notes:
            record.flag_date(note)

    subject = _subject(record, paragraphs)
    propose = set(propose)
    if record.language is None or propose:
        proposal = analyse([s for s in subject if s], context.matcher)
        record.language = record.language or proposal.language
        if "countries" in propose:
            record.countries = sorted(proposal.countries)
        if "pairs" in propose:
            if "countries" in propose:
                record.pairs = proposal.pairs
            elif len(record.countries) == 2:
                record.pairs = ["-".join(sorted(record.countries))]
        if "agreements" in propose:
            record.agreements = proposal.agreements
            # Several documents signed at one occasion: the event, for an editor to confirm.
            record.event = propose_event(
                [s for s in subject if s], record.agreements, record.date, record.countries
            )
    if record.language is None:
        raise ParseError(record.origin, "cannot tell the language")
    return record


# --- an import run, in worker processes --------------------------------------------------------

_worker: dict = {}


def _start_worker(context: ParseContext, batch_size: int):
    from archive.ingest.loader import Loader

    # Each worker writes through its own connection: the parent's was closed before the fork.
    _worker["context"] = context
    _worker["loader"] = Loader(batch_size=batch_size, matcher=context.matcher)


def _import_chunk(items: list):
    context, loader = _worker["context"], _worker["loader"]
    return loader.load(parse_item(item, context) for item in items)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def import_items(
    items: Iterable, context: ParseContext, *, workers: int, batch_size: int, progress=None
):
    """Parse and store every item; the LoadReport of the whole run.

    With one worker everything happens here. With more, each forked worker parses a chunk of
    `batch_size` items and writes it through its own database connection, so reading,
    analysing and PostgreSQL's work on the text all run on every core; at most AHEAD chunks
    per worker wait, so memory stays flat. The caller closes Django's connections before: a
    forked child must not share the parent's. `progress(records, input_bytes)` is called as
    chunks finish.
    """
    from archive.ingest.loader import Loader, LoadReport

    report = LoadReport()
    items = iter(items)
    if workers <= 1:
        loader = Loader(batch_size=batch_size, matcher=context.matcher)
        for chunk in iter(lambda: list(islice(items, batch_size)), []):
            loader.load((parse_item(item, context) for item in chunk), report)
            if progress:
                progress(len(chunk), sum(getattr(item, "size", 0) for item in chunk))
        return report
    pool = multiprocessing.get_context("fork").Pool(
        workers, initializer=_start_worker, initargs=(context, batch_size)
    )
    try:
        pending: deque = deque()

        def submit() -> bool:
            chunk = list(islice(items, batch_size))
            if chunk:
                size = sum(getattr(item, "size", 0) for item in chunk)
                pending.append((pool.apply_async(_import_chunk, (chunk,)), len(chunk), size))
            return bool(chunk)

        while len(pending) < workers * AHEAD and submit():
            pass
        while pending:
            result, count, size = pending.popleft()
            report.merge(result.get())
            submit()
            if progress:
                progress(count, size)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    return report
