"""The register of names as search reads it: which query words are a name, and its spellings.

Each spelling of each `Name` is read into positions the way a query is (`wordforms.tokens`),
so a name is recognised in any case form («Лукашенкой», «Китая») and with a hyphen for a
space ("Xi-Jinping"). The register is read once per process and read again when it changes:
at once in the process that saved it, within REFRESH_SECONDS in the others (a search's
look-up statement checks its version: `version_part`).
"""

import threading
import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from archive.search import lookup
from archive.search.wordforms import Token, same_word, tokens_of

REFRESH_SECONDS = 30
# Used this long after the last check, the register checks its version itself (a statement of
# its own). Longer than REFRESH_SECONDS, so that a search whose look-ups came just before the
# check was due (a phrase listed for 100 ms, say) does not run a seventh statement for it:
# the next search's look-ups check it.
STALE_SECONDS = 2 * REFRESH_SECONDS


@dataclass(frozen=True)
class Spelling:
    name_id: int
    text: str
    # The spelling's positions from its first to its last word (stop words inside kept).
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Match:
    """A run of query positions that spells a registered name."""

    start: int
    stop: int
    spellings: tuple[Spelling, ...]  # every spelling of the name, the matched one included


def _trimmed(found: tuple[Token, ...]) -> tuple[Token, ...] | None:
    """The positions from the first word to the last; None if a stop word had to go.

    A spelling that begins or ends with a stop word («Ван И») would shrink to a part of
    itself, which would find far more than the name.
    """
    while found and found[0].compound:
        found = found[1:]  # "Nur-Sultan" begins where its parts do
    if not found or found[0].stop or found[-1].stop:
        return None
    return found


class Register:
    def __init__(self, rows):
        """`rows`: (id, canonical, variants) of every name."""
        texts = {
            (name_id, text)
            for name_id, canonical, variants in rows
            for text in [canonical, *variants]
        }
        read = tokens_of([text for _, text in texts]) if texts else {}
        self.spellings: dict[int, list[Spelling]] = {}
        for name_id, canonical, variants in rows:
            for text in dict.fromkeys([canonical, *variants]):
                found = _trimmed(read.get(text, ()))
                if found:
                    self.spellings.setdefault(name_id, []).append(Spelling(name_id, text, found))
        # Spellings by each case form of their first word, longest first: a query position is
        # looked up by its forms, then compared word by word.
        self._by_form: dict[str, list[Spelling]] = {}
        for each in self.spellings.values():
            for spelling in each:
                for key in spelling.tokens[0].forms | spelling.tokens[0].own:
                    self._by_form.setdefault(key, []).append(spelling)
        for candidates in self._by_form.values():
            candidates.sort(key=lambda s: len(s.tokens), reverse=True)

    def match_at(self, positions: tuple[Token, ...], start: int) -> Match | None:
        """The longest spelling that the positions from `start` on begin with."""
        first = positions[start]
        if first.stop:
            return None
        seen = set()
        for key in first.forms | first.own:
            for spelling in self._by_form.get(key, ()):
                if id(spelling) in seen:
                    continue
                seen.add(id(spelling))
                stop = start + len(spelling.tokens)
                if stop <= len(positions) and all(
                    (a.stop and b.stop) or same_word(a, b)
                    for a, b in zip(positions[start:stop], spelling.tokens, strict=True)
                ):
                    return Match(start, stop, tuple(self.spellings[spelling.name_id]))
        return None

    def matches(self, positions: tuple[Token, ...]) -> list[Match]:
        """The names in a run of positions, left to right, longest first, not overlapping."""
        found, at = [], 0
        while at < len(positions):
            match = self.match_at(positions, at)
            if match:
                found.append(match)
                at = match.stop
            else:
                at += 1
        return found

    def words(self) -> list[str]:
        """Every word of every spelling, lower case: what "did you mean" may offer."""
        return sorted(
            {
                token.text.lower()
                for each in self.spellings.values()
                for spelling in each
                for token in spelling.tokens
                if not token.stop
            }
        )


_lock = threading.Lock()
_state = {"register": None, "version": None, "checked": 0.0}


def _version_part() -> lookup.Part:
    from archive.models import Name

    return lookup.Part(
        "SELECT 'names', jsonb_build_array(count(*), max(updated_at)) "  # noqa: S608 - our table
        f"FROM {Name._meta.db_table}",
        (),
    )


def _version():
    return lookup.read([_version_part()])["names"][0]


def version_part() -> lookup.Part | None:
    """The register's version check, when it is due, as a part of a request's look-ups
    (archive/search/lookup.py): checked there, it is not a statement of its own."""
    if _state["register"] is None or time.monotonic() - _state["checked"] < REFRESH_SECONDS:
        return None
    return _version_part()


def note_version(payloads: list) -> None:
    """What `version_part` read: the register stands, or is read again at its next use."""
    if not payloads:
        return
    with _lock:
        if payloads[0] == _state["version"]:
            _state["checked"] = time.monotonic()
        else:
            _state.update(register=None, version=None, checked=0.0)


def register() -> Register:
    """The register as it stands (read again when a name changed)."""
    from archive.models import Name

    now = time.monotonic()
    with _lock:
        current = _state["register"]
        if current is not None and now - _state["checked"] < STALE_SECONDS:
            return current
        version = _version()
        if current is None or version != _state["version"]:
            current = Register(list(Name.objects.values_list("id", "canonical", "variants")))
            _state.update(register=current, version=version)
        _state["checked"] = now
        return current


def forget() -> None:
    with _lock:
        _state.update(register=None, version=None, checked=0.0)


@receiver(post_save, sender="archive.Name")
@receiver(post_delete, sender="archive.Name")
def _name_changed(**kwargs):
    forget()
