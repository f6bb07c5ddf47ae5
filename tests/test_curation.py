"""Curation in bulk: tagging many articles at once, merging duplicate entries, the review queue."""

import datetime
import re

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client

from archive.models import Agreement, Article, Country, CountryPair, Outlet, SlugRedirect

pytestmark = [
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.usefixtures("plain_static_storage"),
]

ARTICLES = "/admin/archive/article/"
AGREEMENTS = "/admin/archive/agreement/"
OUTLETS = "/admin/archive/outlet/"


@pytest.fixture
def memoranda(make_article):
    """Three articles about a memorandum and one about something else."""
    day = datetime.date(2025, 3, 1)
    about = [
        make_article(
            title=f"Меморандум о сотрудничестве {n}",
            body="Стороны подписали меморандум.",
            published_on=day + datetime.timedelta(days=n),
        )
        for n in range(3)
    ]
    other = make_article(title="Выставка в Минске", body="Открылась выставка.", published_on=day)
    return about, other


def action(client, url, name, ids, select_across=False, first=False, **fields):
    """Post an admin action as the changelist (first=True) or as the action's own page does."""
    data = {
        "action": name,
        "select_across": "1" if select_across else "0",
        "_selected_action": [str(pk) for pk in ids],
        **fields,
    }
    if first:
        data["index"] = "0"
    return client.post(url, data)


def tag_arrays_match_links(article_ids) -> None:
    """The arrays on each article row hold exactly the ids its link tables hold."""
    for article in Article.objects.filter(pk__in=article_ids):
        assert article.pair_ids == sorted(article.pairs.values_list("pk", flat=True))
        assert article.country_ids == sorted(article.countries.values_list("pk", flat=True))
        assert article.agreement_ids == sorted(article.agreements.values_list("pk", flat=True))


# --- Tagging in bulk --------------------------------------------------------------------------


def test_an_editor_tags_every_article_a_search_finds_after_confirming(
    editor_client, memoranda, make_agreement
):
    about, other = memoranda
    agreement = make_agreement("Memorandum on digital cooperation", parties=["BY", "CN"])
    about[0].agreements.add(agreement)  # already tagged: left as it is
    url = f"{ARTICLES}?q=меморандум"

    # "Select all N" on the search, then the action: first the tag, then the counts.
    chooser = action(editor_client, url, "add_tag", [about[0].pk], select_across=True, first=True)
    assert chooser.status_code == 200
    assert "3 articles are selected." in chooser.content.decode()
    confirm = action(
        editor_client, url, "add_tag", [about[0].pk], True, stage="confirm", agreement=agreement.pk
    )
    page = confirm.content.decode()
    assert "Add agreement “Memorandum on digital cooperation” to 3 articles?" in page
    assert "2 of them do not have it yet." in page
    assert not Article.objects.filter(agreements=agreement).exclude(pk=about[0].pk).exists()

    done = action(
        editor_client, url, "add_tag", [about[0].pk], True, stage="apply", agreement=agreement.pk
    )
    assert done.status_code == 302
    tagged = set(Article.objects.filter(agreements=agreement).values_list("pk", flat=True))
    assert tagged == {a.pk for a in about}
    assert agreement.pk not in Article.objects.get(pk=other.pk).agreement_ids
    tag_arrays_match_links([a.pk for a in [*about, other]])
    # One history entry for each article that changed, none for the one that had it.
    logged = LogEntry.objects.filter(action_flag=CHANGE, content_type__model="article")
    assert sorted(int(e.object_id) for e in logged) == sorted(a.pk for a in about[1:])
    assert all("Memorandum on digital cooperation" in e.get_change_message() for e in logged)


def test_adding_a_pair_adds_its_countries_and_removing_a_country_removes_its_pairs(
    editor_client, memoranda
):
    about, _other = memoranda
    pair, _created = CountryPair.objects.get_or_create_for("BY-CN")
    ids = [a.pk for a in about[:2]]
    action(editor_client, ARTICLES, "add_tag", ids, stage="apply", pair=pair.pk)
    for article in Article.objects.filter(pk__in=ids):
        assert list(article.pairs.all()) == [pair]
        assert sorted(article.countries.values_list("code", flat=True)) == ["BY", "CN"]
    tag_arrays_match_links(ids)

    china = Country.objects.get(code="CN")
    response = action(editor_client, ARTICLES, "remove_tag", ids, stage="apply", country=china.pk)
    assert response.status_code == 302
    for article in Article.objects.filter(pk__in=ids):
        assert list(article.pairs.all()) == []
        assert list(article.countries.values_list("code", flat=True)) == ["BY"]
    tag_arrays_match_links(ids)


def test_the_tag_page_asks_again_when_no_tag_or_two_are_chosen(editor_client, memoranda):
    about, _other = memoranda
    china = Country.objects.get(code="CN")
    pair, _created = CountryPair.objects.get_or_create_for("BY-CN")
    for fields in ({}, {"country": china.pk, "pair": pair.pk}, {"country": "999999"}):
        response = action(
            editor_client, ARTICLES, "add_tag", [about[0].pk], stage="apply", **fields
        )
        assert response.status_code == 200
        assert not Article.objects.get(pk=about[0].pk).countries.exists()


