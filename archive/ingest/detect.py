"""What the importer proposes for an article: language, countries, pairs, agreements.

One entry point for both parsers and for the editors' paste page, so a pasted article and an
imported file are read the same way.
"""

from dataclasses import dataclass, field

from archive.ingest.agreements import propose_agreements
from archive.ingest.countries import CountryMatcher, load_matcher
from archive.ingest.country_mentions import propose_pairs
from archive.ingest.language import detect_language
from archive.ingest.records import AgreementRecord


@dataclass
class Proposal:
    language: str | None
    countries: list[str] = field(default_factory=list)  # most mentioned first
    pairs: list[str] = field(default_factory=list)
    agreements: list[AgreementRecord] = field(default_factory=list)


def analyse(paragraphs: list[str], matcher: CountryMatcher | None = None) -> Proposal:
    """Propose language, countries, pairs and agreements from an article's own paragraphs.

    `paragraphs` are the title first, then the lead and body. The caller leaves page furniture
    and datelines out: they are not about the article's subject. Countries are those the
    article covers, not every one it names in passing (CountryMatcher's Mentions.covered).
    """
    matcher = matcher or load_matcher()
    text = "\n\n".join(paragraphs)
    mentions = matcher.find(text, title=paragraphs[0] if paragraphs else "")
    countries = mentions.covered()
    pairs = propose_pairs(mentions)
    pair_countries = sorted({code for pair in pairs for code in pair.split("-")})
    return Proposal(
        language=detect_language(text),
        countries=countries,
        pairs=pairs,
        agreements=propose_agreements(paragraphs, pair_countries or countries, matcher=matcher),
    )
