"""What the search benchmark asks for, drawn from the corpus in the database, reproducibly.

Word frequencies are document frequencies read from the articles' own search vectors (every
article below SAMPLE_ROWS, else a repeatable sample), never the generator's vocabulary ranks:
the bench measures whatever corpus the database holds. Bands are shares of the archive, named
after their size at a million articles. A rare word is then counted as the search counts it,
with every form the search reads it as: «заработок» is in 1,900 articles as «заработк» but
the search finds 4,200 (its other stem, «заработок», too), and «дну» 68,000 (every case of
«дно»); such words are middle or common words, whatever their one stem says.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection

from archive.models import Article
from archive.search import query as syntax

SEARCH_CONFIGS = {"ru": "russian", "en": "english"}
# Share of the archive's articles a word matches: common from 50,000 in a million, middle
# 5,000–50,000, rare 200–2,000 (the outside measurement's rare words).
BANDS = {"common": (0.05, 1.0), "middle": (0.005, 0.05), "rare": (0.0002, 0.002)}
SAMPLE_ROWS = 20_000
PAIR_FILTER_TOP = 8
BROWSE_TOP = 30
RARE_CANDIDATES = 400


@dataclass
class Pools:
    """Everything queries are drawn from: words per language and band, pairs, years, ids."""

    size: int
    languages: dict[str, float]
    words: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    pairs: list[str] = field(default_factory=list)
    pair_articles: dict[str, int] = field(default_factory=dict)
    years: tuple[int, int] = (2000, 2026)
    articles: list[tuple[int, str]] = field(default_factory=list)

    def describe(self) -> str:
        counts = ", ".join(
            f"{band} {sum(len(w[band]) for w in self.words.values()):,}" for band in BANDS
        )
        return (
            f"words per band (both languages): {counts}; {len(self.pairs)} pairs "
            f"(the {PAIR_FILTER_TOP} commonest with a word, any of the {BROWSE_TOP} to browse); "
            f"years {self.years[0]}–{self.years[1]}; {len(self.articles):,} articles to "
            "cut phrases from and to fetch"
        )


def _sample_clause(size: int, seed: int) -> str:
    """A TABLESAMPLE clause holding about SAMPLE_ROWS articles, or nothing for a small archive."""
    if size <= SAMPLE_ROWS:
        return ""
    percent = round(100 * SAMPLE_ROWS / size, 4)
    return f"TABLESAMPLE BERNOULLI ({percent}) REPEATABLE ({int(seed)})"


def _stem_frequencies(language: str, sample: str) -> list[tuple[str, str, int]]:
    """(commonest word form, stem, articles of the sample holding the stem) per stem."""
    config = SEARCH_CONFIGS[language]
    rows = f"SELECT {{}} FROM archive_article {sample} WHERE language = ''{language}''"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH forms AS (
                SELECT word, ndoc FROM ts_stat('{rows.format("search_exact")}')
                WHERE length(word) >= 3 AND word ~ '^[[:alpha:]]+$'
            ), stems AS (
                SELECT word AS stem, ndoc FROM ts_stat('{rows.format("search_vector")}')
            ), formed AS (
                SELECT f.word, (tsvector_to_array(to_tsvector(%s::regconfig, f.word)))[1] AS stem,
                       f.ndoc
                FROM forms f
                WHERE length(to_tsvector(%s::regconfig, f.word)) = 1
            )
            SELECT DISTINCT ON (s.stem) f.word, s.stem, s.ndoc
            FROM formed f JOIN stems s ON s.stem = f.stem
            ORDER BY s.stem, f.ndoc DESC, f.word
            """,  # noqa: S608 -- our own numbers and names
            [config, config],
        )
        return cursor.fetchall()


def _matches(word: str) -> int:
    """How many articles the search finds for `word`: every form and spelling it reads the
    word as (archive/search/query.py), not the one stem the sample counted."""
    parsed = syntax.parse(word)
    syntax.prepare(parsed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM archive_article WHERE search_vector @@ %s::tsquery",
            [syntax.tsquery_text(parsed)],
        )
        return cursor.fetchone()[0]


def _words(language: str, size: int, sampled: int, sample: str, rng) -> dict[str, list[str]]:
    """The word forms of each band, sorted; rare ones checked against what the search finds."""
    bands = {band: [] for band in BANDS}
    rare_candidates = []
    for word, _stem, ndoc in _stem_frequencies(language, sample):
        share = ndoc / sampled
        for band, (low, high) in BANDS.items():
            if band == "rare":
                # A sample of 20,000 sees a rare word a few times: wide net, then the count.
                if (low / 3 <= share <= high * 2) if sample else (low <= share <= high):
                    rare_candidates.append(word)
            elif low <= share <= high:
                bands[band].append(word)
    rng.shuffle(rare_candidates)
    low, high = BANDS["rare"]
    for word in sorted(rare_candidates[:RARE_CANDIDATES]):
        if low * size <= _matches(word) <= high * size:
            bands["rare"].append(word)
    return {band: sorted(words) for band, words in bands.items()}


def _pairs() -> dict[str, int]:
    """The BROWSE_TOP pairs with the most articles, commonest first, with their articles."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.code, count(*) FROM archive_article_pairs l JOIN archive_countrypair p
              ON p.id = l.countrypair_id
            GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT %s
            """,
            [BROWSE_TOP],
        )
        return dict(cursor.fetchall())


def build(seed: int) -> Pools:
    """Read the pools from the corpus in the database (the same seed, the same pools)."""
    rng = random.Random(f"pools:{seed}")
    size = Article.objects.count()
    sample = _sample_clause(size, seed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT language, count(*) FROM archive_article {sample} GROUP BY language"  # noqa: S608
        )
        sampled_by_language = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT id, language FROM archive_article {sample} ORDER BY id"  # noqa: S608
        )
        articles = cursor.fetchall()
        cursor.execute("SELECT min(published_on), max(published_on) FROM archive_article")
        first, last = cursor.fetchone()
    sampled = sum(sampled_by_language.values())
    pair_articles = _pairs()
    pools = Pools(
        size=size,
        languages={
            language: sampled_by_language.get(language, 0) / (sampled or 1)
            for language in SEARCH_CONFIGS
        },
        pairs=list(pair_articles),
        pair_articles=pair_articles,
        years=(first.year, last.year) if first else (2000, datetime.date.today().year),
        articles=articles,
    )
    for language in SEARCH_CONFIGS:
        pools.words[language] = _words(language, size, sampled, sample, rng)
    return pools
