"""Hypothesis strategies for the odd things a reader, a crawler or an attacker puts in an address.

Values are drawn as text or raw bytes and percent-encoded here, so the request carries exactly
those bytes: Cyrillic and right-to-left text, combining marks, emoji, encoded surrogates and
bytes that are not UTF-8 at all, control characters and NUL, broken percent-escapes, numbers
too large for any column, dates at and past the calendar's ends, tsquery operators, very long
values, repeated and empty parameters. Each parameter is mostly given values that mean
something to the archive (its pairs, slugs, kinds), so that valid searches run to the end and
the odd value is what the example is about.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

# --- Profiles ------------------------------------------------------------------------------

# The suite's run stays short (CI runs it against two servers); `make fuzz` draws many more.
# No database of examples: a failure prints its example, and the repository stays clean.
_PROFILE = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=200, **_PROFILE)
settings.register_profile("fuzz", max_examples=3000, **_PROFILE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Hypothesis's own caches (Unicode tables) go with the other generated files, not the top level.
set_hypothesis_home_dir(Path(__file__).resolve().parents[1] / "var" / "hypothesis")

# --- Fragments -----------------------------------------------------------------------------

WORDS = [
    "мост", "Беларусь", "Китай", "сотрудничество", "ёлка", "Минск", "China", "Belarus",
    "memorandum", "the", "и", "не", "stone",
]  # fmt: skip
RIGHT_TO_LEFT = ["שלום", "مرحبا", "\u202eevil\u202c", "\u200f", "\u061c"]
COMBINING = ["e\u0301", "\u0301", "a\u0300\u0316\u0327\u0308", "\u20dd", "й"]
EMOJI = ["🇧🇾", "👩\u200d👩\u200d👧", "🤝", "\U0001f600", "\ufe0f"]
CONTROL = [
    "\x00", "\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x1b", "\x7f", "\x85", "\u2028",
    "\ufeff", "\ufffe", "\uffff", "\ue000", "\U0010ffff",
    # Lone surrogates: sent as the bytes UTF-8 would give them, which are not UTF-8.
    "\ud800", "\udfff", "\ud83d",
]  # fmt: skip
# Digits Python's str.isdigit() accepts that int() and the date parsers may not.
ODD_DIGITS = ["٣", "²", "①", "߀", "１", "𝟗", "Ⅻ"]
TSQUERY = [
    "&", "|", "!", "!!", "<->", "<2>", "<-1>", "<0>", "<99999999999>", ":*", ":A", ":ABCD*",
    "(", ")", "()", "'", "''", '"', '""', "\\", "-", "--", "or", "OR", "and", "NOT", "*", "~",
    "%", "_", ":", "«", "»", "„", "“", "\u00a0", "web:*", "a:*&b", "!(a|b)", "'a' & 'b'",
]  # fmt: skip
NUMBERS = [
    "0", "-1", "1", "00", "007", "1000", "9999", "10000", "2147483647", "2147483648",
    "9223372036854775807", "9223372036854775808", "99999999999999999999999999", "-0",
    "+1", " 1", "1.5", "1e309", "0x10", "NaN", "inf", "1_000",
]  # fmt: skip
DATES = [
    "0001-01-01", "9999-12-31", "10000-01-01", "2025-02-30", "2024-02-29", "2025-02-29",
    "0000-00-00", "2025-13-01", "2025-00-10", "-2025-01-01", "2025-1-1", "20250101",
    "2025-11-04", "2025-11-04T00:00", "1000-01-01", "0999-12-31", "2025-11-04 ",
]  # fmt: skip
# Percent-escapes as a careless client writes them, appended after the value is encoded.
BROKEN_ESCAPES = ["%", "%2", "%zz", "%E0%A4", "%C0%AF", "%ED%A0%80", "%FF", "%00", "%25", "+"]

FRAGMENTS = WORDS + RIGHT_TO_LEFT + COMBINING + EMOJI + CONTROL + ODD_DIGITS + TSQUERY
FRAGMENTS += NUMBERS + DATES

# --- Values --------------------------------------------------------------------------------


def odd_text(extra=(), *, long=True) -> st.SearchStrategy[str]:
    """Text made of the fragments above (and `extra`), arbitrary characters and spaces;
    sometimes thousands of characters long (unless `long` is false)."""
    fragment = st.one_of(
        st.sampled_from(FRAGMENTS + list(extra)),
        st.text(max_size=6),
        st.sampled_from([" ", "", "  "]),
    )
    short = st.lists(fragment, max_size=8).map("".join)
    # Long values: past the search's 500 characters, and far past anything sensible.
    long_ = st.builds(lambda text, n: (text or "я") * n, short, st.integers(2, 2000))
    return st.one_of(short, long_.map(lambda text: text[:6000])) if long else short


def encoded(value: str | bytes) -> str:
    """A value percent-encoded for an address: text as UTF-8 (surrogates passed through as
    the invalid bytes they encode to), raw bytes as they are."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(value, safe="")


