"""An article's citation for reference managers: BibTeX, RIS and CSL-JSON.

Built, like the GOST and APA entries, from the plain `Work` of `archive.citation`, so a
citation depends only on its arguments. Each is a newspaper article: the outlet (or the
original's host) is the publication, the original's address the URL, and the archive's own
page a note, so Zotero, Mendeley, JabRef and citeproc read it as the news item it is.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

from archive.citation import Work

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
BIBTEX_LANGUAGES = {"ru": "russian", "en": "english"}
# TeX's special characters, each as text that prints it. One pass, so the backslash of a
# replacement is never escaped again.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))


@dataclass(frozen=True)
class Reference:
    """A work with what a reference manager keeps beside it."""

    work: Work
    key: str  # the citation key: stable, ASCII ("concord123")
    archive_url: str  # the article's absolute address in the archive
    accessed: date
    abstract: str = ""


def _archived(reference: Reference) -> str:
    return f"Concord: {reference.archive_url}"


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: TeX's specials escaped, whitespace collapsed."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group()], " ".join(text.split()))


def _bibtex_url(url: str) -> str:
    # URL fields are read verbatim; only what would end or open the braced value is encoded.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex(reference: Reference) -> str:
    """One @article entry (biblatex's newspaper subtype, which plain BibTeX ignores)."""
    work, day = reference.work, reference.work.published_on
    fields = [
        ("title", bibtex_escape(work.title)),
        ("journal", bibtex_escape(work.site)),
        ("entrysubtype", "newspaper"),
        ("date", day.isoformat()),
        ("year", str(day.year)),
        ("month", BIBTEX_MONTHS[day.month - 1]),
        ("day", str(day.day)),
        ("url", _bibtex_url(work.url)),
        ("urldate", reference.accessed.isoformat()),
        ("language", BIBTEX_LANGUAGES.get(work.language, work.language)),
        ("note", bibtex_escape(_archived(reference))),
    ]
    if reference.abstract:
        fields.append(("abstract", bibtex_escape(reference.abstract)))
    lines = [f"@article{{{reference.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    return "\n".join(lines) + "\n}\n"


def _ris_value(text: str) -> str:
    # A RIS value is one line: a line break would start an unknown tag.
    return " ".join(text.split())


def ris(reference: Reference) -> str:
    """One RIS record of type NEWS (newspaper article), lines ending in CRLF as the format wants."""
    work, day = reference.work, reference.work.published_on
    tags = [
        ("TY", "NEWS"),
        ("TI", work.title),
        ("T2", work.site),
        ("PY", str(day.year)),
        ("DA", f"{day:%Y/%m/%d}/"),
        ("LA", work.language),
        ("UR", work.url),
        ("Y2", f"{reference.accessed:%Y/%m/%d}"),
        ("N1", _archived(reference)),
        ("ID", reference.key),
    ]
    if reference.abstract:
        tags.append(("AB", reference.abstract))
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags]
    return "\r\n".join([*lines, "ER  - ", ""])


def _date_parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(reference: Reference) -> dict:
    """One CSL-JSON item of type article-newspaper."""
    work = reference.work
    item = {
        "id": reference.key,
        "type": "article-newspaper",
        "title": " ".join(work.title.split()),
        "container-title": work.site,
        "issued": _date_parts(work.published_on),
        "accessed": _date_parts(reference.accessed),
        "URL": work.url,
        "language": work.language,
        "note": _archived(reference),
    }
    if reference.abstract:
        item["abstract"] = " ".join(reference.abstract.split())
    return item


def csl_json(reference: Reference) -> str:
    """The CSL-JSON file: a list of items (here one), as citeproc and Zotero read it."""
    return json.dumps([csl_item(reference)], ensure_ascii=False, indent=2) + "\n"
