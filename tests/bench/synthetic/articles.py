"""One synthetic article from its ordinal: the same seed and ordinal always give the same article.

Each article has its own random generator seeded from (seed, ordinal), so the corpus does not
depend on batch sizes, worker counts, or whether it was generated in one run or several.
Words are drawn in bulk with `random.choices` over cumulative weights; the per-sentence work
(capital letter, commas, full stop) is kept small because a million articles hold about
400 million words.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass
from itertools import accumulate

from archive.ingest.urls import url_key
from archive.text import slugify_translit
from tests.bench.synthetic.reference import Reference
from tests.bench.synthetic.vocabulary import Vocabulary

FIRST_DAY = datetime.date(2000, 1, 1)
# A fixed last day keeps the corpus the same whenever it is generated.
LAST_DAY = datetime.date(2026, 10, 31)
RUSSIAN_SHARE = 0.7
MIN_WORDS, MAX_WORDS = 150, 900
# Coverage grows about 12% a year, so 2025 has some 17 times the articles of 2000.
YEARLY_GROWTH = 1.12
CONNECTORS = {"ru": "и", "en": "and"}


@dataclass
class SyntheticArticle:
    """An article row in COPY column order plus its many-to-many ids."""

    row: tuple
    country_ids: list[int]
    pair_ids: list[int]
    agreement_ids: list[int]


ARTICLE_COLUMNS = (
    "id",
    "title",
    "slug",
    "lead",
    "body",
    "published_on",
    "date_needs_review",
    "date_origin",
    "review_note",
    "language",
    "source_url",
    "url_key",
    "outlet_id",
    "content_hash",
    "created_at",
    "updated_at",
    # The tag ids the link tables also get, sorted as the link-table triggers would write
    # them: the triggers then find every row already right and rewrite none.
    "pair_ids",
    "country_ids",
    "agreement_ids",
    "story_id",
    "story_role",
)

# Three articles in every thirty are one story (a wire text and two reprints), so searches
# have stories to fold as they would in the archive: 100,000 articles in 33,334 stories at a
# million. Story numbers follow ordinals: `story_number(ordinal)` is the story's id.
STORY_SPAN, STORY_SIZE = 30, 3


def story_number(ordinal: int) -> int | None:
    """The story (its id) of the article with this ordinal, or None."""
    return ordinal // STORY_SPAN + 1 if ordinal % STORY_SPAN < STORY_SIZE else None


def _content_hash(title: str, body: str) -> str:
    """`archive.models.content_hash` for text whose only white space is single spaces and
    blank lines between paragraphs: the same digest without a regular expression per article."""
    text = f"{title} {body.replace(chr(10) * 2, ' ')}".lower().replace("ё", "е")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _day_weights():
    days = range(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1)
    weights = (YEARLY_GROWTH ** (datetime.date.fromordinal(d).year - 2000) for d in days)
    return list(days), list(accumulate(weights))


class ArticleMaker:
    """Turns ordinals into articles for one seed, vocabulary and set of reference data."""

    def __init__(self, seed: int, vocabularies: dict[str, Vocabulary], reference: Reference):
        self.seed = seed
        self.vocabularies = vocabularies
        self.reference = reference
        self.days, self.day_cum_weights = _day_weights()
        self.loaded_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)

    def source_url(self, domain: str, ordinal: int) -> str:
        """Synthetic URLs carry the seed and ordinal, so a later run can tell where to resume."""
        return f"https://{domain}/synthetic/{self.seed}/{ordinal}"

    @staticmethod
    def _sentence(rng, words: list[str]) -> str:
        """Words made into a sentence: capital first letter, maybe a comma, a full stop."""
        if len(words) > 8 and rng.random() < 0.45:
            comma = rng.randrange(2, len(words) - 2)
            words[comma] += ","
        first = words[0]
        words[0] = first[:1].upper() + first[1:]
        return " ".join(words) + ("." if rng.random() < 0.95 else "?")

    def _tags(self, rng) -> tuple[list, list[int], list[tuple]]:
        """The article's pairs (the first is its main one), countries and cited agreements."""
        ref = self.reference
        pair_count = rng.choices((1, 2, 3), cum_weights=(70, 92, 100))[0]
        pairs = []
        for pair in rng.choices(ref.pairs, cum_weights=ref.pair_cum_weights, k=pair_count):
            if pair not in pairs:
                pairs.append(pair)
        countries = []
        for pair in pairs:
            for country_id in pair.country_ids:
                if country_id not in countries:
                    countries.append(country_id)
        if rng.random() < 0.1:
            extra = rng.choice(ref.country_ids)
            if extra not in countries:
                countries.append(extra)
        main = pairs[0]
        agreements = []
        if main.agreements and rng.random() < 0.4:
            k = 2 if rng.random() < 0.2 else 1
            for cited in rng.choices(main.agreements, cum_weights=main.agreement_cum_weights, k=k):
                if cited not in agreements:
                    agreements.append(cited)
        return pairs, countries, agreements

    def _body(self, rng, vocabulary: Vocabulary, names: list[str]) -> str:
        """Paragraphs of sentences, the pair's countries named now and then."""
        target = MIN_WORDS + int((MAX_WORDS - MIN_WORDS) * rng.betavariate(1.3, 4.2))
        words = vocabulary.draw(rng, target)
        paragraphs, sentences, start = [], [], 0
        while start < target:
            length = rng.randint(6, 24)
            sentence = words[start : start + length]
            start += length
            if len(sentence) < 3:
                break
            if rng.random() < 0.08:
                sentence[rng.randrange(len(sentence))] = rng.choice(names)
            sentences.append(self._sentence(rng, sentence))
            if len(sentences) >= 5 or rng.random() < 0.25:
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    @staticmethod
    def _story(ordinal: int) -> tuple:
        """(story_id, story_role): the first of a story's articles is its original."""
        story = story_number(ordinal)
        if story is None:
            return (None, "")
        return (story, "original" if ordinal % STORY_SPAN == 0 else "reprint")

    def make(self, ordinal: int, article_id: int) -> SyntheticArticle:
        """The article with this ordinal, stored under `article_id`."""
        rng = random.Random(f"{self.seed}:{ordinal}")
        language = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        vocabulary = self.vocabularies[language]

        pairs, countries, agreements = self._tags(rng)
        main = pairs[0]

        names = main.names_ru if language == "ru" else main.names_en
        if rng.random() < 0.5:
            names = names[::-1]
        countries_phrase = f"{names[0]} {CONNECTORS[language]} {names[1]}"
        title = f"{countries_phrase} {' '.join(vocabulary.draw(rng, rng.randint(4, 9)))}"

        if agreements:
            name = agreements[0][1] if language == "ru" else agreements[0][2]
            mention = f"«{name}»" if language == "ru" else f"“{name}”"
        else:
            mention = countries_phrase
        lead_words = vocabulary.draw(rng, rng.randint(14, 30))
        lead_words.insert(rng.randrange(2, len(lead_words)), mention)
        lead = self._sentence(rng, lead_words)

        body = self._body(rng, vocabulary, names)

        day = rng.choices(self.days, cum_weights=self.day_cum_weights)[0]
        outlet_id, domain = rng.choices(
            self.reference.outlets[language],
            cum_weights=self.reference.outlet_cum_weights[language],
        )[0]
        row = (
            article_id,
            title,
            slugify_translit(title, max_length=90) or "article",
            lead,
            body,
            datetime.date.fromordinal(day),
            False,
            "given",
            "",
            language,
            self.source_url(domain, ordinal),
            url_key(self.source_url(domain, ordinal)),
            outlet_id,
            _content_hash(title, body),
            self.loaded_at,
            self.loaded_at,
        )
        pair_ids = [p.id for p in pairs]
        agreement_ids = [a[0] for a in agreements]
        return SyntheticArticle(
            row=row
            + (sorted(pair_ids), sorted(countries), sorted(agreement_ids))
            + self._story(ordinal),
            country_ids=countries,
            pair_ids=pair_ids,
            agreement_ids=agreement_ids,
        )
