"""Events as the loader writes them: each proposal attached to a stored event or a new one.

Only articles that list several signed documents carry a proposal (archive.ingest.events), so
a batch without any costs nothing. A batch with some reads the stored events its proposals
could join in one statement, creates the new ones, and links articles, documents and (for new
events) countries in one statement per link table, inside the batch's own transaction. An
advisory lock, taken only by batches that carry proposals, keeps two imports from creating the
same event twice. Re-importing an article finds the event it is already linked to, so a second
run adds nothing; an event an editor rejected is never linked again.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection

from archive.ingest.agreement_parties import countries_in
from archive.ingest.events import WINDOW
from archive.ingest.records import EventRecord
from archive.models import Country, Event

# pg_advisory_xact_lock key for creating events (the register's is 7_220_301).
EVENT_LOCK = 7_220_302
MAX_PLACE = Event._meta.get_field("place").max_length

# What the importer calls an event it proposes, in both languages; an editor renames it.
KIND_NAMES = {
    "visit": ("Визит", "Visit"),
    "summit": ("Саммит", "Summit"),
    "meeting": ("Встреча", "Meeting"),
    "forum": ("Форум", "Forum"),
    "talks": ("Переговоры", "Talks"),
    "other": ("Подписание документов", "Signing of documents"),
}
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Proposal:
    article_id: int
    record: EventRecord
    agreement_ids: list[int]
    country_ids: frozenset[int]

    @property
    def end(self) -> datetime.date:
        return self.record.end or self.record.start


@dataclass
class StoredEvent:
    id: int
    start: datetime.date
    end: datetime.date
    status: str
    country_ids: frozenset[int]
    article_ids: set[int] = field(default_factory=set)

    def near(self, proposal: Proposal) -> bool:
        """Whether the proposal's dates fall within WINDOW of this event's."""
        return self.start - WINDOW <= proposal.end and proposal.record.start <= self.end + WINDOW


class EventWriter:
    """Writes the event proposals of a loader's batches (see the module's docstring)."""

    def __init__(self, register):
        self.register = register  # the loader's TagRegister: country ids and the matcher
        self._country_names: dict[int, tuple[str, str]] | None = None

    def write(self, rows) -> None:
        """Attach each written row's event proposal, in the current transaction."""
        proposals = [p for row in rows if (p := self._proposal(row)) is not None]
        if not proposals:
            return
        links: dict[str, set[tuple[int, int]]] = {"articles": set(), "agreements": set()}
        new_countries: set[tuple[int, int]] = set()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOCK])
            stored = _stored_events(cursor, proposals)
            for proposal in proposals:
                event = _match(proposal, stored)
                if event is None:
                    event = self._create(proposal)
                    stored.append(event)
                    new_countries |= {(event.id, c) for c in proposal.country_ids}
                if event.status == Event.Status.REJECTED:
                    continue
                event.article_ids.add(proposal.article_id)
                links["articles"].add((event.id, proposal.article_id))
                links["agreements"] |= {(event.id, a) for a in proposal.agreement_ids}
            _insert_links(cursor, "articles", "article_id", links["articles"])
            _insert_links(cursor, "agreements", "agreement_id", links["agreements"])
            _insert_links(cursor, "countries", "country_id", new_countries)

    def _proposal(self, row) -> Proposal | None:
        record = row.record.event
        if record is None or row.article_id is None:
            return None
        order = row.links.get("agreement_order", [])
        agreement_ids = sorted({order[i] for i in record.agreements if i < len(order)})
        if len(agreement_ids) < 2:  # two names the register took for one document
            return None
        known = self.register.countries
        countries = frozenset(known[code] for code in record.countries if code in known)
        return Proposal(row.article_id, record, agreement_ids, countries)

    def _create(self, proposal: Proposal) -> StoredEvent:
        record = proposal.record
        name_ru, name_en = self._names(proposal)
        place = record.place[:MAX_PLACE]
        event = Event(
            name_ru=name_ru,
            name_en=name_en,
            kind=record.kind,
            start_on=record.start,
            end_on=record.end,
            place=place,
            place_country_id=self._place_country(place, proposal.country_ids),
            status=Event.Status.PROPOSED,
        )
        event.save()
        return StoredEvent(event.pk, record.start, proposal.end, event.status, proposal.country_ids)

    def _place_country(self, place: str, country_ids: frozenset[int]) -> int | None:
        """The country a place name belongs to («Пекин» → China), if the matcher knows it."""
        if not place:
            return None
        for code in countries_in(place, self.register.matcher):
            if code in self.register.countries:
                return self.register.countries[code]
        return None

    def _names(self, proposal: Proposal) -> tuple[str, str]:
        """«Визит: Беларусь–Китай, 14 ноября 2025 г.» and "Visit: Belarus–China, 14 November
        2025": a name an editor can keep or improve."""
        if self._country_names is None:
            self._country_names = {
                pk: (ru, en)
                for pk, ru, en in Country.objects.values_list("pk", "name_ru", "name_en")
            }
        names = [
            self._country_names[pk] for pk in proposal.country_ids if pk in self._country_names
        ]
        kind_ru, kind_en = KIND_NAMES.get(proposal.record.kind, KIND_NAMES["other"])
        day = proposal.record.start
        parts_ru, parts_en = [kind_ru], [kind_en]
        if names:
            joint = "–" if len(names) == 2 else ", "
            parts_ru.append(": " + joint.join(sorted(ru for ru, _en in names)))
            parts_en.append(": " + joint.join(sorted(en for _ru, en in names)))
        parts_ru.append(f", {day.day} {MONTHS_RU[day.month - 1]} {day.year} г.")
        parts_en.append(f", {day.day} {MONTHS_EN[day.month - 1]} {day.year}")
        return "".join(parts_ru), "".join(parts_en)


