"""One result per story: reprints and translations of one report folded under one of them.

Stories group the articles that report one event (archive/stories/). A search shows each
story once, where its first member in the search's order stands (the newest for "newest",
the best scored for relevance), with its other versions listed under it; `fold=off` lists
every article on its own. Listed matches carry their story (`registry.STORY`), so the count
and every page are folded over the whole list. A match set too large to list is folded
within each page, and its count stays the articles' estimate. Facets count articles.
"""

from archive.search.listing import Listed


def first_of_each_story(ids, story_of: dict[int, int], limit: int | None = None) -> list[int]:
    """The ids in their order, each story kept at its first member only; the first `limit`
    of them when a page needs no more."""
    if not story_of:
        return list(ids[:limit])
    seen, kept = set(), []
    for pk in ids:
        story = story_of.get(pk)
        if story is not None:
            if story in seen:
                continue
            seen.add(story)
        kept.append(pk)
        if limit is not None and len(kept) >= limit:
            break
    return kept


def folded_count(listed: Listed) -> int:
    """How many results the listed matches make once folded."""
    if listed.summary is not None:
        return listed.summary.results
    story_of = listed.story_of
    if not story_of:
        return len(listed.ids)
    stories, alone = set(), 0
    for pk in listed.ids:
        story = story_of.get(pk)
        if story is None:
            alone += 1
        else:
            stories.add(story)
    return alone + len(stories)


def fold_page(articles: list) -> list:
    """A page's articles with each story's later members dropped (the bounded path)."""
    kept = first_of_each_story(
        [a.id for a in articles], {a.id: a.story_id for a in articles if a.story_id}
    )
    wanted = set(kept)
    return [a for a in articles if a.id in wanted]
