"""The tags an import run attaches, kept in memory: countries, pairs, outlets, agreements.

Looking each record's tags up in the database cost several statements per record; the
register reads the tables once per run and answers from memory. What it does not know yet it
creates under one advisory lock held to the end of the transaction, after reading what other
imports created meanwhile, so two imports running at once never make the same outlet, pair
or agreement twice. After a rolled-back transaction the loader calls `forget`, because rows
created in it are gone.
"""

import re

from django.db import connection

from archive.ingest.countries import load_matcher
from archive.ingest.language import detect_language
from archive.ingest.records import AgreementRecord, ArticleRecord, ParseError
from archive.ingest.urls import url_domain
from archive.models import Agreement, Country, CountryPair, Outlet, canonical_pair_code
from archive.text import fold_yo

# pg_advisory_xact_lock key for creating register rows: any fixed number unique to Concord.
REGISTER_LOCK = 7_220_301
MAX_AGREEMENT_NAME = Agreement._meta.get_field("name_ru").max_length
MAX_OUTLET_NAME = Outlet._meta.get_field("name").max_length


def outlet_name_key(name: str) -> str:
    """An outlet name as compared: case, ё, quotes and punctuation aside («БЕЛТА» = "БелТА")."""
    return " ".join(re.findall(r"\w+", fold_yo(name or "").lower()))


class OutletIndex:
    """Outlets by name and other names, and by domain."""

    def __init__(self, outlets):
        self.by_name: dict[str, int] = {}
        self.by_domain: dict[str, int] = {}
        self.names: list[tuple[str, int]] = []
        for pk, name, domain, aliases in outlets:
            self.add(pk, name, domain, aliases)

    def add(self, pk: int, name: str, domain: str, aliases=()):
        for text in (name, *aliases):
            self.by_name.setdefault(outlet_name_key(text), pk)
        self.names.append((outlet_name_key(name), pk))
        if domain:
            self.by_domain.setdefault(domain.lower().removeprefix("www."), pk)

    def find(self, name: str, url: str | None) -> int | None:
        """The outlet a record names (name, other name, or a domain given as its name); for a
        record naming none, the one its URL's domain belongs to. A name the archive does not
        know is a new outlet, even on a known domain (a blog hosted by an agency's site)."""
        if name:
            key = outlet_name_key(name)
            if key in self.by_name:
                return self.by_name[key]
            if "." in name and (found := self._by_domain(name.lower())):
                return found
            # «– Sputnik.» in a Minsk dateline is Sputnik Беларусь, if that is the only Sputnik.
            starting = {pk for text, pk in self.names if text.startswith(f"{key} ")}
            return starting.pop() if len(starting) == 1 else None
        if url:
            return self._by_domain(url_domain(url))
        return None

    def _by_domain(self, domain: str) -> int | None:
        domain = domain.removeprefix("www.")
        while domain:
            if domain in self.by_domain:
                return self.by_domain[domain]
            _, _, domain = domain.partition(".")
            if "." not in domain:
                return None
        return None


