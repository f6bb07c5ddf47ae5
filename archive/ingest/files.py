"""Reading an import run from files and directories, one item at a time.

Nothing is read ahead: a JSON Lines file gives one item per line as it is read, a seed text or
a saved web page one item per file, so memory stays flat however large the run. Each JSON
line is decoded on its own, so one undecodable line is one bad record, never the rest of the
file; a byte-order mark is accepted.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.records import ParseError

SEED_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
READABLE = SEED_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
BOM = b"\xef\xbb\xbf"


@dataclass
class Item:
    """One record's raw material: what kind of reader takes it, where it came from, its text."""

    kind: str  # "jsonl", "seed" or "html"
    origin: str  # "file.jsonl:12" or "file.txt"
    data: str | bytes  # a decoded JSON line; a seed file's or web page's bytes
    size: int  # bytes of input it stands for, for progress


@dataclass
class Run:
    """The files of an import run, and what was left out and why."""

    files: list[Path]
    skipped: list[tuple[str, str]]  # (path, reason): files the importer does not read
    missing: list[ParseError]  # paths given that are not there

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def collect_files(paths) -> Run:
    """The importable files under `paths` (directories walked in name order)."""
    files, skipped, missing = [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if found.name.startswith("."):
                    continue
                if found.suffix.lower() in READABLE:
                    files.append(found)
                else:
                    skipped.append((str(found), _not_read(found)))
        elif path.is_file():
            if path.suffix.lower() in READABLE:
                files.append(path)
            else:
                skipped.append((str(path), _not_read(path)))
        else:
            missing.append(ParseError(str(path), "no such file or directory"))
    return Run(files, skipped, missing)


def _not_read(path: Path) -> str:
    return (
        f"skipped: {path.suffix or 'a file without a suffix'} is not a format the importer reads "
        "(.jsonl, .ndjson, .txt, .html, .htm)"
    )


def iter_items(files: list[Path]) -> Iterator[Item | ParseError]:
    """Every record's raw material, in file order; a line that is not UTF-8 is a ParseError."""
    for path in files:
        suffix = path.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_items(path)
            else:
                data = path.read_bytes()
                yield Item(
                    "seed" if suffix in SEED_SUFFIXES else "html", str(path), data, len(data)
                )
        except OSError as error:
            yield ParseError(str(path), f"cannot be read: {error.strerror or error}")


def _jsonl_items(path: Path) -> Iterator[Item | ParseError]:
    name = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            size = len(raw)
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            if not raw.strip():
                continue
            origin = f"{name}:{number}"
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield ParseError(origin, f"not UTF-8 (byte {error.start + 1} of the line)")
                continue
            yield Item("jsonl", origin, text, size)
