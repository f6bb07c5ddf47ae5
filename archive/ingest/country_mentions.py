"""What a text says about countries (how often each is named, where first, whether in the
title, which compound pairs it writes) and the pairs an article is therefore about.

`archive.ingest.countries` finds the mentions; this module only weighs them.
"""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Mentions:
    """What a text says about countries: how often each is named, where first, whether in the
    title, and the explicit compound pairs with how often each is written."""

    counts: Counter = field(default_factory=Counter)
    first_seen: dict = field(default_factory=dict)
    compound_pairs: list[str] = field(default_factory=list)
    pair_counts: Counter = field(default_factory=Counter)
    in_title: set = field(default_factory=set)

    def ranked(self) -> list[str]:
        """Codes, most mentioned first; ties go to the country named first."""
        return sorted(self.counts, key=lambda code: (-self.counts[code], self.first_seen[code]))

    def leading_pairs(self) -> list[str]:
        """Compound pairs the text is about: written most often, at least twice, or in the
        title; most often written first. A single «российско-китайских» in passing in a long
        article on Belarus and China is not one of them."""
        if not self.pair_counts:
            return []
        top = max(self.pair_counts.values())
        return sorted(
            (
                pair
                for pair in self.compound_pairs
                if self.pair_counts[pair] == top
                or self.pair_counts[pair] >= 2
                or set(pair.split("-")) <= self.in_title
            ),
            key=lambda pair: -self.pair_counts[pair],
        )

    def covered(self) -> list[str]:
        """The countries the text is about, most important first: those its title names,
        then the most named.

        A country is covered when the title names it, when it is part of a leading compound
        pair, or when the text names it often: twice and at least half as often as the country
        it names most, or three times and at least a quarter as often. A country named once in
        passing, or twice as the backdrop of a longer story («обстановка на Украине», "US
        sanctions"), is not.
        """
        top = max(self.counts.values(), default=0)
        in_pairs = {code for pair in self.leading_pairs() for code in pair.split("-")}
        chosen = [
            code
            for code, count in self.counts.items()
            if code in self.in_title
            or code in in_pairs
            or (count >= 2 and count * 2 >= top)
            or (count >= 3 and count * 4 >= top)
        ]
        return sorted(
            chosen,
            key=lambda code: (code not in self.in_title, -self.counts[code], self.first_seen[code]),
        )


def propose_pairs(mentions: Mentions) -> list[str]:
    """The pairs an article is about: its leading explicit compound pairs if it has any,
    otherwise the two countries it covers most; with the pair of the title's two countries
    when compounds name another pair."""
    covered = mentions.covered()
    pairs = mentions.leading_pairs()
    title = [code for code in covered if code in mentions.in_title][:2]
    if len(title) == 2 and "-".join(sorted(title)) not in pairs and pairs:
        pairs.append("-".join(sorted(title)))
    if pairs:
        return pairs
    if len(covered) < 2:
        return []
    return ["-".join(sorted(covered[:2]))]
