"""Stories: the articles that report one event, across outlets, reprints and languages.

An article belongs to at most one story (`Article.story`), and its row says how it joined
(`story_role`, `story_similarity`, `story_confirmed`). The grouping itself is in
`archive.stories`; this module holds the data and the read side that pages and search use:

- `stories_of(article_ids)`: for a list of article ids (a page of search results), the story
  of each that has one and every story's versions, in ONE query. Search folds a result list
  with it: show each story once, under its representative, with the other versions beneath.
- `StoryVersions.representative`: the story's earliest original (the first article that was
  not joined as a reprint or translation), else its earliest article.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    """Articles reporting the same event: reprints of one text, its translations, editors' picks."""

    label = models.CharField(
        _("label"),
        max_length=300,
        blank=True,
        help_text=_("Optional: a name for the event. Without one the earliest article's title."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        if self.label:
            return self.label
        first = self.representative()
        return first.title if first else _("Story %(id)s") % {"id": self.pk}

    def representative(self):
        """The story's earliest original (see `REPRESENTATIVE_ORDER`), or None when empty."""
        return self.articles.order_by(*REPRESENTATIVE_ORDER).first()


class StoryRole(models.TextChoices):
    """How an article came into its story."""

    ORIGINAL = "original", _("original")
    REPRINT = "reprint", _("reprint")
    TRANSLATION = "translation", _("translation")
    RELATED = "related", _("related")


# The representative of a story: originals first, then the earliest, then the lowest id.
# `Article.story_role != 'original'` sorts False (an original) first.
REPRESENTATIVE_ORDER = (
    models.Case(
        models.When(story_role=StoryRole.ORIGINAL, then=0),
        default=1,
        output_field=models.IntegerField(),
    ),
    "published_on",
    "id",
)


class StorySketch(models.Model):
    """An article's MinHash sketch and names, kept beside the article rather than on it.

    The grouping writes one row per article it has read; candidates for "the same text" are
    the articles of the same language within the date window that share a sketch value, found
    through the GIN index. Kept in a table of its own so that writing it never makes a second
    version of the (wide, heavily indexed) article row. See `archive.stories.sketches`.
    """

    article = models.OneToOneField(
        "archive.Article", models.CASCADE, primary_key=True, related_name="+"
    )
    published_on = models.DateField()
    language = models.CharField(max_length=2)
    sketch = ArrayField(models.IntegerField(), default=list)
    # The register's names (not countries) the article contains, read once when it is
    # grouped, so the versions in the other language compare names without re-reading text.
    name_ids = ArrayField(models.IntegerField(), default=list)

    class Meta:
        verbose_name = _("story sketch")
        verbose_name_plural = _("story sketches")
        indexes = [
            # Without the pending list: each batch's look-ups follow its own inserts at once,
            # and a search through a long pending list cost a millisecond per article.
            GinIndex(fields=["sketch"], name="story_sketch_gin", fastupdate=False),
            models.Index(fields=["published_on"], name="story_sketch_day"),
        ]

    def __str__(self):
        return f"sketch of article {self.article_id}"


@dataclass
class Version:
    """One article of a story, as a list of versions shows it."""

    id: int
    published_on: object
    language: str
    role: str
    outlet_id: int | None


@dataclass
class StoryVersions:
    """A story's articles, representative first; see `stories_of`."""

    story_id: int
    versions: list[Version] = field(default_factory=list)

    @property
    def representative(self) -> int:
        return self.versions[0].id


def stories_of(article_ids) -> tuple[dict[int, int], dict[int, StoryVersions]]:
    """(article id → story id, story id → StoryVersions) for the given articles, in one query.

    Articles without a story are absent from the first mapping. Every version of each story
    is listed, also those not among `article_ids`, representative first (the earliest
    original), so search can fold a page of results: one entry per story, under its
    representative, with the others as its versions.
    """
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return {}, {}
    from archive.db_read import reading  # the replica this request reads from, if any

    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT a.story_id, a.id, a.published_on, a.language, a.story_role, a.outlet_id, "
            "a.id = ANY(%s) FROM archive_article a WHERE a.story_id IN ("
            "SELECT story_id FROM archive_article WHERE id = ANY(%s) AND story_id IS NOT NULL) "
            "ORDER BY a.story_id, a.story_role <> 'original', a.published_on, a.id",
            [ids, ids],
        )
        rows = cursor.fetchall()
    story_of, stories = {}, {}
    for story_id, pk, day, language, role, outlet_id, asked in rows:
        stories.setdefault(story_id, StoryVersions(story_id)).versions.append(
            Version(pk, day, language, role, outlet_id)
        )
        if asked:
            story_of[pk] = story_id
    return story_of, stories
