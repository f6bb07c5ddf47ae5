"""An article's citation as BibTeX, RIS and CSL-JSON: files a reference manager reads back."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from archive.citation import Work
from archive.citation_formats import Reference, bibtex, csl_json, ris

ACCESSED = datetime.date(2026, 11, 22)
TRICKY = Work(
    title="Tariffs {cut} by 50% & $5_000 fund #1: ^up~ \\ «Пояс и путь»",
    published_on=datetime.date(2025, 11, 14),
    language="ru",
    site="BelTA & Co",
    url="https://belta.by/news/{id}?a=1&b=2",
    author="BelTA & Co",
)
REFERENCE = Reference(
    work=TRICKY,
    key="concord42",
    archive_url="https://concord.example/articles/2025/11/14/tariffs/",
    accessed=ACCESSED,
    abstract="First line of the lead,\n\nand its second paragraph.",
)
UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\{": "{",
    r"\}": "}",
    r"\$": "$",
    r"\&": "&",
    r"\%": "%",
    r"\#": "#",
    r"\_": "_",
    r"\^{}": "^",
    r"\~{}": "~",
}


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """A small BibTeX reader: the entry type, key and fields, each value's braces balanced
    (an escaped brace does not count), and TeX's escapes read back."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", text)
    assert head, text
    fields, position = {}, head.end()
    field = re.compile(r"\s*(\w+) = \{")
    while (found := field.match(text, position)) is not None:
        depth, i = 1, found.end()
        while depth:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            i += 1
        raw = text[found.end() : i - 1]
        fields[found.group(1)] = re.sub(
            "|".join(re.escape(e) for e in UNESCAPE), lambda m: UNESCAPE[m.group()], raw
        )
        assert text[i] == ",", f"field {found.group(1)} does not end with a comma"
        position = i + 1
    assert text[position:].strip() == "}", "the entry ends after its last field"
    return head.group(1), head.group(2), fields


def test_bibtex_entry_escapes_what_tex_would_read_as_commands():
    kind, key, fields = parse_bibtex(bibtex(REFERENCE))
    assert (kind, key) == ("article", "concord42")
    assert fields["title"] == TRICKY.title
    assert fields["journal"] == "BelTA & Co"
    assert fields["entrysubtype"] == "newspaper"
    assert (fields["date"], fields["year"], fields["month"], fields["day"]) == (
        "2025-11-14", "2025", "nov", "14",
    )  # fmt: skip
    assert fields["urldate"] == "2026-11-22"
    assert fields["language"] == "russian"
    # A URL is read verbatim: only the braces that would end the value are encoded.
    assert fields["url"] == "https://belta.by/news/%7Bid%7D?a=1&b=2"
    assert fields["note"] == "Concord: https://concord.example/articles/2025/11/14/tariffs/"
    assert fields["abstract"] == "First line of the lead, and its second paragraph."
    assert r"\{cut\} by 50\% \& \$5\_000 fund \#1: \^{}up\~{} \textbackslash{}" in bibtex(REFERENCE)


def test_ris_record_is_a_newspaper_article_one_tag_a_line():
    text = ris(REFERENCE)
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")[:-1]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), lines
    tags = [(line[:2], line[6:]) for line in lines]
    assert tags[0] == ("TY", "NEWS") and tags[-1] == ("ER", "")
    found = dict(tags)
    assert found["TI"] == TRICKY.title
    assert found["T2"] == "BelTA & Co"
    assert (found["PY"], found["DA"], found["Y2"]) == ("2025", "2025/11/14/", "2026/11/22")
    assert found["UR"] == TRICKY.url and found["LA"] == "ru"
    # A lead in paragraphs is one line: a line break would start a tag RIS does not know.
    assert found["AB"] == "First line of the lead, and its second paragraph."


def test_csl_json_item_is_a_dated_newspaper_article():
    (item,) = json.loads(csl_json(REFERENCE))
    assert item["type"] == "article-newspaper"
    assert item["id"] == "concord42"
    assert item["title"] == TRICKY.title
    assert item["container-title"] == "BelTA & Co"
    assert item["issued"] == {"date-parts": [[2025, 11, 14]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert item["URL"] == TRICKY.url and item["language"] == "ru"


def test_without_a_lead_no_abstract_is_written():
    bare = Reference(TRICKY, "concord1", "https://c.example/a/", ACCESSED)
    assert "abstract" not in parse_bibtex(bibtex(bare))[2]
    assert "\r\nAB  - " not in ris(bare)
    assert "abstract" not in json.loads(csl_json(bare))[0]


# --- The files, served for an article of the archive ------------------------------------------


@pytest.mark.django_db
def test_a_seed_article_downloads_in_all_three_formats(client, seeds):
    article = next(a for a in seeds if a.outlet_id and a.source_url)
    page = f"http://testserver{article.get_absolute_url()}"
    bib = client.get(reverse("archive:article-cite-bibtex", args=[article.pk]))
    assert bib.status_code == 200
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib["Content-Disposition"] == f'attachment; filename="concord-{article.pk}.bib"'
    _kind, key, fields = parse_bibtex(bib.content.decode())
    assert key == f"concord{article.pk}"
    assert fields["journal"] == article.outlet.name
    assert fields["url"] == article.source_url
    assert fields["note"] == f"Concord: {page}"

    record = client.get(reverse("archive:article-cite-ris", args=[article.pk]))
    assert record["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert record.content.decode().startswith("TY  - NEWS\r\nTI  - ")

    csl = client.get(reverse("archive:article-cite-csl", args=[article.pk]))
    assert csl["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = csl.json()
    day = article.published_on
    assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
    assert item["title"] == " ".join(article.title.split())


@pytest.mark.django_db
def test_an_article_that_does_not_exist_has_no_citation(client):
    for name in (
        "archive:article-cite-bibtex",
        "archive:article-cite-ris",
        "archive:article-cite-csl",
    ):
        assert client.get(reverse(name, args=[999_999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_article_page_offers_the_files_and_copy_buttons_that_scripts_reveal(
    client, seeds, language
):
    article = seeds[0]
    html = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for name in (
        "archive:article-cite-ris",
        "archive:article-cite-bibtex",
        "archive:article-cite-csl",
    ):
        assert f'href="{reverse(name, args=[article.pk])}"' in html
    buttons = re.findall(
        r'<button type="button" class="copy-button" data-copy="([\w-]+)" hidden>', html
    )
    assert buttons == ["cite-gost", "cite-apa"]
    assert all(f'id="{target}"' in html for target in buttons)
    assert re.search(
        r'<p class="copy-status" role="status" data-copied="[^"]+" data-failed="[^"]+">', html
    )
    assert re.search(r'<script src="/static/js/copy-citation\.[0-9a-f]+\.js" defer></script>', html)
