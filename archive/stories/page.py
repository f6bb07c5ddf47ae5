"""A story's other versions as the article page lists them."""

from dataclasses import dataclass, field

from archive.models import Article


@dataclass
class Versions:
    """The other articles of an article's story: the same language ("also reported by") and
    the other language ("in English" / "in Russian"), each earliest first."""

    same_language: list = field(default_factory=list)
    other_languages: dict = field(default_factory=dict)  # language code → articles

    @property
    def ids(self) -> set[int]:
        return {a.pk for a in self.same_language} | {
            a.pk for each in self.other_languages.values() for a in each
        }

    def __bool__(self):
        return bool(self.same_language or self.other_languages)


def versions_of(article: Article) -> Versions:
    """The other versions of `article`'s story, in one query (none without a story)."""
    versions = Versions()
    if article.story_id is None:
        return versions
    others = (
        Article.objects.filter(story_id=article.story_id)
        .exclude(pk=article.pk)
        .select_related("outlet")
        .only("title", "slug", "published_on", "date_needs_review", "language", "story_role",
              "story_confirmed", "outlet__name", "outlet__slug")
        .order_by("published_on", "id")
    )  # fmt: skip
    for other in others:
        if other.language == article.language:
            versions.same_language.append(other)
        else:
            versions.other_languages.setdefault(other.language, []).append(other)
    return versions
