"""The importer's words, in the editor's language.

The importer writes English: its messages go to logs and its review notes are stored with each
article, one per line, so they read the same whatever language an editor uses. The admin shows
them through this table; a note or message it does not know is shown as written.
"""

from django.utils.translation import gettext_lazy as _

from archive.ingest import dates

MESSAGES = {
    # Review notes (archive.ingest.dates.NOTES) and the paste page's own.
    dates.NOTE_FROM_URL: _("date read from the URL"),
    dates.NOTE_FROM_DATELINE: _("date read from the dateline"),
    dates.NOTE_FROM_TEXT: _("date read from the start of a paragraph"),
    dates.NOTE_FIRST_IN_TEXT: _("date is the first one the text mentions"),
    dates.NOTE_YEAR_FROM_URL: _("year taken from the URL"),
    dates.NOTE_YEAR_FROM_RUN: _("year taken from the year given for the import"),
    dates.NOTE_YEAR_NEARBY: _("year guessed from nearby articles"),
    dates.NOTE_YEAR_RECENT: _("year guessed: the most recent such day"),
    dates.NOTE_URL_ORDER: _("day and month in the URL could be either way round"),
    dates.NOTE_URL_DIFFERS: _("the URL gives another month"),
    dates.NOTE_DATELINE_DIFFERS: _("the dateline gives another date"),
    dates.NOTE_SIGNED_LATER: _("the text reports a signing after this date"),
    dates.NOTE_IMPOSSIBLE: _("the day and month do not exist in that year"),
    dates.NOTE_NO_DATE: _("no publication date found"),
    "date marked for review in the file": _("date marked for review in the file"),
    # Reasons the seed-text reader gives for a text it cannot read.
    "empty file": _("the text is empty"),
    "no title found": _("no title found"),
    "no article text found": _("no article text found after the title"),
    "title longer than 500 characters": _("the title is longer than 500 characters"),
}


def translated(message: str) -> str:
    """One note or message in the active language (as written when it is not a known one)."""
    return str(MESSAGES.get(message, message))


def translated_notes(notes: str) -> list[str]:
    """An article's stored review note (one note per line), each line translated."""
    return [translated(line) for line in (notes or "").splitlines() if line.strip()]
