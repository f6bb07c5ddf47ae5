"""The tokens of a sentence around an agreement's head noun, and the walk that classifies them
(content word, preposition, «и»/"and", comma, «между»/"between", stop) to find where the name
ends. `agreement_spans` makes the names from it.
"""

import re

from archive.ingest.agreement_kinds import kind_of
from archive.ingest.agreement_morph import cases, is_known, is_russian, lemma, pos
from archive.ingest.agreement_words import (
    EN_DATE_WORDS,
    EN_DETS,
    EN_ED_WORDS,
    EN_LY_WORDS,
    EN_ON_STOPS,
    EN_PREPS,
    EN_STOP,
    NOT_SUBJECT,
    RU_NOT_CONTENT,
    RU_PREP_STOPS,
    RU_PREPS,
)
from archive.ingest.dates import MONTHS

QUOTE = re.compile(r"«[^«»]{1,150}»|\"[^\"]{1,150}\"|“[^“”]{1,150}”|„[^„“”]{1,150}[“”]")
TOKEN = re.compile(r"\w+(?:[-–'’]\w+)*|[^\w\s]")
MAX_QUOTED_WORDS = 14  # longer quotations are someone's words, not a document's title
MAX_NAME_TOKENS = 45

# Classes of tokens.
CONTENT, PREP, AND, COMMA, BETWEEN, DET, QUOTED, STOP = range(8)


class Token:
    __slots__ = ("text", "lower", "start", "end", "quoted")

    def __init__(self, text: str, start: int, end: int, quoted: bool = False):
        self.text, self.lower, self.start, self.end, self.quoted = (
            text, text.lower(), start, end, quoted
        )  # fmt: skip