class TagRegister:
    """Ids for a record's outlet, countries, pairs and agreements, creating what is new."""

    def __init__(self, matcher=None):
        self.matcher = matcher  # a CountryMatcher: agreement names naming countries match by code
        self.loaded = False
        self._locked_in = None
        self.by_slug: dict[tuple, int] = {}  # (model, slug) → id, for records of a full export

    def forget(self):
        """Drop everything read: the transaction that created some of it was rolled back."""
        self.loaded = False
        self._locked_in = None
        self.by_slug = {}

    def refresh(self):
        if self.loaded:
            return
        from archive.ingest.agreement_names import Register

        self.countries = dict(Country.objects.values_list("code", "id"))
        self.pairs = dict(CountryPair.objects.values_list("code", "id"))
        self.outlets = OutletIndex(Outlet.objects.values_list("id", "name", "domain", "aliases"))
        if self.matcher is None:
            self.matcher = load_matcher()
        self.agreements = Register(matcher=self.matcher)
        self.last_agreement = 0
        self._read_agreements()
        self.loaded = True

    def _read_agreements(self):
        """Agreements added since the last read (by this run or another)."""
        from archive.ingest.agreement_names import RegisterEntry

        parties: dict[int, set[str]] = {}
        through = Agreement.parties.through.objects.filter(agreement_id__gt=self.last_agreement)
        # Iterated, not cached: a register of tens of thousands of names is read once.
        for agreement_id, code in through.values_list("agreement_id", "country__code").iterator(
            chunk_size=5000
        ):
            parties.setdefault(agreement_id, set()).add(code)
        rows = Agreement.objects.filter(pk__gt=self.last_agreement).order_by("pk")
        for pk, name_ru, name_en, aliases, kind, signed_on in rows.values_list(
            "pk", "name_ru", "name_en", "aliases", "kind", "signed_on"
        ).iterator(chunk_size=5000):
            self.agreements.add(
                RegisterEntry(
                    pk,
                    name_ru,
                    name_en,
                    list(aliases),
                    kind,
                    frozenset(parties.get(pk, ())),
                    signed_on,
                )
            )
            self.last_agreement = pk

    def _lock(self):
        """Hold the register lock for the rest of this transaction, and catch up on what other
        imports created before we got it."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            (txid,) = cursor.fetchone()
            if self._locked_in == txid:
                return
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_LOCK])
        self._locked_in = txid
        self.pairs = dict(CountryPair.objects.values_list("code", "id"))
        self.outlets = OutletIndex(Outlet.objects.values_list("id", "name", "domain", "aliases"))
        self._read_agreements()

    # --- what the register already holds (the paste page shows it) -------------------------

    def known_outlet(self, record: ArticleRecord) -> Outlet | None:
        """The outlet a record names (name, other name, domain), if the archive has it."""
        self.refresh()
        found = self.outlets.find((record.source or "").strip(), record.source_url)
        return Outlet.objects.filter(pk=found).first() if found else None

    def known_agreement(self, proposal: AgreementRecord) -> Agreement | None:
        """The register's agreement a proposal names, if there is one."""
        self.refresh()
        entry = self.agreements.find(proposal)
        return Agreement.objects.filter(pk=entry.id).first() if entry else None

    # --- a record's tags ----------------------------------------------------------------------

    def tags_for(self, record: ArticleRecord) -> tuple[int | None, dict[str, set[int]]]:
        """(outlet id, {"countries", "pairs", "agreements": ids}) for a record; also
        "agreement_order": the agreements' ids in the record's order."""
        self.refresh()
        pairs = {self._pair(code, record) for code in record.pairs}
        # A pair's two countries are covered by the article even when the record forgot one.
        codes = set(record.countries) | {c for code in record.pairs for c in code.split("-")}
        unknown = sorted(codes - self.countries.keys())
        if unknown:
            raise ParseError(record.origin, f"unknown country code {', '.join(unknown)}")
        countries = {self.countries[code] for code in codes}
        # In the record's order too, so an event proposal's documents (indexes) find their ids.
        ordered = [self.agreement_for(a, record.origin) for a in record.agreements]
        outlet = self.outlet_for(record)
        links = {"countries": countries, "pairs": pairs, "agreements": set(ordered)}
        return outlet, {**links, "agreement_order": ordered}

    def _pair(self, code: str, record: ArticleRecord) -> int:
        try:
            code = canonical_pair_code(code)
        except ValueError as error:
            raise ParseError(record.origin, str(error)) from None
        if code not in self.pairs:
            self._lock()
        if code not in self.pairs:
            try:
                self.pairs[code] = CountryPair.objects.get_or_create_for(code)[0].pk
            except ValueError as error:
                raise ParseError(record.origin, str(error)) from None
        return self.pairs[code]

    def _slug_id(self, model, slug: str) -> int | None:
        """The id of the row with this slug (a full export names outlets and agreements so)."""
        key = (model, slug)
        if key not in self.by_slug:
            found = model.objects.filter(slug=slug).values_list("id", flat=True).first()
            if found is None:
                return None
            self.by_slug[key] = found
        return self.by_slug[key]

    def outlet_for(self, record: ArticleRecord) -> int | None:
        """The record's outlet: by slug, name, other name, then URL domain; a new name is
        added."""
        if record.outlet_slug == "":
            return None  # a full export's article with no outlet, whatever its URL's domain
        if record.outlet_slug and (found := self._slug_id(Outlet, record.outlet_slug)):
            return found
        name = (record.source or "").strip()
        found = self.outlets.find(name, record.source_url)
        if found or not name:
            return found
        if len(name) > MAX_OUTLET_NAME:
            raise ParseError(record.origin, f"outlet name longer than {MAX_OUTLET_NAME} characters")
        self._lock()
        if found := self.outlets.find(name, record.source_url):
            return found
        domain = url_domain(record.source_url) if record.source_url else ""
        if not domain and "." in name and " " not in name:
            domain = name.lower()  # "news.by" named as the outlet
        if domain in self.outlets.by_domain:
            domain = ""  # the domain already belongs to another outlet
        outlet = Outlet(name=name, domain=domain)
        outlet.save()
        self.outlets.add(outlet.pk, outlet.name, outlet.domain)
        return outlet.pk

    def agreement_for(self, proposal: AgreementRecord, origin: str = "") -> int:
        """The register entry a proposal names, or a new entry (status "proposed").

        A proposal with a slug (from a full export) is that entry, or a new one with that
        slug: never another entry of the same name, which may differ in date or status.
        """
        if proposal.slug:
            found = self._slug_id(Agreement, proposal.slug)
            if found is None:
                self._lock()
                found = self._slug_id(Agreement, proposal.slug)
            return found or self._new_agreement(proposal, origin)
        entry = self.agreements.find(proposal)
        if entry is None:
            self._lock()
            entry = self.agreements.find(proposal)
        if entry is None:
            return self._new_agreement(proposal, origin)
        self._complete_names(entry, proposal)
        return entry.id

    def _complete_names(self, entry, proposal: AgreementRecord):
        """A Russian name found for an entry known only in English (or the reverse) is kept."""
        name_ru, name_en = _names(proposal)
        missing = {}
        if name_ru and not entry.name_ru:
            missing["name_ru"] = name_ru
        if name_en and not entry.name_en:
            missing["name_en"] = name_en
        if not missing or any(len(v) > MAX_AGREEMENT_NAME for v in missing.values()):
            return
        self._lock()
        Agreement.objects.filter(pk=entry.id, **{f"{k}": "" for k in missing}).update(**missing)
        entry.name_ru = entry.name_ru or missing.get("name_ru", "")
        entry.name_en = entry.name_en or missing.get("name_en", "")
        self.agreements.add(entry)

    def _new_agreement(self, proposal: AgreementRecord, origin: str) -> int:
        from archive.ingest.agreement_names import RegisterEntry

        name_ru, name_en = _names(proposal)
        for name in (name_ru, name_en):
            if len(name) > MAX_AGREEMENT_NAME:
                raise ParseError(
                    origin, f"agreement name longer than {MAX_AGREEMENT_NAME} characters"
                )
        unknown = sorted(set(proposal.parties) - self.countries.keys())
        if unknown:
            raise ParseError(origin, f"unknown country code {', '.join(unknown)}")
        agreement = Agreement(
            slug=proposal.slug,
            name_ru=name_ru,
            name_en=name_en,
            kind=proposal.kind or Agreement.Kind.OTHER,
            signed_on=proposal.signed_date,
            signed_place=(proposal.signed_place or "")[:200],
            party_organisations="\n".join(proposal.organisations),
            status=proposal.status or Agreement.Status.PROPOSED,
        )
        agreement.save()
        agreement.parties.set([self.countries[code] for code in proposal.parties])
        self.agreements.add(
            RegisterEntry(
                agreement.pk,
                name_ru,
                name_en,
                [],
                agreement.kind,
                frozenset(proposal.parties),
                proposal.signed_date,
            )
        )
        self.last_agreement = max(self.last_agreement, agreement.pk)
        return agreement.pk


def _names(proposal: AgreementRecord) -> tuple[str, str]:
    """(Russian name, English name) of a proposal, the plain name sorted by its alphabet."""
    name_ru, name_en = proposal.name_ru, proposal.name_en
    if not name_ru and not name_en:
        if detect_language(proposal.name) == "en":
            name_en = proposal.name
        else:
            name_ru = proposal.name
    return name_ru, name_en
