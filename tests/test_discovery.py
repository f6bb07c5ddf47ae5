"""robots.txt and the OpenSearch description: what crawlers and browsers are told."""

import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the archive's own output


OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


class Robots:
    """RFC 9309 matching as the big crawlers do it: the longest matching rule wins, `*` is any
    run of characters, `$` ends the path, and Allow wins a tie. (Python's own robotparser drops
    the `?` from rules, so it cannot tell `/search/` from `/search/?q=…`.)"""

    def __init__(self, text: str):
        self.rules = []
        for line in text.splitlines():
            field, _, value = line.partition(":")
            if field.strip().lower() in {"allow", "disallow"} and value.strip():
                self.rules.append((field.strip().lower() == "allow", value.strip()))

    def can_fetch(self, path: str) -> bool:
        matches = [
            (len(pattern), allow)
            for allow, pattern in self.rules
            if re.match(re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$"), path)
        ]
        return max(matches, default=(0, True))[1]


@pytest.fixture
def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("User-agent: *\n")
    return text, Robots(text)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/2025/11/14/belarus-i-kitai/",
        "/archive/2025/11/",
        "/pairs/BY-CN/",
        "/agreements/ict-memo/",
        "/sources/news-by/",
        "/search/",
        "/feeds/latest.atom",
    ],
)
def test_robots_allow_the_browsing_pages(robots, path):
    assert robots[1].can_fetch(path)


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=дружба",
        "/search/?pair=BY-CN&year=2025",
        "/api/articles/",
        "/api/articles/1/",
        "/api/anything-else/",
        "/admin/",
        "/feeds/search.atom?q=x",
        "/articles/2025/11/14/belarus-i-kitai/?q=дружба",
        "/i18n/setlang/",
    ],
)
def test_robots_keep_crawlers_out_of_faceted_search_the_api_and_the_admin(robots, path):
    assert not robots[1].can_fetch(path)


def test_robots_point_to_the_sitemap(robots):
    assert "Sitemap: http://testserver/sitemap.xml" in robots[0].splitlines()


def test_opensearch_description_points_to_the_search_page(client):
    response = client.get("/opensearch.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = parse_xml(response.content)
    assert root.findtext(f"{OPENSEARCH}ShortName") == "Concord"
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert urls["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert urls["application/atom+xml"] == "http://testserver/feeds/search.atom?q={searchTerms}"
    assert urls["application/opensearchdescription+xml"] == "http://testserver/opensearch.xml"


def test_opensearch_description_speaks_the_interface_language(client):
    root = parse_xml(client.get("/opensearch.xml", HTTP_ACCEPT_LANGUAGE="ru").content)
    assert root.findtext(f"{OPENSEARCH}Language") == "ru"
    assert "Concord" in root.findtext(f"{OPENSEARCH}Description")
    assert "archive" not in root.findtext(f"{OPENSEARCH}Description")


def test_pages_announce_the_opensearch_description(client):
    html = client.get("/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in html
    assert 'href="/opensearch.xml"' in html
