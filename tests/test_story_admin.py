"""Stories in the admin: an editor reviews a story, splits an article out, confirms, merges."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from archive.models import Article, Story, StoryRole
from archive.stories import group_articles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.usefixtures("plain_static_storage"),
]

DAY = datetime.date(2025, 3, 3)
WIRE = (
    "Беларусь и Китай подписали меморандум о сотрудничестве в области образования и науки. "
    "Документ скрепили подписями министр образования Беларуси и посол Китая в Минске во время "
    "встречи в министерстве. Стороны договорились об обмене студентами и преподавателями, о "
    "совместных научных лабораториях и о летних школах для аспирантов двух стран."
)
HARVEST = (
    "В Гомельской области завершили уборку зерновых: аграрии намолотили больше миллиона тонн, "
    "урожайность выросла по сравнению с прошлым годом. Председатель облисполкома поблагодарил "
    "механизаторов и пообещал премии лучшим экипажам на торжественном собрании в Гомеле."
)


@pytest.fixture
def editor_client(db):
    user = User.objects.create_user("editor", password="correct horse", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def story(make_article):
    """Three reprints of one wire text, grouped into one story."""
    articles = [
        make_article(title=f"Меморандум {i}", body=f"{WIRE} ({i})", published_on=DAY)
        for i in range(3)
    ]
    group_articles([a.pk for a in articles])
    articles = [Article.objects.get(pk=a.pk) for a in articles]
    assert len({a.story_id for a in articles}) == 1 and articles[0].story_id
    return Story.objects.get(pk=articles[0].story_id), articles


def member_form(story, articles, ticked=None):
    data = {
        "label": "",
        "articles-TOTAL_FORMS": str(len(articles)),
        "articles-INITIAL_FORMS": str(len(articles)),
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "0",
        "_save": "Save",
    }
    for i, article in enumerate(articles):
        data |= {
            f"articles-{i}-id": str(article.pk),
            f"articles-{i}-story": str(story.pk),
            f"articles-{i}-story_role": article.story_role,
        }
        for name in (ticked or {}).get(article.pk, ()):
            data[f"articles-{i}-{name}"] = "on"
    return data


def test_an_editor_sees_the_story_with_its_articles_and_their_scores(editor_client, story):
    story, articles = story
    listing = editor_client.get("/admin/archive/story/")
    assert listing.status_code == 200
    assert "Меморандум 0" in listing.content.decode()
    page = editor_client.get(f"/admin/archive/story/{story.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    for article in articles:
        assert article.get_absolute_url() in html
    assert "split out" in html.lower() and "reprint" in html


def test_an_article_split_out_in_the_admin_stays_out_when_grouping_runs_again(editor_client, story):
    story, (first, second, third) = story
    response = editor_client.post(
        f"/admin/archive/story/{story.pk}/change/",
        member_form(story, [first, second, third], {third.pk: ["split_out"]}),
    )
    assert response.status_code == 302
    third = Article.objects.get(pk=third.pk)
    assert (third.story_id, third.story_confirmed) == (None, True)
    group_articles([first.pk, second.pk, third.pk])
    assert Article.objects.get(pk=third.pk).story_id is None
    assert Article.objects.filter(story=story).count() == 2


def test_confirming_a_story_confirms_each_of_its_articles(editor_client, story):
    story, articles = story
    response = editor_client.post(
        "/admin/archive/story/",
        {"action": "confirm", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    assert set(Article.objects.filter(story=story).values_list("story_confirmed", flat=True)) == {
        True
    }


def test_merging_two_stories_keeps_the_earlier_one_with_every_article(
    editor_client, story, make_article
):
    story, articles = story
    later = [
        make_article(title=f"Урожай {i}", body=f"{HARVEST} ({i})", published_on=DAY.replace(day=5))
        for i in range(2)
    ]
    group_articles([a.pk for a in later])
    other = Article.objects.get(pk=later[0].pk).story
    assert other is not None and other != story
    response = editor_client.post(
        "/admin/archive/story/",
        {"action": "merge", "_selected_action": [story.pk, other.pk]},
    )
    assert response.status_code == 302
    assert not Story.objects.filter(pk=other.pk).exists()
    merged = Article.objects.filter(story=story)
    assert merged.count() == 5 and not merged.filter(story_confirmed=False).exists()
    assert merged.filter(story_role=StoryRole.RELATED).count() == 1


def test_merging_needs_two_stories(editor_client, story):
    story, _ = story
    response = editor_client.post(
        "/admin/archive/story/", {"action": "merge", "_selected_action": [story.pk]}, follow=True
    )
    assert "Select at least two stories to merge." in response.content.decode()
    assert Story.objects.filter(pk=story.pk).exists()


def test_staff_without_the_story_permissions_cannot_change_stories(story):
    story, _ = story
    user = User.objects.create_user("visitor", password="correct horse", is_staff=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.post(
        "/admin/archive/story/", {"action": "confirm", "_selected_action": [story.pk]}
    )
    assert response.status_code == 403
    assert not Article.objects.filter(story=story, story_confirmed=True).exists()


def test_the_article_page_in_the_admin_links_its_story(editor_client, story):
    story, (first, *_) = story
    html = editor_client.get(f"/admin/archive/article/{first.pk}/change/").content.decode()
    assert f'href="/admin/archive/story/{story.pk}/change/"' in html