def _stored_events(cursor, proposals: list[Proposal]) -> list[StoredEvent]:
    """The stored events a proposal could join: near its dates, or already linked to its
    article (whatever an editor has since made of the dates)."""
    cursor.execute(
        "SELECT DISTINCT e.id, e.start_on, coalesce(e.end_on, e.start_on), e.status, "
        "ARRAY(SELECT c.country_id FROM archive_event_countries c WHERE c.event_id = e.id), "
        "ARRAY(SELECT a.article_id FROM archive_event_articles a "
        "      WHERE a.event_id = e.id AND a.article_id = ANY(%s::bigint[])) "
        "FROM archive_event e "
        "LEFT JOIN unnest(%s::date[], %s::date[]) AS p(low, high) "
        "ON e.start_on <= p.high AND coalesce(e.end_on, e.start_on) >= p.low "
        "WHERE p.low IS NOT NULL OR e.id IN (SELECT event_id FROM archive_event_articles "
        "                                    WHERE article_id = ANY(%s::bigint[]))",
        [
            [p.article_id for p in proposals],
            [p.record.start - WINDOW for p in proposals],
            [p.end + WINDOW for p in proposals],
            [p.article_id for p in proposals],
        ],
    )
    return [
        StoredEvent(pk, start, end, status, frozenset(countries), set(articles))
        for pk, start, end, status, countries, articles in cursor.fetchall()
    ]


def _match(proposal: Proposal, stored: list[StoredEvent]) -> StoredEvent | None:
    """The event this article already reports, else the nearest event of the same countries."""
    for event in stored:
        if proposal.article_id in event.article_ids:
            return event
    same = [e for e in stored if e.country_ids == proposal.country_ids and e.near(proposal)]
    if not same:
        return None
    return min(same, key=lambda e: (abs((e.start - proposal.record.start).days), e.id))


def _insert_links(cursor, name: str, column: str, pairs: set[tuple[int, int]]):
    """Link rows (event id, other id), those already there left as they are."""
    if not pairs:
        return
    ordered = sorted(pairs)
    cursor.execute(
        f"INSERT INTO archive_event_{name} (event_id, {column}) "  # noqa: S608 -- our own names
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
        [[a for a, _ in ordered], [b for _, b in ordered]],
    )
