"""One page of results as articles ready to show: outlet, tags and snippet, in one statement.

The page's tags come from the row's tag arrays through JSON subqueries in the same
statement, and are put where `article.pairs.all()` (and countries, agreements) look for
prefetched rows, so templates and the API read them without a query each.
"""

import datetime
import functools
import json

from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from archive.models import Agreement, Article, Country, CountryPair
from archive.search import highlight
from archive.search.criteria import Criteria

_COUNTRY = (
    "json_build_object('id', c.id, 'code', c.code, 'name_en', c.name_en, 'name_ru', c.name_ru)"
)
TAG_SUBQUERIES = {
    "countries": (
        f"SELECT coalesce(json_agg({_COUNTRY} ORDER BY c.name_en), '[]') "  # noqa: S608 - ours
        'FROM archive_country AS c WHERE c.id = ANY("archive_article"."country_ids")'
    ),
    # Each pair's two countries by their key: joined, the planner hashed the whole table of
    # countries for every article of a page (0.06 ms each, 1.3 ms a page of twenty).
    "pairs": (
        "SELECT coalesce(json_agg(json_build_object('id', p.id, 'code', p.code, "  # noqa: S608 - ours
        f"'first', (SELECT {_COUNTRY} FROM archive_country AS c WHERE c.id = p.first_id), "
        f"'second', (SELECT {_COUNTRY} FROM archive_country AS c WHERE c.id = p.second_id)"
        ") ORDER BY p.code), '[]') FROM archive_countrypair AS p "
        'WHERE p.id = ANY("archive_article"."pair_ids")'
    ),
    "agreements": (
        "SELECT coalesce(json_agg(json_build_object('id', a.id, 'slug', a.slug, 'kind', a.kind, "
        "'name_en', a.name_en, 'name_ru', a.name_ru, 'signed_on', a.signed_on) "
        "ORDER BY a.signed_on DESC, a.name_en, a.name_ru), '[]') "
        'FROM archive_agreement AS a WHERE a.id = ANY("archive_article"."agreement_ids")'
    ),
}


# The other articles of a result's story, oldest first: what a folded result lists under it.
_VERSIONS = (
    "SELECT coalesce(json_agg(json_build_object('id', v.id, 'title', v.title, 'slug', v.slug, "
    "'published_on', v.published_on, 'language', v.language, 'outlet', o.name) "
    "ORDER BY v.published_on, v.id), '[]') FROM archive_article AS v "
    "LEFT JOIN archive_outlet AS o ON o.id = v.outlet_id "
    'WHERE v.story_id = "archive_article"."story_id" AND v.id <> "archive_article"."id"'
)


def with_versions(queryset):
    """The articles with their story's other versions annotated as JSON (`attach_versions`)."""
    return queryset.annotate(
        versions_json=RawSQL(f"({_VERSIONS})::text", (), output_field=TextField())  # noqa: S611 - ours
    )


def attach_versions(article: Article):
    """`article.versions`: its story's other articles, each with `outlet_name`."""
    article.versions = []
    for data in json.loads(getattr(article, "versions_json", None) or "[]"):
        version = Article(
            id=data["id"],
            title=data["title"],
            slug=data["slug"],
            published_on=datetime.date.fromisoformat(data["published_on"]),
            language=data["language"],
        )
        version.outlet_name = data["outlet"] or ""
        article.versions.append(version)


def with_tags(queryset):
    """The articles with their tags annotated as JSON (see `attach_tags`)."""
    return queryset.annotate(
        **{
            f"{name}_json": RawSQL(f"({sql})::text", (), output_field=TextField())  # noqa: S611 - ours
            for name, sql in TAG_SUBQUERIES.items()
        }
    )


def _country(data) -> Country:
    return Country(
        id=data["id"], code=data["code"], name_en=data["name_en"], name_ru=data["name_ru"]
    )


def _pair(data) -> CountryPair:
    pair = CountryPair(id=data["id"], code=data["code"])
    pair.first, pair.second = _country(data["first"]), _country(data["second"])
    return pair


def _agreement(data) -> Agreement:
    fields = {k: data[k] for k in ("id", "slug", "kind", "name_en", "name_ru")}
    signed = data["signed_on"]
    return Agreement(**fields, signed_on=datetime.date.fromisoformat(signed) if signed else None)


def _prefetched(article, name: str, queryset):
    """Put `queryset` (its rows read) where `article.<name>.all()` returns it without a query."""
    article.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


_BUILDERS = {
    "countries": (Country, _country),
    "pairs": (CountryPair, _pair),
    "agreements": (Agreement, _agreement),
}


@functools.lru_cache(maxsize=4096)
def _tags_of(name: str, text: str):
    """The tags one article's JSON describes, as a queryset whose rows are read. Most articles
    share their list of tags with many others (a pair, its two countries), and a page of
    twenty built each one anew, queryset and all (60 querysets a page); they are only read,
    and the JSON carries every value they hold, so equal text gives one shared queryset."""
    model, build = _BUILDERS[name]
    queryset = model.objects.all()
    queryset._result_cache = [build(data) for data in json.loads(text)]
    queryset._prefetch_done = True
    return queryset


def tags(article: Article, name: str):
    """`article.<name>.all()` ("countries", "pairs", "agreements"), read from what
    `attach_tags` put there without making a related manager (16 µs each: three per result)."""
    held = article.__dict__.get("_prefetched_objects_cache", {}).get(name)
    return held if held is not None else getattr(article, name).all()


def attach_tags(article: Article):
    for name in _BUILDERS:
        _prefetched(article, name, _tags_of(name, getattr(article, f"{name}_json") or "[]"))


def articles_of(queryset, criteria: Criteria) -> list[Article]:
    """The articles of an ordered, sliced queryset, each with its tags and `.snippet`."""
    queryset = with_tags(queryset.select_related("outlet"))
    if criteria.fold:
        queryset = with_versions(queryset)
    if criteria.has_query:
        queryset = highlight.with_snippets(queryset, criteria.parsed, criteria.exact)
    articles = list(queryset)
    for article in articles:
        attach_tags(article)
        attach_versions(article)
    # The marked snippets of the whole page are read in one round trip.
    marked = [a for a in articles if criteria.has_query and getattr(a, "marked_snippet", None)]
    for article, html in zip(marked, highlight.snippets_html(marked), strict=True):
        article.snippet = html
    for article in articles:
        if not hasattr(article, "snippet"):
            article.snippet = plain_snippet(article)
    return articles


def position_in(ids: list[int]) -> RawSQL:
    """An article's position among `ids` (to order by)."""
    return RawSQL('array_position(%s::bigint[], "archive_article"."id")', (list(ids),))  # noqa: S611


def in_order(ids: list[int]):
    """The articles with these ids as a queryset in this order (for lists that page themselves)."""
    return Article.objects.filter(id__in=ids).alias(position=position_in(ids)).order_by("position")


def by_ids(ids: list[int], criteria: Criteria) -> list[Article]:
    """The articles with these ids, in this order, ready to show."""
    found = {a.id: a for a in articles_of(Article.objects.filter(id__in=ids), criteria)}
    return [found[i] for i in ids if i in found]


def plain_snippet(article: Article) -> SafeString:
    """The opening words of the lead (or body), escaped: a result with nothing to mark."""
    return escape(Truncator(article.lead or article.body).words(40))
