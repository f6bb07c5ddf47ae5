"""schema.org JSON-LD on article and agreement pages: valid JSON, the right types and facts,
and no text of an article able to leave its script element."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from archive.models import Agreement, Article
from tests.test_security import inline_code

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(client, address: str) -> dict:
    """The page's one JSON-LD block, parsed."""
    response = client.get(address)
    assert response.status_code == 200
    blocks = BLOCK.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def test_every_seed_article_is_a_news_article_with_its_facts(client, seeds):
    for article in Article.objects.select_related("outlet").prefetch_related(
        "countries", "agreements"
    ):
        data = jsonld(client, article.get_absolute_url())
        url = f"http://testserver{article.get_absolute_url()}"
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == article.title
        assert data["datePublished"] == article.published_on.isoformat()
        assert data["inLanguage"] == article.language
        assert data["url"] == data["@id"] == url
        if article.outlet:
            assert data["publisher"]["@type"] == "Organization"
            assert data["publisher"]["name"] == article.outlet.name
        else:
            assert "publisher" not in data
        assert data.get("isBasedOn") == article.source_url
        countries = sorted(c.code for c in article.countries.all())
        assert sorted(c["identifier"] for c in data.get("about", [])) == countries
        assert all(c["@type"] == "Country" for c in data.get("about", []))
        mentioned = {m["url"] for m in data.get("mentions", [])}
        assert mentioned == {
            f"http://testserver{a.get_absolute_url()}" for a in article.agreements.all()
        }


def test_the_seeds_name_countries_and_agreements(client, seeds):
    """The check above is not vacuous: some seed article is about countries and mentions one."""
    tagged = [a for a in seeds if a.countries.exists() and a.agreements.exists() and a.outlet_id]
    assert tagged
    data = jsonld(client, tagged[0].get_absolute_url())
    assert data["about"] and data["mentions"] and data["publisher"]
    assert {m["@type"] for m in data["mentions"]} <= {"Legislation", "CreativeWork"}


def test_a_memorandum_is_legislation_signed_by_its_parties(client, seeds):
    memorandum = Agreement.objects.get(slug="belarus-china-ict-memorandum-2024")
    data = jsonld(client, memorandum.get_absolute_url())
    assert data["@type"] == "Legislation"
    assert data["legislationDate"] == "2024-08-22"
    assert "dateCreated" not in data
    assert data["name"] == memorandum.name_en
    assert data["alternateName"] == memorandum.name_ru
    assert data["inLanguage"] == ["en", "ru"]
    parties = {c["identifier"] for c in data["legislationJurisdiction"]}
    assert parties == set(memorandum.parties.values_list("code", flat=True)) == {"BY", "CN"}


def test_a_communique_is_a_creative_work_dated_by_its_signing(client, seeds):
    communique = Agreement.objects.get(kind=Agreement.Kind.JOINT_COMMUNIQUE)
    data = jsonld(client, communique.get_absolute_url())
    assert data["@type"] == "CreativeWork"
    assert data["dateCreated"] == communique.signed_on.isoformat()
    assert "legislationDate" not in data and "legislationJurisdiction" not in data


def test_an_agreement_in_force_says_so_and_its_signatories_are_organisations(
    client, make_agreement
):
    treaty = make_agreement(
        "Treaty on friendship",
        "Договор о дружбе",
        parties=("BY", "RU"),
        kind=Agreement.Kind.TREATY,
        status=Agreement.Status.IN_FORCE,
        party_organisations="Ministry of Foreign Affairs of Belarus\nMinistry of Foreign Affairs of Russia",
        signed_place="Minsk",
        signed_on=datetime.date(1995, 2, 21),
    )
    data = jsonld(client, treaty.get_absolute_url())
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert [o["name"] for o in data["sourceOrganization"]] == [
        "Ministry of Foreign Affairs of Belarus",
        "Ministry of Foreign Affairs of Russia",
    ]
    assert data["locationCreated"] == {"@type": "Place", "name": "Minsk"}


def test_an_agreement_with_one_name_and_no_date_or_parties(client, make_agreement):
    plan = make_agreement("", "План действий", kind=Agreement.Kind.PLAN)
    data = jsonld(client, plan.get_absolute_url())
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "План действий" and data["inLanguage"] == ["ru"]
    assert not {"alternateName", "dateCreated", "spatialCoverage"} & set(data)


def test_a_title_that_closes_the_script_stays_inside_it(client, make_article, make_outlet):
    title = '</script><script>alert("x")</script> <!-- & </SCRIPT >'
    article = make_article(
        title=title,
        lead="Lead </script> too",
        outlet=make_outlet(name="Wire </script><b>"),
        source_url="https://wire.example/a?b=1&c=</script>",
        countries=("BY",),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    (block,) = BLOCK.findall(html)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["headline"] == title
    assert data["description"] == "Lead </script> too"
    assert data["publisher"]["name"] == "Wire </script><b>"
    # Nothing the policy would refuse: the block is data, never run.
    assert inline_code(html) == []
    assert "<script>alert" not in html


def test_the_search_page_and_others_carry_no_json_ld(client, seeds):
    html = client.get(reverse("archive:search"), {"q": "Китай"}).content.decode()
    assert "application/ld+json" not in html
