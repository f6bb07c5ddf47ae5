"""The interface in Russian and English: plural forms, the language switcher, the catalogue."""

import ast
import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from archive.charts import articles_text

CATALOGUE = Path(settings.BASE_DIR) / "archive" / "locale" / "ru" / "LC_MESSAGES"

# One archive day per count: the day page heads its list with the count in words.
COUNTS = {1: 1, 2: 2, 5: 3, 11: 4, 21: 5, 22: 6}


@pytest.fixture
def days(make_article):
    for count, day in COUNTS.items():
        for n in range(count):
            make_article(title=f"Статья {day}-{n}", published_on=datetime.date(2025, 11, day))


def day_heading(client, day: int, language: str) -> str:
    response = client.get(f"/archive/2025/11/{day:02d}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.search(r'<h2 id="articles-heading">(.*?)</h2>', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 статья", "1 article"),
        (2, "2 статьи", "2 articles"),
        (5, "5 статей", "5 articles"),
        (11, "11 статей", "11 articles"),
        (21, "21 статья", "21 articles"),
        (22, "22 статьи", "22 articles"),
    ],
)
def test_article_counts_take_the_right_plural_form_in_both_languages(
    client, days, count, russian, english
):
    assert day_heading(client, COUNTS[count], "ru") == russian
    assert day_heading(client, COUNTS[count], "en") == english


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 статей"), (3, "3 статьи"), (12, "12 статей"), (101, "101 статья")],
)
def test_the_catalogue_plural_rule_is_russian(count, expected):
    with translation.override("ru"):
        assert articles_text(count) == expected


@pytest.mark.django_db
def test_interface_follows_the_browsers_language(client):
    russian = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in russian and "Перейти к содержимому" in russian
    assert '<html lang="en">' in english and "Skip to content" in english


@pytest.mark.django_db
def test_language_switcher_switches_the_interface_and_remembers_it(client, make_article):
    article = make_article(title="Беларусь и Китай", published_on=datetime.date(2025, 11, 14))
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="language" value="ru"' in page

    response = client.post("/i18n/setlang/", {"language": "ru", "next": article.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in page
    assert "Как цитировать статью" in page and "14 ноября 2025" in page
    assert "Беларусь и Китай" in page  # the article itself stays in its language
    # Each language is offered in its own name, whatever the interface language.
    assert re.search(r'lang="en"[^>]*>English</button>', page)
    assert re.search(r'lang="ru"[^>]*>Русский</button>', page)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Cite this article" in page and "Nov. 14, 2025" in page


def read_po(path: Path) -> list[dict]:
    """The catalogue's entries: msgid, plural and translations, flags (just enough of PO)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": "", "msgstr": {}}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'(msgid_plural|msgid|msgctxt|msgstr(?:\[\d\])?) (".*")', line):
                field, text = match.group(1), ast.literal_eval(match.group(2))
                if field.startswith("msgstr"):
                    entry["msgstr"][field] = text
                else:
                    entry[field] = text
            elif line.startswith('"') and field:
                text = ast.literal_eval(line)
                if field.startswith("msgstr"):
                    entry["msgstr"][field] += text
                else:
                    entry[field] += text
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_every_interface_string_has_a_russian_translation():
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert fuzzy == []
    assert untranslated == []
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all(len(e["msgstr"]) == 3 for e in plurals)


def test_the_committed_compiled_catalogue_matches_the_source():
    """A fresh machine may have no gettext tools: the .mo in the repository is what runs."""
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["plural-forms"].startswith("nplurals=3;")
    for entry in read_po(CATALOGUE / "django.po"):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            assert (
                compiled.ngettext(msgid, entry["msgid_plural"], 5) == entry["msgstr"]["msgstr[2]"]
            )
        else:
            assert compiled.gettext(msgid) == entry["msgstr"]["msgstr"], msgid
