"""PostgreSQL's text form of a tsquery, read back into a tree, and where a tree matches.

The highlighter marks what the search's own tsquery matches (`query.tsquery_text`), word
forms and registered spellings included; reading the tsquery back is simpler and surer than
keeping a second description of the query beside it.
"""

import re

_TSQUERY_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'(?::([*A-Da-d]+))?|(<->|<\d+>|[!&|()]))")


def parse_tsquery(text: str):
    """PostgreSQL's text form of a tsquery as a tree of tuples.

    ("lexeme", text, prefix) · ("not", node) · ("phrase", left, right, distance) ·
    ("any", operands) for both & and |: what either matches is marked. Precedence as
    PostgreSQL's: ! then <-> then & then |.
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    node, rest = _parse_or(tokens)
    if rest:
        raise ValueError(f"unreadable tsquery: {text!r}")
    return node


def alternatives(text: str) -> list[str] | None:
    """The lexemes of a tsquery that is one lexeme, or alternatives of single lexemes
    ('a' | 'b'); None for anything else (a phrase, words together, an exclusion, a prefix)."""
    return _alternatives(_tokens(text))


def _alternatives(tokens: list) -> list[str] | None:
    if not tokens or any(t not in ("|", "(", ")") for t in tokens if isinstance(t, str)):
        return None
    lexemes = [t for t in tokens if not isinstance(t, str)]
    if any(prefix for _kind, _lexeme, prefix in lexemes):
        return None
    return [lexeme for _kind, lexeme, _prefix in lexemes]


# A lexeme with a weight (`'a':A`) matches less than the lexeme: no phrase is said to be
# implied where one is written (the search writes none).
_WEIGHTED = re.compile(r"':[*]?[A-Da-d]")


def implied(phrase: str, words: list[str]) -> bool:
    """Whether every article a phrase finds is found by one of `words` (alternatives beside it):
    one of the phrase's positions can only be lexemes the words hold. «Republic of Belarus»,
    `'republ' <2> 'belarus'`, is implied by «Belarus», `'belarus'`.
    """
    if _WEIGHTED.search(phrase) or any(_WEIGHTED.search(word) for word in words):
        return False
    known = set()
    for word in words:
        known.update(alternatives(word) or ())
    # The phrase's positions: what stands between its operators outside parentheses. Only a
    # chain of positions is read; anything else beside them there («'a' | 'x' <-> 'y'») is not.
    positions, depth = [[]], 0
    for token in _tokens(_unwrapped(phrase)):
        if isinstance(token, str) and depth == 0:
            if token.startswith("<"):
                positions.append([])
                continue
            if token in ("|", "&", "!"):
                return False
        depth += {"(": 1, ")": -1}.get(token, 0) if isinstance(token, str) else 0
        positions[-1].append(token)
    return len(positions) > 1 and any(
        (lexemes := _alternatives(position)) and set(lexemes) <= known for position in positions
    )


def _tokens(text: str) -> list:
    """Operators as text, lexemes as ("lexeme", text, prefix)."""
    tokens = []
    at, text = 0, text.strip()
    while at < len(text):
        match = _TSQUERY_TOKEN.match(text, at)
        if not match or match.end() == at:
            raise ValueError(f"unreadable tsquery at {at}: {text!r}")
        lexeme, flags, operator = match.groups()
        if operator:
            tokens.append(operator)
        else:
            lexeme = re.sub(r"''|\\(.)", lambda m: m.group(1) or "'", lexeme)
            tokens.append(("lexeme", lexeme, "*" in (flags or "")))
        at = match.end()
        while at < len(text) and text[at].isspace():
            at += 1
    return tokens


def _parse_or(tokens):
    return _parse_operands(tokens, "|", _parse_and)


def _parse_and(tokens):
    return _parse_operands(tokens, "&", _parse_phrase)


def _parse_operands(tokens, operator: str, operand):
    # AND and OR are read as one node with all their operands: a word expanded into many forms
    # is a long OR, which a chain of pairs would make too deep to walk.
    first, tokens = operand(tokens)
    operands = [first]
    while tokens and tokens[0] == operator:
        following, tokens = operand(tokens[1:])
        operands.append(following)
    return (operands[0] if len(operands) == 1 else ("any", operands)), tokens


def _parse_phrase(tokens):
    left, tokens = _parse_unary(tokens)
    while tokens and isinstance(tokens[0], str) and tokens[0].startswith("<"):
        distance = 1 if tokens[0] == "<->" else int(tokens[0][1:-1])
        right, tokens = _parse_unary(tokens[1:])
        left = ("phrase", left, right, distance)
    return left, tokens


def _parse_unary(tokens):
    if not tokens:
        raise ValueError("tsquery ends early")
    head, rest = tokens[0], tokens[1:]
    if head == "!":
        node, rest = _parse_unary(rest)
        return ("not", node), rest
    if head == "(":
        node, rest = _parse_or(rest)
        if not rest or rest[0] != ")":
            raise ValueError("unbalanced parentheses in tsquery")
        return node, rest[1:]
    if isinstance(head, tuple):
        return head, rest
    raise ValueError(f"unexpected {head!r} in tsquery")


def occurrences(node, positions: dict[str, list[int]]) -> set[tuple[int, int]]:
    """Where `node` matches, as (first, last) word positions, given each lexeme's positions.

    A phrase matches where its right side starts `distance` after its left side ends, and
    spans both; AND and OR collect all their operands' matches; NOT matches nothing to mark.
    """
    kind = node[0]
    if kind == "lexeme":
        _, lexeme, prefix = node
        if prefix:
            at = [p for lex, ps in positions.items() if lex.startswith(lexeme) for p in ps]
        else:
            at = positions.get(lexeme, ())
        return {(p, p) for p in at}
    if kind == "not":
        return set()
    if kind == "any":
        return set().union(*(occurrences(operand, positions) for operand in node[1]))
    _, left, right, distance = node
    starting = {}
    for first, last in occurrences(right, positions):
        starting.setdefault(first, []).append(last)
    return {
        (first, last)
        for first, end in occurrences(left, positions)
        for last in starting.get(end + distance, ())
    }


def top_level(text: str, operator: str) -> list[str]:
    """`text` cut at each `operator` outside parentheses and quoted lexemes."""
    parts, depth, quoted, start = [], 0, False, 0
    for at, char in enumerate(text):
        if char == "'":
            quoted = not quoted  # a doubled quote inside a lexeme toggles twice
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == operator and depth == 0:
            parts.append(text[start:at].strip())
            start = at + 1
    parts.append(text[start:].strip())
    return parts


def _unwrapped(text: str) -> str:
    """`text` without the parentheses around all of it, if it has them."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        inner = text[1:-1]
        # "( a ) | ( b )" starts and ends with parentheses that are not one pair.
        depth, quoted, closes_early = 0, False, False
        for char in inner:
            if char == "'":
                quoted = not quoted
            elif not quoted and char in "()":
                depth += 1 if char == "(" else -1
                closes_early = closes_early or depth < 0
        if closes_early:
            break
        text = inner.strip()
    return text