def odd_component(extra=(), *, long=True) -> st.SearchStrategy[str]:
    """An encoded query-string or path component: odd text, raw bytes, broken escapes."""
    raw = st.one_of(odd_text(extra, long=long), st.binary(max_size=12))
    glitch = st.sampled_from(["", ""] + BROKEN_ESCAPES)
    return st.builds(lambda value, tail: encoded(value) + tail, raw, glitch)


def component(known=(), *, long=True) -> st.SearchStrategy[str]:
    """A value that means something to the archive, or an odd one (drawn first: examples
    shrink towards the meaningful values, so a failure shows only the odd part)."""
    meaningful = [encoded(value) for value in known]
    good = st.sampled_from(meaningful) if meaningful else st.just("")
    return st.one_of(good, odd_component(known, long=long))


def query_string(known: dict[str, list[str]], other_names=()) -> st.SearchStrategy[str]:
    """A query string over the parameters in `known` (name → meaningful values): each given
    once, repeated (up to hundreds of times) or empty; sometimes a name nobody declared."""
    names = sorted(known) + list(other_names)
    name = st.one_of(st.sampled_from(names), odd_component(long=False).map(lambda n: n or "x"))

    def parameter(name_and_form):
        key, form = name_and_form
        # Long values come one at a time: hundreds of them make an address of megabytes,
        # which no server in front of the archive lets through.
        value = component(known.get(key, ()), long=form == "once")
        if form == "empty":
            return st.sampled_from([[f"{key}="], [key]])
        if form == "repeated":
            return st.lists(value, min_size=2, max_size=12).map(
                lambda values: [f"{key}={v}" for v in values]
            )
        if form == "many":
            return st.tuples(value, st.integers(20, 300)).map(lambda vn: [f"{key}={vn[0]}"] * vn[1])
        return value.map(lambda v: [f"{key}={v}"])

    form = st.sampled_from(["once", "once", "repeated", "many", "empty"])
    parameters = st.tuples(name, form).flatmap(parameter)
    return st.lists(parameters, max_size=6).map(lambda ps: "&".join(p for ps_ in ps for p in ps_))


LANGUAGES = st.sampled_from(["en", "ru", "ru-RU,ru;q=0.9", "zh", "*", "", "\x00", "en;q=x"])

# --- Addresses -----------------------------------------------------------------------------

_GROUP = re.compile(r"\(\?P<(\w+)>")


def pattern_parts(regex: str) -> list:
    """A URL pattern's regex as literal text and (group name, group regex) pairs.

    `articles/(?P<year>[0-9]+)/\\Z` → ["articles/", ("year", "[0-9]+"), "/"]. Groups are
    closed by counting parentheses outside character classes and escapes.
    """
    regex = regex.removeprefix("^").removesuffix("\\Z").removesuffix("$")
    parts, at = [], 0
    for match in _GROUP.finditer(regex):
        if match.start() < at:
            continue  # a group inside a group: its text is part of the outer one
        parts.append(_literal(regex[at : match.start()]))
        depth, i, in_class = 1, match.end(), False
        while depth:
            char = regex[i]
            if char == "\\":
                i += 1
            elif char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif not in_class:
                depth += {"(": 1, ")": -1}.get(char, 0)
            i += 1
        parts.append((match.group(1), regex[match.end() : i - 1]))
        at = i
    parts.append(_literal(regex[at:]))
    return [part for part in parts if part != ""]


def _literal(text: str) -> str:
    # Django writes a route's literal text with re.escape(); the regexes here use no
    # other syntax between their groups, so only the escapes need undoing.
    return re.sub(r"\\(.)", r"\1", text)


def segment(group_regex: str, known=()) -> st.SearchStrategy[str]:
    """A path segment for one group: a value the archive has, one the regex matches, or
    a near miss (a match with something odd around it, or odd text alone)."""
    matching = st.from_regex(group_regex, fullmatch=True)
    near = st.builds(
        lambda value, odd, before: odd + value if before else value + odd,
        matching,
        st.sampled_from([*ODD_DIGITS, "0" * 30, "x", ".", "..", "%2F", "-", " ", "\x00"]),
        st.booleans(),
    )
    choices = [st.sampled_from([quote(value, safe="") for value in known])] if known else []
    choices += [
        matching.map(lambda value: quote(value, safe="")),
        near.map(lambda value: quote(value, safe="%")),
        odd_component(known),
    ]
    return st.one_of(choices)


def address(parts: list, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """An address for one URL pattern (its `pattern_parts`), each group drawn by `segment`."""
    drawn = [
        st.just(quote(part, safe="/"))
        if isinstance(part, str)
        else segment(part[1], known.get(part[0], ()))
        for part in parts
    ]
    return st.tuples(*drawn).map(lambda pieces: "/" + "".join(pieces))
