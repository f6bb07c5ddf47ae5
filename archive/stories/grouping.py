"""Placing a batch of articles into stories, in one transaction and a few statements.

Each article without a story (and not kept out of stories by an editor) joins the story of
its best match: a reprint of the same text first, else a version in the other language. A
match without a story starts one with it as the original. Articles in a story are never
moved, so a rerun finds nothing to do, and an editor's decisions stand. The earliest article
of a story is its original: an import of older articles after newer ones turns the roles
round (unless an editor confirmed them).
"""

import itertools
from dataclasses import dataclass

from django.db import connection, transaction

from archive.models import Story, StoryRole
from archive.stories.candidates import (
    WINDOW_DAYS,
    Member,
    read_articles,
    reprints,
    store_sketches,
    versions,
)
from archive.stories.names import overlap

# One grouping at a time: two import workers placing reprints of one text at once would
# each start a story for it.
ADVISORY_LOCK = 7_411_002
# Names shared by two versions in the two languages when they share no agreement.
NAMES_SHARED = 2
NAMES_JACCARD = 0.5


@dataclass
class GroupReport:
    """What grouping did: articles read, articles placed into stories, stories started."""

    read: int = 0
    placed: int = 0
    started: int = 0

    def merge(self, other: "GroupReport"):
        self.read += other.read
        self.placed += other.placed
        self.started += other.started

    def summary(self) -> str:
        return f"read {self.read}, placed {self.placed}, stories started {self.started}"


def translation_score(article: Member, other: Member) -> float | None:
    """How likely `other` is the article's version in the other language; None if not at all.

    Both share a pair (the candidates do) and either an agreement or at least NAMES_SHARED
    names of the register making NAMES_JACCARD of their names. The score weighs the shared
    agreements and names (0.4 each, as Jaccard indices) and nearness in date (0.2).
    """
    mine, theirs = set(article.agreement_ids), set(other.agreement_ids)
    agreements = len(mine & theirs) / len(mine | theirs) if mine & theirs else 0.0
    shared, names_jaccard = overlap(article.name_ids, other.name_ids)
    if not agreements and not (shared >= NAMES_SHARED and names_jaccard >= NAMES_JACCARD):
        return None
    days = abs((article.published_on - other.published_on).days)
    nearness = 1 - days / (WINDOW_DAYS + 1)
    return round(0.4 * agreements + 0.4 * names_jaccard + 0.2 * nearness, 3)


def group_articles(article_ids) -> GroupReport:
    """Place the given articles into stories (see the module); what was done."""
    ids = sorted({int(pk) for pk in article_ids})
    report = GroupReport()
    if not ids:
        return report
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        members, sketches = read_articles(ids)
        store_sketches(sketches)
        report.read = len(members)
        loose = [m for m in members.values() if m.story_id is None and not m.confirmed]
        if loose:
            changes = _place(loose, _matches(loose))
            _write(changes, report)
    return report


def _matches(loose: list[Member]) -> dict[int, list[tuple]]:
    """Article id → its matches, best first: (role, other member, score)."""
    by_id = {m.id: m for m in loose}
    found: dict[int, list[tuple]] = {}
    for pk, other, score in reprints(list(by_id)):
        found.setdefault(pk, []).append((0, -score, StoryRole.REPRINT, other, score))
    for pk, other in versions(loose):
        score = translation_score(by_id[pk], other)
        if score is not None:
            found.setdefault(pk, []).append((1, -score, StoryRole.TRANSLATION, other, score))
    return {
        pk: [(role, other, score) for *_, role, other, score in sorted(each, key=_order)]
        for pk, each in found.items()
    }


def _order(match: tuple):
    rank, negative_score, _, other, _ = match
    return (rank, negative_score, other.published_on, other.id)


def _place(loose: list[Member], matches: dict) -> dict[int, list]:
    """Article id → [story key, role, similarity, member] for every article that changes.

    A story still to be created has a negative key.
    """
    story: dict[int, int] = {}
    changes: dict[int, list] = {}
    new_keys = itertools.count(-1, -1)
    for article in loose:
        if article.id in story:  # already started a story as another's match
            continue
        for role, other, score in matches.get(article.id, ()):
            target = story.get(other.id, other.story_id)
            if target is None:
                if other.confirmed:  # an editor kept it out of any story
                    continue
                target = story[other.id] = next(new_keys)
                changes[other.id] = [target, StoryRole.ORIGINAL, None, other]
            story[article.id] = target
            changes[article.id] = [target, role, score, article]
            break
    _earliest_first(changes)
    return changes


def _earliest_first(changes: dict[int, list]):
    """Make each touched story's earliest article its original (editors' roles kept)."""
    touched = {change[0] for change in changes.values()}
    members: dict[int, list[Member]] = {}
    for change in changes.values():
        members.setdefault(change[0], []).append(change[3])
    existing = [key for key in touched if key > 0]
    if existing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, published_on, language, story_id, story_role, story_confirmed "
                "FROM archive_article WHERE story_id = ANY(%s)",
                [existing],
            )
            for row in cursor.fetchall():
                if row[0] not in changes:
                    members[row[3]].append(Member(*row))
    for key, each in members.items():
        roles = {m.id: (changes[m.id][1] if m.id in changes else m.role) for m in each}
        first = min(each, key=lambda m: (m.published_on, m.id))
        if roles[first.id] == StoryRole.ORIGINAL or first.confirmed:
            continue
        score = changes[first.id][2] if first.id in changes else None
        for member in each:
            if roles[member.id] == StoryRole.ORIGINAL and not member.confirmed:
                role = (
                    StoryRole.REPRINT
                    if member.language == first.language
                    else StoryRole.TRANSLATION
                )
                changes[member.id] = [key, role, score, member]
        changes[first.id] = [key, StoryRole.ORIGINAL, None, first]


def _write(changes: dict[int, list], report: GroupReport):
    """Create the new stories and write every change in one UPDATE."""
    if not changes:
        return
    keys = sorted({change[0] for change in changes.values() if change[0] < 0}, reverse=True)
    created = Story.objects.bulk_create([Story() for _ in keys])
    real = {key: story.pk for key, story in zip(keys, created, strict=True)}
    ids = list(changes)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_article a SET story_id = c.story, story_role = c.role, "
            "story_similarity = c.score "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::float8[]) "
            "AS c(id, story, role, score) WHERE a.id = c.id",
            [
                ids,
                [real.get(changes[pk][0], changes[pk][0]) for pk in ids],
                [str(changes[pk][1]) for pk in ids],
                [changes[pk][2] for pk in ids],
            ],
        )
    report.started += len(keys)
    report.placed += sum(1 for pk in ids if changes[pk][3].story_id is None)