def apart_from_phrases(text: str) -> list[str]:
    """tsquery texts whose matches together are `text`'s, with its phrases apart from its words.

    The full-text index keeps no word positions, so every article it finds for a tsquery
    with a phrase anywhere in it is read back and re-checked (about 18 µs at a million
    articles), even those that only hold a plain alternative: «СНГ» is `'cis' | 'снг' |
    ( 'содружеств' <-> 'независим' <-> 'государств' )`, and its 6,300 articles took 120 ms.
    The first group that mixes plain words and phrases is cut in two, (words & the rest) and
    (phrases & the rest), so only the second needs re-checking. Left whole when the rest has
    phrases or negations of its own, or nothing mixes.

    A phrase that a word beside it implies (`implied`) is left out first: a name's spelling
    «Republic of Belarus» beside «Belarus» found no article more, and cost a second scan of
    the index and every article it found re-read (11 ms for «белоруссии» with a pair and two
    years at a million articles).
    """
    if "<" not in text or "!" in text:
        return [text]
    choices_of_all = top_level(text, "|")
    groups = [text] if len(choices_of_all) > 1 else top_level(text, "&")
    for number, group in enumerate(groups):
        choices = top_level(_unwrapped(group), "|")
        words = [c for c in choices if "<" not in c]
        phrases = [c for c in choices if "<" in c]
        kept = [p for p in phrases if not implied(p, words)]
        if words and len(kept) < len(phrases):
            fewer = f"( {' | '.join(words + kept)} )"
            return apart_from_phrases(" & ".join([*groups[:number], fewer, *groups[number + 1 :]]))
        rest = groups[:number] + groups[number + 1 :]
        if not words or not phrases or any("<" in other for other in rest):
            continue
        return [
            " & ".join([f"( {' | '.join(words)} )", *rest]),
            " & ".join([f"( {' | '.join(phrases)} )", *rest]),
        ]
    return [text]