def tokenize(sentence: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words, punctuation and short quotations (one token each) with their offsets."""
    tokens, skip_to = [], 0
    end = len(sentence) if end is None else end
    for match in TOKEN.finditer(sentence, start, end):
        start = match.start()
        if start < skip_to:
            continue
        text = match.group()
        if text in '«"“„':
            quote = QUOTE.match(sentence, start)
            if quote and len(quote.group().split()) <= MAX_QUOTED_WORDS:
                tokens.append(Token(quote.group(), start, quote.end(), True))
                skip_to = quote.end()
                continue
        tokens.append(Token(text, start, match.end()))
    return tokens


def _is_date(tokens: list[Token], i: int) -> bool:
    """A day and month, a weekday, a month and day: «22 августа», "Jan 20", "Monday"."""
    text = tokens[i].lower
    nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    if text.isdigit():
        return nxt in MONTHS
    if text in MONTHS and not is_russian(text):
        return nxt[:1].isdigit()
    return text in EN_DATE_WORDS


class Walk:
    """Classifies the tokens of one sentence for one language."""

    def __init__(self, tokens: list[Token], russian: bool):
        self.tokens = tokens
        self.russian = russian
        self._classes: dict[tuple[int, bool], int] = {}

    def is_head(self, i: int) -> bool:
        return i < len(self.tokens) and kind_of(self.tokens[i].text) is not None

    def starts_item(self, i: int) -> bool:
        """Whether the next document of a list starts at token i («меморандум о …»)."""
        for j in range(i, min(i + 4, len(self.tokens))):
            token = self.tokens[j]
            if self.is_head(j) or (
                j + 1 < len(self.tokens) and kind_of(f"{token.text} {self.tokens[j + 1].text}")
            ):
                return True
            if self.russian and pos(token.text) not in ("ADJF", "PRTF"):
                return False
            if not self.russian and self.cls(j) not in (CONTENT, DET):
                return False
        return False

    def cls(self, i: int) -> int:
        """The class of token i (CONTENT, PREP, …), worked out once per walk."""
        key = (i, self.russian)
        if key not in self._classes:
            self._classes[key] = self._cls(i)
        return self._classes[key]

    def _cls(self, i: int) -> int:
        tokens = self.tokens
        token = tokens[i]
        text, lower = token.text, token.lower
        if token.quoted:
            return QUOTED
        if text == ",":
            return COMMA
        if not (text[0].isalnum() or text[0] == "_"):
            return STOP
        if _is_date(tokens, i):
            return STOP
        if lower in ("и", "или", "and", "or", "&"):
            return AND
        if lower in ("между", "between"):
            return BETWEEN
        if self.russian:
            return self._ru_cls(i, lower)
        return self._en_cls(i, text, lower)

    def _ru_cls(self, i: int, lower: str) -> int:
        if lower in RU_PREPS:
            return PREP
        if lower in RU_NOT_CONTENT:
            return STOP
        if not is_russian(lower):
            return CONTENT  # numbers, Latin names, abbreviations
        part = pos(lower)
        if part in ("NOUN", "ADJF", "ADJS", "NUMR", "COMP", None):
            return CONTENT
        if part == "ADVB" and lower.endswith("о") and i + 1 < len(self.tokens):
            # «взаимно выгодном»: an adverb before an adjective stays in the name
            return CONTENT if pos(self.tokens[i + 1].lower) == "ADJF" else STOP
        return STOP

    def _en_cls(self, i: int, text: str, lower: str) -> int:
        if lower in EN_PREPS:
            return PREP
        if lower in EN_DETS:
            return DET
        if lower in EN_STOP:
            return STOP
        if lower.endswith("ly") and lower not in EN_LY_WORDS and not text[0].isupper():
            nxt = self.tokens[i + 1].lower if i + 1 < len(self.tokens) else ""
            return CONTENT if nxt.endswith("ing") else STOP
        if lower.endswith("ed") and lower not in EN_ED_WORDS and not text[0].isupper():
            return STOP
        return CONTENT

    # --- the walk ------------------------------------------------------------------------------

    def prep_ok(self, i: int) -> bool:
        """Whether the preposition at i opens part of the name («в области», not «в ходе»)."""
        tokens = self.tokens
        if i + 1 >= len(tokens):
            return False
        lower, nxt = tokens[i].lower, tokens[i + 1]
        nxt_cls = self.cls(i + 1)
        if nxt_cls not in (CONTENT, QUOTED, DET):
            return False
        if self.russian:
            if nxt.lower in RU_PREP_STOPS.get(lower, ()):
                return False
            if lower in ("в", "во", "от") and (nxt.text[:1].isdigit() or nxt.text[:1].isupper()):
                # «в Пекине», «в 2024 году», «от 22 августа»; but «в Соглашение о …» goes on
                return self.is_head(i + 1) or nxt.text.isupper()
            return True
        after = tokens[i + 2].lower if i + 2 < len(tokens) else ""
        if lower == "in" and (nxt.text[:1].isdigit() or nxt.text[:1].isupper()):
            return self.is_head(i + 1)
        if lower == "on" and (nxt.lower in EN_ON_STOPS or after in EN_ON_STOPS):
            return False
        if lower == "to" and not (nxt_cls == DET or nxt.text[:1].isupper()):
            return False
        return not (lower == "for" and after == "first")

    def continues(self, i: int, last: int) -> bool:
        """Whether «и» / "and" / a comma at i joins another word of the same name."""
        tokens = self.tokens
        j = i + 1
        previous = tokens[last]
        proper = previous.text[:1].isupper()
        if (
            proper
            and j + 1 < len(tokens)
            and self.cls(j) == DET
            and tokens[j + 1].text[:1].isupper()
        ):
            j += 1  # "of the Republic of Belarus and the People's Republic of China"
        if j >= len(tokens) or self.cls(j) != CONTENT:
            return False
        if self.starts_item(j) and not (proper and not self.is_head(j)):
            return False
        nxt = tokens[j]
        if proper and nxt.text[:1].isupper():
            return True  # «Республики Беларусь и Китайской Народной Республики»
        if nxt.text[:1].isupper() and not previous.text[:1].isupper() and not nxt.text.isupper():
            return False  # "…on trade and Xi Jinping said": a new subject
        if self.russian:
            shared = cases(nxt.text) & cases(previous.text)
            return bool(shared) or not is_russian(nxt.text)
        if tokens[i].text == ",":
            for k in range(j, min(j + 6, len(tokens))):
                c = self.cls(k)
                if c in (AND, COMMA) or tokens[k].text in ".;:":
                    return True
                if c not in (CONTENT, PREP, DET):
                    return False
        return True

    def ru_follows(self, j: int, after_noun: bool) -> bool:
        """Whether a Russian word goes on the name: after a noun (or the head) only a genitive or
        instrumental does («план мероприятий», «встречи глав правительств»), never «стороны»."""
        text = self.tokens[j].text
        if not is_russian(text) or text[:1].isdigit() or text.isupper():
            return True  # numbers, Latin names, abbreviations such as ИКТ do not decline
        if lemma(text) == "сторона":
            return False
        previous = self.tokens[j - 1].text
        if text[:1].isupper() and (previous[:1].isupper() or not is_known(text)):
            return True  # «Республики Беларусь», «в провинцию Хэйлунцзян»: proper names
        if after_noun and pos(previous) not in ("ADJF", "NUMR") and not previous[:1].isdigit():
            return bool({"gent", "ablt"} & cases(text))  # «…торговле услугами»
        return True

    def opens_subject(self, j: int) -> bool:
        """«о …», «по …», «в области …», "on …", "in the field of …" after the signatories."""
        lower = self.tokens[j].lower
        if lower in ("о", "об", "обо", "по", "on", "concerning", "regarding", "for"):
            return True
        following = self.tokens[j + 1].lower if j + 1 < len(self.tokens) else ""
        return lower in ("в", "in") and following in ("области", "сфере", "the", "field")

    def between_end(self, i: int) -> tuple[int, bool]:
        """Where the signatories after «между» (or «с», "with") at i end, and whether a subject
        follows them («между А и Б о …»)."""
        tokens, seen_and = self.tokens, self.tokens[i].lower in ("с", "со", "with")
        j = i + 1
        while j < len(tokens) and j - i < 30:
            c, lower = self.cls(j), tokens[j].lower
            if c == AND or (c == COMMA and j + 1 < len(tokens) and self.cls(j + 1) == CONTENT):
                seen_and = seen_and or c == AND
            elif c == PREP and seen_and and self.opens_subject(j):
                return j, True
            elif c not in (CONTENT, DET, QUOTED) and lower not in ("of", "в", "имени"):
                return j, False
            j += 1
        return j, False

    def extent(self, i: int) -> tuple[int, tuple[int, int] | None, bool]:
        """The name after its head (first token i): (end token, signatories, says what about)."""
        tokens, n = self.tokens, len(self.tokens)
        end, j, last, between, content = i, i, None, None, False
        if j + 2 < n and tokens[j].text == "(" and tokens[j + 2].text == ")":
            end = j = j + 3  # "(MoU)", «(ЗСТ)»
        start = j
        while j < n and j - i < MAX_NAME_TOKENS:
            c = self.cls(j)
            if c == QUOTED:
                end, j, last, content = j + 1, j + 1, None, True
                continue
            if c == BETWEEN or (j == start and tokens[j].lower in ("с", "со", "with")):
                k, subject_follows = self.between_end(j)
                between = (j, k)
                if subject_follows and (not content or self.is_head(j - 1)):
                    j = k
                    continue
                break
            if c in (PREP, DET):
                if not self.prep_ok(j):
                    break
                j += 1
                continue
            if c == CONTENT:
                if j == start and not self.russian:
                    break
                if self.russian and not self.ru_follows(
                    j, j == start or self.cls(j - 1) == CONTENT
                ):
                    break
                end, last, j = j + 1, j, j + 1
                content = content or lemma(tokens[j - 1].text) not in NOT_SUBJECT
                continue
            if c in (AND, COMMA) and last is not None and self.continues(j, last):
                j += 1
                continue
            break
        return end, between, content
