"""The editorial admin: who gets in, what editors can do, and the checks they meet."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Agreement, Article, Country, CountryPair, Outlet

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
PASTE_URL = "/admin/archive/article/paste/"
ADD_URL = "/admin/archive/article/add/"

# Tests render pages without a collectstatic run: no manifest, no staticfiles/ directory.
pytestmark = [
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.usefixtures("plain_static_storage"),
]


@pytest.fixture
def by_cn(db):
    belarus = Country.objects.get(code="BY")
    china = Country.objects.get(code="CN")
    pair, _ = CountryPair.objects.get_or_create_for("BY", "CN")
    return belarus, china, pair


def article_form(**overrides):
    data = {
        "title": "Беларусь и Китай подписали меморандум",
        "slug": "",
        "lead": "",
        "body": "Стороны договорились о сотрудничестве в цифровой сфере.",
        "published_on": "2025-07-31",
        "language": "ru",
        "outlet": "",
        "source_url": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def form_data(form, data=None):
    """What a browser would post back for a rendered (unbound) form."""
    data = {} if data is None else data
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data


def formset_data(formset):
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for form in formset:
        form_data(form, data)
    return data


# --- Who gets in ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/", PASTE_URL, ADD_URL])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_editors_cannot_reach_users_or_groups(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/auth/user/add/").status_code == 403


def test_editors_see_the_editorial_header_and_their_sections(editor_client):
    page = editor_client.get("/admin/").content.decode()
    assert "Concord editorial" in page
    for section in ("Articles", "Outlets", "Agreements", "Countries"):
        assert section in page
    assert "Users" not in page


def test_staff_without_the_add_permission_cannot_paste(db):
    user = User.objects.create_user("intern", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(PASTE_URL).status_code == 403


def test_create_editor_makes_a_staff_editor_who_is_not_a_superuser(db):
    out = io.StringIO()
    call_command("create_editor", "olga", "--password", "s3cret-enough", stdout=out)
    assert "Created editor “olga”" in out.getvalue()
    olga = User.objects.get(username="olga")
    assert olga.is_staff and not olga.is_superuser
    assert olga.check_password("s3cret-enough")
    assert olga.has_perm("archive.add_article") and not olga.has_perm("auth.change_user")


# --- Adding and checking articles -------------------------------------------------------------


def test_an_editor_adds_an_article_through_the_admin_with_csrf_enforced(editor, by_cn):
    belarus, china, pair = by_cn
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    form_page = client.get(ADD_URL)
    assert form_page.status_code == 200
    token = form_page.cookies["csrftoken"].value

    data = article_form(countries=[belarus.pk, china.pk], pairs=[pair.pk])
    assert client.post(ADD_URL, data).status_code == 403  # no token, no article
    response = client.post(ADD_URL, {**data, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    article = Article.objects.get(title="Беларусь и Китай подписали меморандум")
    assert article.created_by == editor
    assert article.published_on == datetime.date(2025, 7, 31)
    assert [p.code for p in article.pairs.all()] == ["BY-CN"]
    assert article.slug  # made from the title


def test_a_duplicate_source_url_is_refused_with_a_link_to_the_existing_article(
    editor_client, make_article
):
    existing = make_article(title="Первая публикация", source_url="https://mpt.gov.by/node/10669")
    # Same page, spelled differently: upper-case host, trailing slash, tracking parameter.
    data = article_form(source_url="https://MPT.gov.by/node/10669/?utm_source=tg")
    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Another article already has this source URL" in page
    assert f'href="/admin/archive/article/{existing.pk}/change/"' in page
    assert Article.objects.count() == 1


def test_the_source_url_is_stored_as_given_with_its_key(editor_client):
    editor_client.post(ADD_URL, article_form(source_url="https://Example.org/news/1/#top"))
    article = Article.objects.get()
    assert (article.source_url, article.url_key) == (
        "https://Example.org/news/1/#top",
        "example.org/news/1",
    )


def test_a_missing_date_and_an_unknown_language_get_clear_messages(editor_client):
    response = editor_client.post(ADD_URL, article_form(published_on="", language="xx"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the publication date" in page
    assert "Choose the article’s language from the list" in page
    assert not Article.objects.exists()


def test_a_pair_must_be_between_the_articles_countries(editor_client, by_cn):
    belarus, _china, pair = by_cn
    response = editor_client.post(ADD_URL, article_form(countries=[belarus.pk], pairs=[pair.pk]))
    assert response.status_code == 200
    assert "Add China (CN) to the countries, or remove the pair BY-CN." in response.content.decode()
    assert not Article.objects.exists()


def test_a_slug_taken_the_same_day_is_refused(editor_client, make_article):
    make_article(title="Встреча", slug="vstrecha", published_on=datetime.date(2025, 7, 31))
    response = editor_client.post(ADD_URL, article_form(slug="vstrecha"))
    assert "already uses this slug" in response.content.decode()
    assert Article.objects.count() == 1


# --- Finding articles -------------------------------------------------------------------------


def test_admin_search_uses_the_stemmed_full_text_index(editor_client, make_article):
    make_article(
        title="Цифровые технологии сближают Минск и Пекин",
        body="Министерства обсудили развитие связи.",
    )
    make_article(title="Урожай зерна в Брестской области", body="Аграрии собрали урожай.")

    page = editor_client.get("/admin/archive/article/", {"q": "цифровых технологиях"})
    text = page.content.decode()

    assert page.status_code == 200
    assert "Цифровые технологии сближают Минск и Пекин" in text
    assert "Урожай зерна" not in text


def test_admin_search_ranks_by_relevance_unless_a_column_is_chosen(editor_client, make_article):
    make_article(
        title="Новости недели",
        body="Среди прочего упомянут меморандум.",
        published_on=datetime.date(2025, 9, 1),
    )
    make_article(
        title="Меморандум о сотрудничестве подписан",
        body="Документ подписали министры.",
        published_on=datetime.date(2025, 3, 1),
    )

    def search(**params):
        response = editor_client.get("/admin/archive/article/", {"q": "меморандум", **params})
        return response.context["cl"]

    ranked = search()
    assert [a.title for a in ranked.result_list] == [
        "Меморандум о сотрудничестве подписан",
        "Новости недели",
    ]
    # The editor clicks the date column twice: newest first.
    date_column = ranked.list_display.index("published_on")
    by_date = search(o=f"-{date_column}")
    assert [a.title for a in by_date.result_list] == [
        "Новости недели",
        "Меморандум о сотрудничестве подписан",
    ]


def test_an_empty_admin_search_lists_every_article(editor_client, make_article):
    make_article(title="Первая")
    make_article(title="Вторая")
    text = editor_client.get("/admin/archive/article/", {"q": "   "}).content.decode()
    assert "Первая" in text and "Вторая" in text


def test_the_article_list_filters_by_pair_and_shows_pairs(editor_client, make_article):
    make_article(title="Минск и Пекин", pairs=["BY-CN"], countries=["BY", "CN"])
    make_article(title="Москва и Пекин", pairs=["CN-RU"], countries=["CN", "RU"])
    pair = CountryPair.objects.get(code="CN-RU")
    text = editor_client.get(
        "/admin/archive/article/", {"pairs__id__exact": pair.pk}
    ).content.decode()
    assert "Москва и Пекин" in text and "CN-RU" in text
    assert "Минск и Пекин" not in text


def test_the_article_list_costs_the_same_queries_for_few_or_many_articles(
    editor_client, make_article
):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get("/admin/archive/article/").status_code == 200
        return len(queries)

    outlet = Outlet.objects.get(domain="news.by")
    make_article(title="Первая", pairs=["BY-CN"], countries=["BY", "CN"], outlet=outlet)
    few = queries_for_list()
    for n in range(6):
        make_article(title=f"Ещё {n}", pairs=["CN-RU"], countries=["CN", "RU"], outlet=outlet)
    assert queries_for_list() == few


def test_an_agreement_page_lists_the_articles_that_mention_it(editor_client, make_article):
    memorandum = Agreement.objects.create(
        name_ru="Меморандум о сотрудничестве в области ИКТ", kind="memorandum"
    )
    article = make_article(title="Переговоры министров связи")
    article.agreements.add(memorandum)
    text = editor_client.get(f"/admin/archive/agreement/{memorandum.pk}/change/").content.decode()
    assert f'href="/admin/archive/article/{article.pk}/change/">Переговоры министров связи' in text


def test_agreements_are_found_by_their_other_names(editor_client):
    Agreement.objects.create(
        name_en="Roadmap for industrial cooperation", aliases=["дорожная карта промкооперации"]
    )
    text = editor_client.get("/admin/archive/agreement/", {"q": "промкооперации"}).content.decode()
    assert "Roadmap for industrial cooperation" in text


def test_country_forms_are_edited_one_per_line_keeping_capitals(editor_client):
    belarus = Country.objects.get(code="BY")
    response = editor_client.post(
        f"/admin/archive/country/{belarus.pk}/change/",
        {
            "code": "BY",
            "name_en": "Belarus",
            "name_ru": "Беларусь",
            "forms": "беларус*\r\n\r\nРБ\r\nминск*\r\nРБ",
            "compound_stems": "белорусско",
        },
    )
    assert response.status_code == 302
    belarus.refresh_from_db()
    assert belarus.forms == ["беларус*", "РБ", "минск*"]


def test_an_outlet_domain_pasted_as_an_address_is_kept_as_a_host_name(editor_client):
    response = editor_client.post(
        "/admin/archive/outlet/add/",
        {
            "name": "Belarus Today",
            "slug": "",
            "domain": "https://www.sb.by/articles/",
            "country": "",
        },
    )
    assert response.status_code == 302
    outlet = Outlet.objects.get(name="Belarus Today")
    assert (outlet.domain, outlet.slug) == ("sb.by", "belarus-today")


# --- The paste page ---------------------------------------------------------------------------


def test_the_article_list_offers_the_paste_page(editor_client):
    text = editor_client.get("/admin/archive/article/").content.decode()
    assert f'href="{PASTE_URL}"' in text


def test_pasting_a_seed_shows_what_the_importer_read_and_saving_creates_it(editor, editor_client):
    seed = (SEEDS / "004_b51bf4fae41c79d9.txt").read_text(encoding="utf-8")
    preview = editor_client.post(PASTE_URL, {"text": seed, "year": "", "_preview": "1"})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "What the importer found" in page
    assert "Беларусь и Китай активизируют сотрудничество в сфере цифрового развития" in page
    assert "2025-07-31" in page
    assert "https://mpt.gov.by/node/10669" in page
    assert "BY-CN" in page
    assert "Меморандум" in page
    assert not Article.objects.exists()  # a preview writes nothing

    data = form_data(preview.context["review_form"])
    data.update(formset_data(preview.context["proposals"]))
    data.update({"text": seed, "_save": "1"})
    saved = editor_client.post(PASTE_URL, data)

    article = Article.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:archive_article_change", args=[article.pk])
    assert article.source_url == "https://mpt.gov.by/node/10669"
    assert article.published_on == datetime.date(2025, 7, 31)
    assert article.created_by == editor
    assert [p.code for p in article.pairs.all()] == ["BY-CN"]
    assert article.agreements.filter(name_ru__icontains="меморандум").exists()


def test_an_editor_corrects_the_reading_before_saving(editor_client):
    seed = (SEEDS / "004_b51bf4fae41c79d9.txt").read_text(encoding="utf-8")
    preview = editor_client.post(PASTE_URL, {"text": seed, "_preview": "1"})
    data = form_data(preview.context["review_form"])
    data.update(formset_data(preview.context["proposals"]))
    data.update(
        {
            "title": "Связисты Беларуси и Китая обсудили ИИ",
            "source": "Министерство связи и информатизации Республики Беларусь",
            "agreements-0-keep": "",  # the editor drops the proposed memorandum
            "_save": "1",
        }
    )
    editor_client.post(PASTE_URL, data)

    article = Article.objects.get()
    assert article.title == "Связисты Беларуси и Китая обсудили ИИ"
    assert article.outlet == Outlet.objects.get(domain="mpt.gov.by")
    assert not article.agreements.exists()


def test_a_date_without_a_year_is_flagged_or_completed_from_the_year_given(editor_client):
    seed = (SEEDS / "003_0b443b57f3d4f16f.txt").read_text(encoding="utf-8")

    flagged = editor_client.post(PASTE_URL, {"text": seed, "_preview": "1"})
    assert flagged.context["review_form"].initial["date_needs_review"] is True
    assert "needs review" in flagged.content.decode()

    completed = editor_client.post(PASTE_URL, {"text": seed, "year": "2025", "_preview": "1"})
    assert completed.context["review_form"].initial["published_on"] == datetime.date(2025, 11, 4)
    assert "2025-11-04" in completed.content.decode()


def test_pasting_the_same_article_again_updates_instead_of_duplicating(editor_client):
    seed = (SEEDS / "004_b51bf4fae41c79d9.txt").read_text(encoding="utf-8")
    for _round in range(2):
        preview = editor_client.post(PASTE_URL, {"text": seed, "_preview": "1"})
        data = form_data(preview.context["review_form"])
        data.update(formset_data(preview.context["proposals"]))
        editor_client.post(PASTE_URL, {**data, "text": seed, "_save": "1"})
    second_preview = editor_client.post(PASTE_URL, {"text": seed, "_preview": "1"})

    assert Article.objects.count() == 1
    page = second_preview.content.decode()
    assert "The archive already has this article" in page
    assert "Already in the register, and will be linked" in page


def test_the_paste_page_refuses_a_post_without_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    seed = (SEEDS / "004_b51bf4fae41c79d9.txt").read_text(encoding="utf-8")
    assert client.post(PASTE_URL, {"text": seed, "_preview": "1"}).status_code == 403


def test_a_paste_without_a_date_asks_the_editor_for_it_and_saves_nothing(editor_client):
    text = "## Встреча делегаций\n\nДелегации Беларуси и Китая обсудили торговлю.\n"
    response = editor_client.post(PASTE_URL, {"text": text, "_preview": "1"})

    assert response.status_code == 200
    assert "none found: enter the publication date below" in response.content.decode()
    review = response.context["review_form"]
    assert review.initial["published_on"] is None
    assert review.initial["date_needs_review"] is True
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("dateline", "day"),
    [
        ("Минск, 3 марта – БЕЛТА.", 3),
        ("МИНСК, 4 марта /БЕЛТА/.", 4),
        ("Minsk, 5 March (BelTA) –", 5),
    ],
)
def test_a_mixed_case_dateline_dates_the_paste_and_names_the_outlet(editor_client, dateline, day):
    text = f"## Встреча делегаций\n\n{dateline} Делегации Беларуси и Китая обсудили торговлю.\n"
    response = editor_client.post(PASTE_URL, {"text": text, "year": "2025", "_preview": "1"})
    review = response.context["review_form"]
    assert review.initial["published_on"] == datetime.date(2025, 3, day)
    assert review.initial["source"] == "BelTA"


def test_the_paste_page_speaks_russian_to_a_russian_editor(editor_client):
    seed = (SEEDS / "003_0b443b57f3d4f16f.txt").read_text(encoding="utf-8")
    response = editor_client.post(
        PASTE_URL, {"text": seed, "_preview": "1"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    page = response.content.decode()
    assert "Что распознал импорт" in page
    assert "дата прочитана из строки с местом и датой" in page
    assert "What the importer found" not in page and "needs review:" not in page
    broken = editor_client.post(
        PASTE_URL, {"text": "0\n", "_preview": "1"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "заголовок не найден" in broken.content.decode()


def test_saving_a_reading_without_a_date_is_refused(editor_client):
    response = editor_client.post(
        PASTE_URL,
        {
            "text": "x",
            "title": "Встреча",
            "body": "Текст.",
            "published_on": "",
            "language": "ru",
            "agreements-TOTAL_FORMS": "0",
            "agreements-INITIAL_FORMS": "0",
            "_save": "1",
        },
    )
    assert response.status_code == 200
    assert "Give the publication date" in response.content.decode()
    assert not Article.objects.exists()


def test_a_reading_with_a_pair_outside_its_countries_is_refused(editor_client):
    china = Country.objects.get(code="CN")
    response = editor_client.post(
        PASTE_URL,
        {
            "text": "x",
            "title": "Встреча",
            "body": "Текст.",
            "published_on": "2025-07-31",
            "language": "ru",
            "countries": [china.pk],
            "pairs": "cn-by",
            "agreements-TOTAL_FORMS": "0",
            "agreements-INITIAL_FORMS": "0",
            "_save": "1",
        },
    )
    assert "Add BY to the countries, or remove the pair BY-CN." in response.content.decode()
    assert not Article.objects.exists()


def test_an_editor_settling_a_flagged_date_makes_it_theirs_and_clears_the_reason(editor_client):
    editor_client.post(ADD_URL, article_form(date_needs_review="on"))
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(
        date_origin="url", review_note="date read from the URL"
    )
    page = editor_client.get(
        f"/admin/archive/article/{article.pk}/change/", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "дата прочитана из адреса" in page.content.decode()

    editor_client.post(f"/admin/archive/article/{article.pk}/change/", article_form())
    article.refresh_from_db()
    assert (article.date_needs_review, article.review_note, article.date_origin) == (
        False,
        "",
        "editor",
    )
