"""Language detection for the two languages the archive holds.

Russian is written in Cyrillic and English in Latin letters, so the share of Cyrillic letters
decides: no word lists, no model, and it copes with the Latin names Russian news is full of
(Telegram, Viber, Sputnik) and with the odd Russian name quoted in English. It would be the
wrong tool for telling apart two languages sharing an alphabet; this archive has none.
"""

import re

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
URL = re.compile(r"https?://\S+")


def detect_language(text: str) -> str | None:
    """ "ru" or "en" from the alphabet most letters are written in; None for text with no letters."""
    text = URL.sub(" ", text or "")
    cyrillic = len(CYRILLIC.findall(text))
    latin = len(LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic >= latin else "en"
