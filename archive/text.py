"""Small text helpers shared by models, the importer and search."""

import re
import unicodedata

from django.conf import settings
from django.db.models import TextField, Value
from django.db.models.functions import Replace
from django.utils.translation import get_language


def interface_language() -> str:
    """The reader's interface language as a two-letter code ("ru", "en")."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]


# The text-search configuration of each article language; other languages get 'simple'.
SEARCH_CONFIGS = {"ru": "russian", "en": "english"}

# Russian and Belarusian letters in a readable Latin form, close to the passport standard,
# so that article URLs stay ASCII and citable.
_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
        "і": "i",
        "ў": "u",
    }
)


def slugify_translit(text: str, max_length: int = 100) -> str:
    """A lower-case ASCII slug of `text`, Cyrillic transliterated, cut at a word boundary."""
    text = (text or "").lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def fold_yo(text: str) -> str:
    """ё and е are one letter for search: fold them as the stored vectors do."""
    return text.replace("ё", "е").replace("Ё", "Е")


def fold_yo_sql(expression):
    """`fold_yo` in the database: an expression for `expression` (a field name or an
    expression) with ё as е and Ё as Е."""
    lower = Replace(expression, Value("ё"), Value("е"), output_field=TextField())
    return Replace(lower, Value("Ё"), Value("Е"), output_field=TextField())


def search_config(language: str) -> str:
    """The text-search configuration for an article language ('simple' when none fits)."""
    return SEARCH_CONFIGS.get(language, "simple")
