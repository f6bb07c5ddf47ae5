"""The addresses readers ask for, and how often: a Zipf-like popularity over many pages.

Requests fall into kinds (home, pair hubs, date archive, articles, searches of each sort, the
API, feeds, other browsing pages) in fixed shares. Within a kind, the addresses are ranked at
random and the one of rank r is asked for in proportion to 1/r^s (s = 1 by default): a few
pages are very popular, and a long tail (most articles, most searches) is asked for once or
never in a run, as on a real site. Everything is drawn from the archive in the database,
reproducibly (one seed).
"""

import bisect
import datetime
import random
import re
from dataclasses import dataclass, field
from itertools import accumulate
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from archive.models import Agreement, Article, CountryPair, Outlet

# Share of all requests per kind (they add up to 100).
SHARES = {
    "home": 8,
    "pair hub": 8,
    "date archive": 10,
    "article": 28,
    "search": 22,
    "api": 12,
    "feed": 6,
    "browse": 6,
}
ARTICLE_ADDRESSES = 20_000
SEARCHES = 4_000
WORD = re.compile(r"^[^\W\d_]{4,}$")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass
class Kind:
    """One kind of request: its addresses, most popular first, and their cumulative weights."""

    name: str
    urls: list[str] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)

    def rank(self, rng: random.Random, exponent: float) -> None:
        rng.shuffle(self.urls)
        self.cumulative = list(
            accumulate(1 / rank**exponent for rank in range(1, len(self.urls) + 1))
        )

    def pick(self, rng: random.Random) -> str:
        return self.urls[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class Traffic:
    """Draws request addresses: first the kind by its share, then the address by popularity."""

    def __init__(self, kinds: dict[str, Kind], seed: int):
        self.kinds = {name: kind for name, kind in kinds.items() if kind.urls}
        self.names = list(self.kinds)
        self.kind_cumulative = list(accumulate(SHARES[name] for name in self.names))
        self.seed = seed

    def sampler(self, client: int):
        """An endless, reproducible stream of (kind, address) for one client."""
        rng = random.Random(self.seed * 1000 + client)
        while True:
            name = self.names[
                bisect.bisect(self.kind_cumulative, rng.random() * self.kind_cumulative[-1])
            ]
            yield name, self.kinds[name].pick(rng)

    def describe(self) -> str:
        return ", ".join(
            f"{name} {SHARES[name]}% ({len(kind.urls):,} addresses)"
            for name, kind in self.kinds.items()
        )


def build(seed: int = 1, exponent: float = 1.0) -> Traffic:
    """Every kind's addresses, read from the archive in the current database."""
    rng = random.Random(seed)
    pairs = list(CountryPair.objects.covered().values_list("code", flat=True))
    agreements = list(
        Agreement.objects.annotate(n=Count("articles")).filter(n__gt=0).values_list("slug", "kind")
    )
    outlets = list(Outlet.objects.values_list("slug", flat=True)[:500])
    days = sorted(set(Article.objects.values_list("published_on", flat=True).distinct()))
    articles = _sample_articles(rng)
    words = _words(articles, rng)
    titles = [title for _, title, _, _ in articles]

    kinds = {name: Kind(name) for name in SHARES}
    kinds["home"].urls = [reverse("archive:home")]
    kinds["pair hub"].urls = [reverse("archive:pair", args=[code]) for code in pairs]
    kinds["pair hub"].urls += [f"{url}?page=2" for url in kinds["pair hub"].urls[:20]]
    months = sorted({(d.year, d.month) for d in days})
    kinds["date archive"].urls = (
        [reverse("archive:archive-index")]
        + [reverse("archive:archive-year", args=[f"{y:04d}"]) for y in {d.year for d in days}]
        + [reverse("archive:archive-month", args=[f"{y:04d}", f"{m:02d}"]) for y, m in months]
        + [
            reverse("archive:archive-day", args=[f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"])
            for d in days
        ]
    )
    kinds["article"].urls = [url for _, _, url, _ in articles]
    kinds["search"].urls = [
        reverse("archive:search") + "?" + urlencode(params)
        for params in _searches(rng, words, titles, pairs, days, agreements)
    ]
    api = reverse("archive:api-articles")
    kinds["api"].urls = [
        f"{api}?{urlencode(params)}"
        for params in _searches(rng, words, titles, pairs, days, agreements, SEARCHES // 4)
    ] + [reverse("archive:api-article", args=[pk]) for pk, _, _, _ in articles[:2000]]
    kinds["feed"].urls = (
        [reverse("archive:feed-latest-atom"), reverse("archive:feed-latest-rss")]
        + [reverse("archive:feed-pair-atom", args=[code]) for code in pairs]
        + [reverse("archive:feed-agreement-rss", args=[slug]) for slug, _ in agreements[:200]]
        + [
            reverse("archive:feed-search-atom") + "?" + urlencode({"q": rng.choice(words)})
            for _ in range(200)
        ]
    )
    kinds["browse"].urls = (
        [reverse("archive:pairs"), reverse("archive:agreements")]
        + [reverse("archive:agreement", args=[slug]) for slug, _ in agreements[:1000]]
        + [reverse("archive:source", args=[slug]) for slug in outlets]
        + sorted({reverse("archive:country", args=[c]) for code in pairs for c in code.split("-")})
    )
    for kind in kinds.values():
        kind.rank(rng, exponent)
    return Traffic(kinds, seed)


def _sample_articles(rng: random.Random) -> list[tuple]:
    """(id, title, address, language) of articles spread over the whole archive."""
    ids = list(Article.objects.values_list("id", flat=True))
    chosen = rng.sample(ids, min(len(ids), ARTICLE_ADDRESSES))
    found = []
    for start in range(0, len(chosen), 5000):
        rows = Article.objects.filter(id__in=chosen[start : start + 5000]).values_list(
            "id", "title", "published_on", "slug", "language"
        )
        for pk, title, day, slug, language in rows:
            url = reverse(
                "archive:article", args=[day.year, f"{day.month:02d}", f"{day.day:02d}", slug]
            )
            found.append((pk, title, url, language))
    found.sort()
    rng.shuffle(found)
    return found


def _words(articles, rng: random.Random) -> list[str]:
    words = sorted(
        {
            word.lower()
            for _, title, _, _ in articles[:3000]
            for word in title.split()
            if WORD.match(word)
        }
    )
    rng.shuffle(words)
    return words or ["memorandum"]


def _misspelt(word: str, rng: random.Random) -> str:
    """The word with two neighbouring letters swapped, as a hurried reader types it."""
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _searches(rng, words, titles, pairs, days, agreements, count=SEARCHES) -> list[dict]:
    """Search parameters of every sort, in equal numbers."""
    russian = [w for w in words if CYRILLIC.search(w)] or words
    kinds = sorted({kind for _, kind in agreements}) or ["memorandum"]
    first, last = (days[0], days[-1]) if days else (None, None)

    def date_range():
        start = rng.choice(days)
        end = min(last, start + datetime.timedelta(days=rng.choice([7, 30, 90, 365])))
        return {"date_from": start.isoformat(), "date_to": end.isoformat()}

    def phrase():
        title = rng.choice(titles).split()
        at = rng.randrange(max(1, len(title) - 2))
        return '"' + " ".join(w.strip("«»\"'.,:;!?()") for w in title[at : at + 3]) + '"'

    makers = [
        lambda: {"q": rng.choice(words)},
        lambda: {"q": f"{rng.choice(words)} {rng.choice(words)}"},
        lambda: {"q": phrase()},
        # A Russian word as it was written in some article, in one of its forms: the search
        # finds its other forms too.
        lambda: {"q": rng.choice(russian)},
        lambda: {"q": rng.choice(words), "pair": rng.choice(pairs)} if pairs else {"q": "x"},
        lambda: {"q": rng.choice(words), **date_range()} if first else {"q": "x"},
        lambda: {"kind": rng.choice(kinds), "pair": rng.choice(pairs)} if pairs else {"q": "x"},
        lambda: {"q": f"{rng.choice(words)} -{rng.choice(words)}"},
        lambda: {"q": _misspelt(rng.choice(words), rng)},
        lambda: {"pair": rng.choice(pairs), "sort": "newest"} if pairs else {"q": "x"},
    ]
    return [makers[i % len(makers)]() for i in range(count)]
