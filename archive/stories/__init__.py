"""Grouping articles into stories: reprints of one text, and its versions in the other language.

`group_articles(ids)` places the given articles (the importer calls it once per batch it
wrote; `manage.py group_stories` over a date range or the whole archive):

- **Reprints** (`sketches`, `candidates`): the same language, within WINDOW_DAYS, and a
  near-identical opening text. Candidates come from a MinHash sketch through a GIN index and
  are scored with pg_trgm's similarity() on the normalised opening, in one statement a batch.
- **Translations** (`candidates`, `names`): the other language, within WINDOW_DAYS, a shared
  country pair and a shared agreement, or strongly overlapping names of the register;
  proposed with a score, for an editor to confirm or split in the admin.

An article already in a story, or one an editor confirmed (in a story or kept out of any),
is never moved: rerunning changes nothing, and an editor's split stands.
"""

from archive.stories.grouping import GroupReport, group_articles

__all__ = ["GroupReport", "group_articles"]
