"""Every form of a word and every spelling of a name finds the same articles.

Russian case forms are declined (pymorphy3) and stemmed by PostgreSQL; names come from the
register (archive.models.Name), seeded by migration 0007 and edited in the admin.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.countries import load_matcher
from archive.models import Article, Name
from archive.search import names
from archive.search import query as q
from tests import searching

SEED_FORMS = [
    ["Беларусь", "Беларуси", "Беларусью", "Белоруссия", "Белоруссии", "Belarus"],
    ["Китай", "Китая", "Китаю", "Китаем", "Китае", "КНР", "China"],
    ["Лукашенко", "Лукашенкой", "Lukashenko", "Lukashenka"],
]


def found(text: str, exact: bool = False) -> set[int]:
    params = {"q": text, "per_page": "100", **({"exact": "1"} if exact else {})}
    return set(searching.ids(params))


@pytest.mark.parametrize("forms", SEED_FORMS, ids=lambda forms: forms[0])
def test_every_form_and_spelling_finds_the_same_seed_articles(seeds, forms):
    results = {form: found(form) for form in forms}
    assert results[forms[0]], f"{forms[0]} finds no seed article"
    assert all(result == results[forms[0]] for result in results.values()), results


@pytest.fixture
def news(make_article):
    """Articles that each use one form or spelling only."""
    day = datetime.date(2025, 3, 1)
    texts = {
        "by_nom": ("ru", "Беларусь строит завод", "Беларусь открыла новый завод."),
        "by_gen": ("ru", "Делегация из Беларуси", "Делегация Беларуси прибыла в порт."),
        "by_ins": ("ru", "Связи с Беларусью", "Торговля с Беларусью растёт."),
        "by_old": ("ru", "Белоруссия и порт", "В Белоруссии открыли порт."),
        "by_en": ("en", "Belarus builds a plant", "Belarus opened a plant."),
        "cn_gen": ("ru", "Товары из Китая", "Поставки из Китая выросли."),
        "cn_dat": ("ru", "Экспорт к Китаю", "Экспорт к Китаю удвоился."),
        "cn_prc": ("ru", "Визит в КНР", "Премьер посетил КНР."),
        "cn_en": ("en", "Exports to China", "Exports to China doubled."),
        "kz_nom": ("ru", "Казахстан и транзит", "Казахстан расширил транзит."),
        "kz_gen": ("ru", "Транзит Казахстана", "Транзит Казахстана вырос."),
        "tok_ru": ("ru", "Заявление Токаева", "Президент Токаев выступил с речью."),
        "tok_en": ("en", "Tokayev speaks", "President Tokayev gave a speech."),
        "xi_ru": ("ru", "Встреча с Си Цзиньпином", "Состоялась встреча с Си Цзиньпином."),
        "xi_en": ("en", "Xi Jinping meets envoys", "Xi Jinping met the envoys."),
        "xi_hy": ("en", "Xi-Jinping on trade", "Xi-Jinping spoke about trade."),
        "lu_ru": ("ru", "Указ Лукашенко", "Лукашенко подписал указ о порте."),
        "lu_en": ("en", "Lukashenka signs a decree", "Lukashenka signed a decree on ports."),
        "whale": ("ru", "Кит у берега", "У берега видели кита."),
    }
    return {
        key: make_article(title=title, body=body, language=language, published_on=day)
        for key, (language, title, body) in texts.items()
    }


def ids(news, *keys):
    return {news[key].id for key in keys}


GENERATED_FORMS = [
    (
        ["Беларусь", "Беларуси", "Беларусью", "Белоруссия", "Belarus"],
        ["by_nom", "by_gen", "by_ins", "by_old", "by_en"],
    ),
    (
        ["Китай", "Китая", "Китаю", "Китаем", "КНР", "China"],
        ["cn_gen", "cn_dat", "cn_prc", "cn_en", "whale"],
    ),
    (["Казахстан", "Казахстана", "Казахстаном"], ["kz_nom", "kz_gen"]),
    (["Токаев", "Токаева", "Tokayev", "Tokaev"], ["tok_ru", "tok_en"]),
    (["Лукашенко", "Лукашенкой", "Lukashenko", "Lukashenka"], ["lu_ru", "lu_en"]),
    (
        ["Си Цзиньпин", "Си Цзиньпина", "Xi Jinping", "Xi-Jinping", '"Xi Jinping"'],
        ["xi_ru", "xi_en", "xi_hy"],
    ),
]


@pytest.mark.parametrize(("forms", "expected"), GENERATED_FORMS, ids=lambda v: v[0])
def test_case_forms_and_spellings_find_identical_sets(news, forms, expected):
    for form in forms:
        assert found(form) == ids(news, *expected), form


def test_a_whale_is_not_china(news):
    # «кит» shares the stem of «Китая» in PostgreSQL's stemmer, but no form with «Китай»:
    # it is not read as the country's name, so English articles about China stay out.
    # (The other way round the stems cannot tell them apart: «Китай» finds «кита».)
    assert found("кит") == ids(news, "whale", "cn_gen")


@pytest.mark.parametrize("excluded", ["Китай", "Китая", "КНР", "China"])
def test_exclusion_removes_every_form_and_spelling(news, excluded):
    assert found(f"экспорт -{excluded}") == set()
    everything = found("порт OR поставки OR экспорт OR exports")
    left = found(f"порт OR поставки OR экспорт OR exports -{excluded}")
    assert ids(news, "cn_gen", "cn_dat", "cn_en") <= everything
    assert left == everything - ids(news, "cn_gen", "cn_dat", "cn_en")


def test_exact_mode_keeps_quotes_to_the_form_typed(news):
    assert found('"Беларуси"', exact=True) == ids(news, "by_gen")
    assert found('"Беларуси"') == ids(news, "by_nom", "by_gen", "by_ins", "by_old", "by_en")


def test_a_phrase_finds_every_case_form_of_its_words(news):
    assert found('"Экспорт к Китаю"') == ids(news, "cn_dat")
    assert found('"экспорт к Китаю"') == found('"экспорт к Китай"')


def test_a_hyphenated_word_inside_a_phrase_still_matches(make_article):
    article = make_article(
        title="Связи",
        body="Межрегиональные связи стали направлением белорусско-китайского диалога.",
    )
    assert found('"направлением белорусско-китайского диалога"') == {article.id}


def test_a_name_added_in_the_admin_is_searched_at_once(news):
    assert found("Lukashenko") == ids(news, "lu_ru", "lu_en")
    Name.objects.create(canonical="Порт", kind="place", variants=["Harbour"])
    assert found("harbour") == found("порт") != set()


def test_a_name_saved_by_another_process_is_searched_after_the_check(news):
    # Another process's save sends no signal here: the register's version, checked with the
    # next search's look-ups once REFRESH_SECONDS have passed, tells that it changed.
    assert found("harbour") == set()
    Name.objects.bulk_create([Name(canonical="Порт", kind="place", variants=["Harbour"])])
    assert found("harbour") == set()  # checked less than REFRESH_SECONDS ago
    names._state["checked"] -= names.REFRESH_SECONDS + 1
    assert names.version_part() is not None
    assert found("harbour") == found("порт") != set()


def test_a_longer_spelling_is_found_by_the_shorter_and_marked_whole(news, make_article, client):
    # «Republic of Belarus» holds «Belarus»: the search looks for the shorter only, finds the
    # article all the same, and the highlighter, which reads the whole query, still marks
    # the longer spelling's words.
    republic = make_article(
        title="Talks in Minsk",
        body="The Republic of Belarus signed a trade protocol.",
        language="en",
        published_on=datetime.date(2025, 3, 2),
    )
    assert republic.id in found("Беларусь")
    page = client.get("/en/search/", {"q": "Беларусь"}).content.decode()
    assert "<mark>Republic</mark> of <mark>Belarus</mark>" in page


def test_the_search_page_names_the_spellings_it_also_searched(news, client):
    response = client.get("/search/", {"q": "Lukashenka"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Also searched for other spellings of the name:" in page
    assert (
        '<span lang="ru">Лукашенко</span>' in page and '<span lang="en">Lukashenko</span>' in page
    )
    assert {a.id for a in response.context["found"].articles} == ids(news, "lu_ru", "lu_en")


def test_spellings_that_would_shrink_to_a_stop_word_are_left_out(news):
    Name.objects.create(canonical="Wang Yi", kind="person", variants=["Ван И"])
    # «Ван И» without its stop word would be «Ван» alone: every article with that word.
    assert "Ван И" not in q.spellings_searched(q.parse("Wang Yi"))


def test_the_importer_recognises_a_registered_spelling(db):
    Name.objects.filter(canonical="Belarus").update(variants=["Беларусь", "Белая Русь"])
    mentions = load_matcher().find("Делегация Белой Руси прибыла в порт. Белая Русь ждёт гостей.")
    assert mentions.counts["BY"] == 2


def test_editors_cannot_give_two_names_one_spelling(admin_client):
    response = admin_client.post(
        "/admin/archive/name/add/",
        {"canonical": "Alexander L.", "kind": "person", "variants": "Lukashenka"},
    )
    assert response.status_code == 200
    assert "already a spelling of" in response.content.decode()
    assert not Name.objects.filter(canonical="Alexander L.").exists()


# --- Did you mean --------------------------------------------------------------------------


@pytest.fixture
def committed_article(django_db_setup, django_db_blocker):
    """An article committed for real, so that a new database session sees it; removed after."""
    with django_db_blocker.unblock():
        article = Article.objects.create(
            title="Казахстан расширил транзит",
            body="Казахстан расширил транзит грузов.",
            published_on=datetime.date(2025, 3, 1),
            language="ru",
        )
        yield article
        article.delete()
        connection.close()


def test_did_you_mean_on_a_new_connections_first_request(committed_article, client):
    connection.close()  # the next request opens a new session, as a plain HTTP client's does
    response = client.get("/search/", {"q": "Казахтан"})
    assert response.status_code == 200
    assert response.context["found"].suggestion == "казахстан"


def test_did_you_mean_offers_a_spelling_from_the_register(news, client):
    # «Токаев» is in no title of these articles as written; the register knows the name.
    Article.objects.filter(id=news["tok_ru"].id).update(title="Речь президента")
    response = client.get("/search/", {"q": "Токаеф"})
    assert response.context["found"].suggestion == "токаев"


def test_did_you_mean_corrects_one_misspelt_word_when_others_matched(news, client):
    response = client.get("/search/", {"q": "порт OR Казахтсан"})
    results = response.context["found"]
    assert results.count.value > 0
    assert results.suggestion == "порт OR казахстан"
    assert "Did you mean" in response.content.decode()  # above the results, not only when empty


# --- Facets ----------------------------------------------------------------------------------


def test_search_statements_run_without_jit(db):
    from archive.search.guard import guarded

    with guarded() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("url", ["/search/", "/search/?pair=BY-CN", "/api/articles/"])
def test_every_facet_is_there_without_a_query(seeds, client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        facets = response.json()["facets"]
        assert all(facets[name] for name in facets), facets
        assert len(facets) == 6
    else:
        counted = response.context["found"].facets
        assert all(facet.available and facet.values for facet in counted.values()), counted
        assert "took too long" not in response.content.decode()


# --- Generated news --------------------------------------------------------------------------

GENERATED_COUNTRIES = ["Беларусь", "Китай", "Россия", "Казахстан", "Узбекистан", "Индия"]


@pytest.fixture
def generated_news(db, tmp_path):
    """300 news-shaped records from the import benchmark's generator, imported for real: the
    countries appear in the case forms news uses (and in English stories by their names)."""
    from tests.bench.synthetic.news import write_news

    path = tmp_path / "news.jsonl"
    write_news(path, 300, seed=7, given=True)
    call_command("import_articles", str(path), "--workers", "1", "--no-progress", verbosity=0)
    return Article.objects.count()


@pytest.mark.parametrize("name", GENERATED_COUNTRIES)
def test_case_forms_find_identical_sets_on_generated_news(generated_news, name):
    from tests.bench.synthetic.news import _inflections

    forms = _inflections(name)
    assert len(forms) >= 4, forms  # the generator declines the name
    results = {form: found(form) for form in forms}
    assert results[name], f"no generated article names {name}"
    assert all(result == results[name] for result in results.values()), {
        form: len(result) for form, result in results.items()
    }


def test_a_search_whose_look_ups_just_missed_the_check_runs_no_statement_for_it(news):
    # A search's look-ups check the register's version once REFRESH_SECONDS have passed. One
    # whose look-ups came just before (a phrase listed for 100 ms between) uses the register
    # as it stands: checking it then was a seventh statement for the request.
    assert found("Lukashenko")
    names._state["checked"] -= names.REFRESH_SECONDS + 1
    with CaptureQueriesContext(connection) as used:
        names.register()
    assert len(used) == 0
    # Used this long without a search's look-ups (a command, the admin), it checks itself.
    names._state["checked"] -= names.STALE_SECONDS
    with CaptureQueriesContext(connection) as used:
        names.register()
    assert len(used) == 1
