"""Proposing the event an article reports: several documents signed at one occasion.

An article that says two or more documents were signed within a few days of each other
(«В ходе визита подписаны соглашение о …, меморандум о … и протокол …», or a list after
"the following documents were signed:") reports one event: a visit, summit, forum, talks or
meeting, named by the words the text uses for it. The proposal carries the documents (as
indexes into the article's agreements), the dates, the place the signings name and the
countries that signed; the loader (archive.ingest.event_rows) attaches it to an event already
in the archive or creates one for an editor to confirm. Plain data in, plain data out.
"""

import datetime
import re
from collections import Counter

from archive.ingest.records import AgreementRecord, EventRecord

# Days between signings that still make one event (a state visit runs two or three days),
# and between a proposal and a stored event it joins.
WINDOW = datetime.timedelta(days=3)
MIN_DOCUMENTS = 2

# The words that name each kind of event (stems, in lower case), most specific first: a
# summit holds meetings and a visit holds talks, so the first kind the text names wins.
KIND_WORDS = {
    "summit": r"саммит|summit",
    "forum": r"форум|forum",
    "visit": r"визит|visit",
    "talks": r"переговор|talks\b|negotiations",
    "meeting": r"встреч|заседани|совещани|meeting|session",
}
PRIORITY = list(KIND_WORDS)
# One scan of the lower-cased text finds every kind it names.
KINDS = re.compile("|".join(rf"\b(?P<{kind}>{words})" for kind, words in KIND_WORDS.items()))


def event_kind(paragraphs: list[str]) -> str:
    """The kind of event the text names: the first of KIND_WORDS found, else "other"."""
    found = {match.lastgroup for match in KINDS.finditer("\n".join(paragraphs).lower())}
    return next((kind for kind in PRIORITY if kind in found), "other")


def propose_event(
    paragraphs: list[str],
    agreements: list[AgreementRecord],
    published: datetime.date | None,
    countries: list[str],
) -> EventRecord | None:
    """The event at which the article's documents were signed, if it lists several.

    A list is a sentence or a list of lines naming at least MIN_DOCUMENTS signed documents
    (the largest list counts). A document's date is its signing date, else the article's;
    the event holds every signed document within WINDOW of the list's dates, so «Также
    подписан протокол …» in the next sentence joins it, and a review of signings years
    apart makes none. Its countries are the documents' parties, else the article's own.
    """
    dated = {
        index: agreement.signed_date or published
        for index, agreement in enumerate(agreements)
        if agreement.signed and (agreement.signed_date or published)
    }
    lists: dict[int, list[int]] = {}
    for index in dated:
        for signing in agreements[index].signings:
            lists.setdefault(signing, []).append(index)
    for listed in sorted(lists.values(), key=len, reverse=True):
        days = [dated[index] for index in listed]
        if len(listed) < MIN_DOCUMENTS or max(days) - min(days) > WINDOW:
            continue
        low, high = max(days) - WINDOW, min(days) + WINDOW
        members = sorted(index for index, day in dated.items() if low <= day <= high)
        return _event(paragraphs, [agreements[i] for i in members], members, countries, dated)
    return None


def _event(paragraphs, documents, members, countries, dated) -> EventRecord:
    parties = sorted({code for agreement in documents for code in agreement.parties})
    places = Counter(agreement.signed_place for agreement in documents if agreement.signed_place)
    start, end = min(dated[i] for i in members), max(dated[i] for i in members)
    return EventRecord(
        kind=event_kind(paragraphs),
        start=start,
        end=end if end != start else None,
        place=places.most_common(1)[0][0] if places else "",
        countries=parties if len(parties) >= 2 else sorted(set(countries) | set(parties)),
        agreements=members,
    )
