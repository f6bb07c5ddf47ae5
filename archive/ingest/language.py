"""Language detection for the two languages the archive holds.

Russian is written in Cyrillic and English in Latin letters, so the share of Cyrillic letters
decides: no word lists, no model, and it copes with the Latin names Russian news is full of
(Telegram, Viber, Sputnik) and with the odd Russian name quoted in English. It would be the
wrong tool for telling apart two languages sharing an alphabet; this archive has none.
"""

import re

URL = re.compile(r"https?://\S+")
# The first few thousand characters say which alphabet an article is written in. They are
# counted on the UTF-8 bytes, at C speed: a Cyrillic letter is two bytes led by 0xD0-0xD3,
# a Latin one a single ASCII byte.
SAMPLE = 4000
CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def detect_language(text: str) -> str | None:
    """ "ru" or "en" from the alphabet most letters are written in; None for text with no letters."""
    sample = (text or "")[:SAMPLE]
    if "://" in sample:
        sample = URL.sub(" ", sample)
    raw = sample.encode("utf-8")
    cyrillic = sum(raw.count(lead) for lead in CYRILLIC_LEADS)
    latin = len(raw) - len(raw.translate(None, ASCII_LETTERS))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic >= latin else "en"
