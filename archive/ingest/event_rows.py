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
from archive.text import slugify_translit

# pg_advisory_xact_lock key for creating events (the register's is 7_220_301).
EVENT_LOCK = 7_220_302
MAX_PLACE = Event._meta.get_field("place").max_length
SLUG_LENGTH = 100  # as archive.models.shared.unique_slug makes them

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
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOCK])
            stored = _stored_events(cursor, proposals)
            new: list[tuple[StoredEvent, Proposal]] = []
            links = []  # (event, proposal) for each proposal an event takes
            for proposal in proposals:
                event = _match(proposal, stored)
                if event is None:
                    # Numbered below zero until the batch's new events are inserted.
                    event = StoredEvent(-1 - len(new), proposal.record.start, proposal.end,
                                        Event.Status.PROPOSED, proposal.country_ids)  # fmt: skip
                    new.append((event, proposal))
                    stored.append(event)
                if event.status != Event.Status.REJECTED:
                    event.article_ids.add(proposal.article_id)
                    links.append((event, proposal))
            self._insert_new(cursor, new)
            articles = {(e.id, p.article_id) for e, p in links}
            documents = {(e.id, a) for e, p in links for a in p.agreement_ids}
            countries = {(e.id, c) for e, p in new for c in p.country_ids}
            _insert_links(cursor, "articles", "article_id", articles)
            _insert_links(cursor, "agreements", "agreement_id", documents)
            _insert_links(cursor, "countries", "country_id", countries)

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

    def _insert_new(self, cursor, new: list[tuple[StoredEvent, Proposal]]):
        """INSERT the batch's new events in one statement and give each its id."""
        if not new:
            return
        rows = []
        for _event, proposal in new:
            record = proposal.record
            name_ru, name_en = self._names(proposal)
            place = record.place[:MAX_PLACE]
            country = self._place_country(place)
            rows.append((name_ru, name_en, record.kind, record.start, record.end, place, country))
        slugs = _free_slugs(cursor, [row[1] or row[0] for row in rows])
        columns = "slug, name_ru, name_en, kind, start_on, end_on, place, place_country_id"
        cursor.execute(
            f"INSERT INTO archive_event ({columns}, status, notes, created_at, updated_at) "  # noqa: S608 -- our own names
            f"SELECT {columns}, %s, '', now(), now() FROM unnest(%s::text[], %s::text[], "
            "%s::text[], %s::text[], %s::date[], %s::date[], %s::text[], %s::bigint[]) "
            f"AS c({columns}) RETURNING id, slug",
            [Event.Status.PROPOSED, slugs, *(list(column) for column in zip(*rows, strict=True))],
        )
        ids = {slug: pk for pk, slug in cursor.fetchall()}
        for (event, _proposal), slug in zip(new, slugs, strict=True):
            event.id = ids[slug]

    def _place_country(self, place: str) -> int | None:
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
            rows = Country.objects.values_list("pk", "name_ru", "name_en")
            self._country_names = {pk: (ru, en) for pk, ru, en in rows}
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


def _free_slugs(cursor, names: list[str]) -> list[str]:
    """A slug for each name that no stored event and no other name of the list has, as
    Event.save makes them ("visit-belarus-china-3-june-2025", then "-2", "-3" …)."""
    bases = [
        slugify_translit(name.replace("–", " "), max_length=SLUG_LENGTH) or "event"
        for name in names
    ]
    stems = [base[: SLUG_LENGTH - 4] for base in bases]
    # Slugs are made of [a-z0-9-] only, so a stem has no LIKE wildcard in it.
    cursor.execute(
        "SELECT slug FROM archive_event WHERE slug LIKE ANY(%s::text[])",
        [[f"{stem}%" for stem in stems]],
    )
    taken = {slug for (slug,) in cursor.fetchall()}
    slugs = []
    for base, stem in zip(bases, stems, strict=True):
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{stem}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


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