def test_staff_without_the_change_permission_cannot_tag_in_bulk(memoranda, make_agreement):
    about, _other = memoranda
    agreement = make_agreement()
    reader = User.objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reader)
    listing = client.get(ARTICLES).content.decode()
    assert 'value="add_tag"' not in listing
    ids = [a.pk for a in about]
    action(client, ARTICLES, "add_tag", ids, first=True)
    action(client, ARTICLES, "add_tag", ids, stage="apply", agreement=agreement.pk)
    assert not Article.objects.filter(agreements=agreement).exists()
    assert not LogEntry.objects.exists()


# --- Merging ----------------------------------------------------------------------------------


def test_merging_agreements_moves_links_without_duplicates_and_redirects(
    editor_client, client, make_article, make_agreement
):
    keep = make_agreement("Memorandum on trade", slug="memorandum-on-trade", parties=["BY"])
    dupe = make_agreement(
        "Trade memorandum", name_ru="Меморандум о торговле", slug="trade-memo", parties=["CN"]
    )
    both = make_article(title="Оба", published_on=datetime.date(2025, 1, 1))
    only_dupe = make_article(title="Только дубль", published_on=datetime.date(2025, 1, 2))
    both.agreements.add(keep, dupe)
    only_dupe.agreements.add(dupe)

    page = action(editor_client, AGREEMENTS, "merge_selected", [keep.pk, dupe.pk], first=True)
    assert page.status_code == 200 and "Choose the entry to keep." in page.content.decode()
    done = action(
        editor_client, AGREEMENTS, "merge_selected", [keep.pk, dupe.pk],
        stage="apply", survivor=keep.pk,
    )  # fmt: skip
    assert done.status_code == 302

    assert not Agreement.objects.filter(pk=dupe.pk).exists()
    keep.refresh_from_db()
    assert sorted(keep.articles.values_list("pk", flat=True)) == [both.pk, only_dupe.pk]
    assert Article.agreements.through.objects.filter(agreement=keep, article=both).count() == 1
    assert sorted(keep.parties.values_list("code", flat=True)) == ["BY", "CN"]
    # The loser's names stay known to the importer: a blank filled, the rest other names.
    assert keep.name_ru == "Меморандум о торговле" and keep.aliases == ["Trade memorandum"]
    tag_arrays_match_links([both.pk, only_dupe.pk])

    response = client.get("/agreements/trade-memo/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/agreements/memorandum-on-trade/?page=1"
    assert (
        client.get("/ru/agreements/trade-memo/")["Location"]
        == "/ru/agreements/memorandum-on-trade/"
    )
    assert client.get("/agreements/never-was/").status_code == 404

    history = LogEntry.objects.get(action_flag=CHANGE, object_id=str(keep.pk))
    assert "trade-memo" in history.get_change_message()
    assert LogEntry.objects.filter(action_flag=DELETION, object_id=str(dupe.pk)).exists()


def test_a_chain_of_merges_redirects_in_one_step(editor, client, make_agreement):
    from archive.merging import merge

    first = make_agreement("Plan A", slug="plan-a")
    second = make_agreement("Plan B", slug="plan-b")
    third = make_agreement("Plan C", slug="plan-c")
    merge(second, [first], editor)
    merge(third, [second], editor)
    for old in ("plan-a", "plan-b"):
        response = client.get(f"/agreements/{old}/")
        assert response.status_code == 301 and response["Location"] == "/agreements/plan-c/"
    assert set(SlugRedirect.objects.values_list("old_slug", "target_id")) == {
        ("plan-a", third.pk),
        ("plan-b", third.pk),
    }


def test_merging_outlets_moves_their_articles_and_redirects_the_old_page(
    editor_client, client, make_outlet, make_article
):
    keep = make_outlet("Minsk Wire", slug="minsk-wire", domain="")
    dupe = make_outlet("МИНСК-ВАЙР", slug="minsk-wire-2", domain="wire.example.by")
    article = make_article(title="Новость", outlet=dupe)
    action(editor_client, OUTLETS, "merge_selected", [keep.pk, dupe.pk], first=True)
    done = action(
        editor_client, OUTLETS, "merge_selected", [keep.pk, dupe.pk],
        stage="apply", survivor=keep.pk,
    )  # fmt: skip
    assert done.status_code == 302
    article.refresh_from_db()
    keep.refresh_from_db()
    assert article.outlet == keep
    assert keep.domain == "wire.example.by" and keep.aliases == ["МИНСК-ВАЙР"]
    assert not Outlet.objects.filter(pk=dupe.pk).exists()
    response = client.get("/sources/minsk-wire-2/")
    assert response.status_code == 301 and response["Location"] == "/sources/minsk-wire/"


def test_a_merge_needs_two_entries(editor_client, make_agreement):
    alone = make_agreement()
    response = action(editor_client, AGREEMENTS, "merge_selected", [alone.pk], first=True)
    assert response.status_code == 302
    assert Agreement.objects.filter(pk=alone.pk).exists()


# --- The review queue -------------------------------------------------------------------------


def test_the_admin_home_counts_the_review_queues_and_links_to_them(
    editor_client, make_article, make_agreement
):
    proposed = make_agreement("Proposed plan", status=Agreement.Status.PROPOSED)
    make_agreement("Signed plan", status=Agreement.Status.SIGNED)
    flagged = make_article(title="Дата под вопросом", date_needs_review=True)
    make_article(title="Дата в порядке", published_on=datetime.date(2025, 2, 2))
    naming = make_article(title="Называет план", published_on=datetime.date(2025, 2, 3))
    naming.agreements.add(proposed)

    page = editor_client.get("/admin/").content.decode()
    rows = dict(re.findall(r'<a href="([^"]+)">[^<]+</a></th>\s*<td>(\d+)</td>', page))
    assert rows == {
        f"{ARTICLES}?review=date": "1",
        f"{AGREEMENTS}?status__exact=proposed": "1",
        f"{ARTICLES}?review=agreements": "1",
    }
    dates = editor_client.get(f"{ARTICLES}?review=date").content.decode()
    assert flagged.title in dates and naming.title not in dates
    named = editor_client.get(f"{ARTICLES}?review=agreements").content.decode()
    assert naming.title in named and flagged.title not in named


def test_marking_dates_reviewed_empties_the_queue(editor_client, make_article):
    flagged = make_article(
        title="Дата", date_needs_review=True, review_note="date read from the URL"
    )
    response = action(editor_client, ARTICLES, "mark_date_reviewed", [flagged.pk], first=True)
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert not flagged.date_needs_review and flagged.review_note == ""
    assert flagged.date_origin == Article.DateOrigin.EDITOR
    assert LogEntry.objects.filter(object_id=str(flagged.pk), action_flag=CHANGE).count() == 1


def test_marking_agreements_checked_gives_them_the_status_chosen(editor_client, make_agreement):
    proposed = make_agreement("Proposed", status=Agreement.Status.PROPOSED)
    signed = make_agreement("Already in force", status=Agreement.Status.IN_FORCE)
    ids = [proposed.pk, signed.pk]
    page = action(editor_client, AGREEMENTS, "mark_checked", ids, first=True)
    assert "1 of the selected agreements awaits checking" in page.content.decode()
    action(editor_client, AGREEMENTS, "mark_checked", ids, stage="apply", status="signed")
    proposed.refresh_from_db()
    signed.refresh_from_db()
    assert proposed.status == "signed" and signed.status == "in_force"


def test_the_redirects_a_merge_left_are_listed_for_administrators(
    admin_client, editor, make_agreement
):
    from archive.merging import merge

    keep = make_agreement("Kept treaty", slug="kept-treaty")
    merge(keep, [make_agreement("Gone treaty", slug="gone-treaty")], editor)
    page = admin_client.get("/admin/archive/slugredirect/").content.decode()
    assert "gone-treaty" in page and 'href="/agreements/kept-treaty/"' in page
    assert admin_client.get("/admin/archive/slugredirect/add/").status_code == 403


def _event(slug, start, **fields):
    from archive.models import Event

    return Event.objects.create(
        name_en=slug.replace("-", " ").title(),
        slug=slug,
        start_on=start,
        status=Event.Status.CONFIRMED,
        **fields,
    )


def test_an_editor_links_the_articles_a_search_finds_to_an_event(editor_client, memoranda):
    about, other = memoranda
    visit = _event("minsk-visit", datetime.date(2025, 3, 1))
    url = f"{ARTICLES}?q=меморандум"
    done = action(editor_client, url, "add_tag", [about[0].pk], True, stage="apply", event=visit.pk)
    assert done.status_code == 302
    assert set(visit.articles.values_list("pk", flat=True)) == {a.pk for a in about}
    removed = action(
        editor_client, url, "remove_tag", [about[0].pk], False, stage="apply", event=visit.pk
    )
    assert removed.status_code == 302
    assert set(visit.articles.values_list("pk", flat=True)) == {a.pk for a in about[1:]}
    assert not visit.articles.filter(pk=other.pk).exists()


def test_merging_events_moves_reports_and_documents_and_redirects(
    editor, client, make_article, make_agreement
):
    from archive.merging import merge

    keep = _event("summit-2025", datetime.date(2025, 6, 3))
    dupe = _event("summit-in-minsk", datetime.date(2025, 6, 3), place="Минск")
    report = make_article(title="Саммит", published_on=datetime.date(2025, 6, 3))
    dupe.articles.add(report)
    dupe.agreements.add(make_agreement("Joint statement"))
    merge(keep, [dupe], editor)
    keep.refresh_from_db()
    assert list(keep.articles.values_list("pk", flat=True)) == [report.pk]
    assert keep.agreements.count() == 1 and keep.place == "Минск"
    response = client.get("/events/summit-in-minsk/")
    assert response.status_code == 301 and response["Location"] == "/events/summit-2025/"
