"""Stories: reprints of one wire text grouped, Russian and English versions proposed, the
command idempotent, editors' decisions kept, and the grouping's cost per batch."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Name, Story, StoryRole, stories_of
from archive.search.names import register
from archive.stories import group_articles

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 3)

WIRE = (
    "Беларусь и Китай подписали меморандум о сотрудничестве в области образования и науки. "
    "Документ скрепили подписями министр образования Беларуси и посол Китая в Минске во время "
    "встречи в министерстве. Стороны договорились об обмене студентами и преподавателями, о "
    "совместных научных лабораториях и о летних школах для аспирантов двух стран. По словам "
    "министра, в ближайшие три года число китайских студентов в белорусских университетах "
    "может вырасти вдвое, а белорусские вузы откроют новые программы на китайском языке. "
    "Посол отметил, что гуманитарное сотрудничество остаётся одним из приоритетов "
    "всестороннего стратегического партнёрства, и пригласил белорусских ректоров на форум "
    "университетов в Пекине осенью."
)
OTHER = (
    "В Гомельской области завершили уборку зерновых: аграрии намолотили больше миллиона тонн, "
    "урожайность выросла по сравнению с прошлым годом. Председатель облисполкома поблагодарил "
    "механизаторов и пообещал премии лучшим экипажам. Следующая задача — сев озимых и уборка "
    "кукурузы, на которую выделено дополнительное финансирование из областного бюджета."
)


@pytest.fixture
def wire_reprints(make_article, make_outlet):
    """One wire story as BelTA ran it and as another outlet reprinted it two days later."""
    belta = make_article(
        title="Беларусь и Китай подписали меморандум в сфере образования",
        body=f"МИНСК, 3 марта (БЕЛТА). {WIRE}",
        published_on=DAY,
        outlet=make_outlet(name="Wire Agency", slug="wire-agency"),
        pairs=["BY-CN"],
    )
    reprint = make_article(
        title="Минск и Пекин договорились об обмене студентами",
        body=f"{WIRE}\n\nПодписывайтесь на наш канал.",
        published_on=DAY + datetime.timedelta(days=2),
        outlet=make_outlet(name="Minsk Daily", slug="minsk-daily"),
        pairs=["BY-CN"],
    )
    return belta, reprint


def reload(*articles):
    return [Article.objects.get(pk=a.pk) for a in articles]


def test_two_outlets_reprinting_one_wire_story_within_days_are_one_story(wire_reprints):
    report = group_articles([a.pk for a in wire_reprints])
    belta, reprint = reload(*wire_reprints)
    assert belta.story_id is not None and belta.story_id == reprint.story_id
    assert (belta.story_role, reprint.story_role) == (StoryRole.ORIGINAL, StoryRole.REPRINT)
    assert reprint.story_similarity >= 0.6
    assert (report.placed, report.started) == (2, 1)


def test_the_same_text_a_month_later_is_not_the_same_story(make_article):
    first = make_article(title="A", body=WIRE, published_on=DAY)
    later = make_article(title="B", body=WIRE, published_on=DAY + datetime.timedelta(days=31))
    group_articles([first.pk, later.pk])
    assert [a.story_id for a in reload(first, later)] == [None, None]


def test_a_different_report_of_the_same_day_is_not_a_reprint(make_article):
    one = make_article(title="A", body=WIRE, published_on=DAY)
    two = make_article(title="B", body=OTHER, published_on=DAY)
    group_articles([one.pk, two.pk])
    assert [a.story_id for a in reload(one, two)] == [None, None]


def test_an_older_reprint_imported_later_becomes_the_original(wire_reprints, make_article):
    group_articles([a.pk for a in wire_reprints])
    earlier = make_article(
        title="Образование: меморандум", body=WIRE, published_on=DAY - datetime.timedelta(days=1)
    )
    group_articles([earlier.pk])
    earlier, belta, reprint = reload(earlier, *wire_reprints)
    assert earlier.story_id == belta.story_id == reprint.story_id
    assert earlier.story_role == StoryRole.ORIGINAL
    assert {belta.story_role, reprint.story_role} == {StoryRole.REPRINT}


@pytest.fixture
def signing(make_article, make_agreement):
    """A Russian and an English report of one signing: same pair, same agreement."""
    memo = make_agreement(
        name_en="Memorandum on cooperation in education",
        name_ru="Меморандум о сотрудничестве в области образования",
        slug="education-memo",
    )
    russian = make_article(
        title="Беларусь и Китай подписали меморандум в сфере образования",
        body=WIRE,
        published_on=DAY,
        pairs=["BY-CN"],
    )
    english = make_article(
        title="Belarus and China sign a memorandum on education",
        body=(
            "MINSK, 4 March (BelTA). Belarus and China signed a memorandum of cooperation in "
            "education and science, providing for student exchanges and joint laboratories."
        ),
        language="en",
        published_on=DAY + datetime.timedelta(days=1),
        pairs=["BY-CN"],
    )
    russian.agreements.add(memo)
    english.agreements.add(memo)
    return russian, english


def test_a_russian_and_an_english_report_of_one_signing_are_proposed_as_versions(signing):
    group_articles([a.pk for a in signing])
    russian, english = reload(*signing)
    assert russian.story_id == english.story_id is not None
    assert (russian.story_role, english.story_role) == (StoryRole.ORIGINAL, StoryRole.TRANSLATION)
    assert 0 < english.story_similarity <= 1
    assert not english.story_confirmed


def test_versions_without_a_shared_agreement_are_found_by_the_names_they_share(make_article):
    # Both people are in the seeded register of names, in both alphabets.
    assert Name.objects.filter(canonical__in=["Xi Jinping", "Lukashenko"]).count() == 2
    russian = make_article(
        title="Лукашенко встретился с Си Цзиньпином",
        body="Александр Лукашенко и Си Цзиньпин обсудили торговлю.",
        published_on=DAY,
        pairs=["BY-CN"],
    )
    english = make_article(
        title="Lukashenko meets Xi Jinping",
        body="Aleksandr Lukashenko and Xi Jinping discussed trade.",
        language="en",
        published_on=DAY,
        pairs=["BY-CN"],
    )
    unrelated = make_article(
        title="Trade fair opens", body="A fair opened.", language="en", published_on=DAY,
        pairs=["BY-CN"],
    )  # fmt: skip
    group_articles([russian.pk, english.pk, unrelated.pk])
    russian, english, unrelated = reload(russian, english, unrelated)
    assert russian.story_id == english.story_id is not None
    assert english.story_role == StoryRole.TRANSLATION
    assert unrelated.story_id is None


def test_another_language_without_a_shared_pair_is_not_a_version(signing):
    russian, english = signing
    english.pairs.clear()
    group_articles([russian.pk, english.pk])
    assert [a.story_id for a in reload(russian, english)] == [None, None]


def run_command(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("group_stories", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    return list(
        Article.objects.order_by("id").values_list(
            "id", "story_id", "story_role", "story_similarity", "story_confirmed"
        )
    )


def test_rerunning_the_command_changes_nothing(wire_reprints, signing):
    assert "placed 4" in run_command("--all")
    before, stories = snapshot(), list(Story.objects.values_list("id", flat=True))
    assert "placed 0, stories started 0" in run_command("--all")
    assert "placed 0" in run_command("--since", "2025-01-01")
    assert "read 0" in run_command()
    assert snapshot() == before
    assert list(Story.objects.values_list("id", flat=True)) == stories


def test_an_editors_split_survives_a_rerun(wire_reprints):
    run_command("--all")
    belta, reprint = reload(*wire_reprints)
    # What the admin's "split out" does: out of the story, confirmed as standing alone.
    Article.objects.filter(pk=reprint.pk).update(
        story=None, story_role="", story_similarity=None, story_confirmed=True
    )
    assert "lone stories removed 1" in run_command("--all")
    assert [a.story_id for a in reload(belta, reprint)] == [None, None]
    run_command("--all")
    assert [a.story_id for a in reload(belta, reprint)] == [None, None]


def test_a_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        run_command("--since", "2025-02-30")


def test_stories_of_gives_each_article_its_story_and_the_representative(wire_reprints, signing):
    group_articles([a.pk for a in (*wire_reprints, *signing)])
    belta, reprint = reload(*wire_reprints)
    with CaptureQueriesContext(connection) as queries:
        story_of, stories = stories_of([reprint.pk, 10**9])
    assert len(queries) == 1
    assert story_of == {reprint.pk: reprint.story_id}
    versions = stories[reprint.story_id]
    assert versions.representative == belta.pk
    assert [v.id for v in versions.versions][0] == belta.pk
    assert stories_of([]) == ({}, {})


def test_grouping_a_batch_costs_a_fixed_number_of_statements(make_article):
    """Import speed: the work is per batch, never a round trip per article."""

    def batch(n, offset):
        return [
            make_article(title=f"T{i}", body=f"{WIRE} {i}", published_on=DAY, pairs=["BY-CN"]).pk
            for i in range(offset, offset + n)
        ]

    small, large = batch(2, 0), batch(40, 100)
    register()  # the register of names is read once per process, not per batch
    with CaptureQueriesContext(connection) as few:
        group_articles(small)
    Article.objects.update(story=None, story_role="")
    Story.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        group_articles(large)
    assert len(many) == len(few) <= 12


def test_the_importer_groups_what_it_wrote(tmp_path):
    import json

    lines = [
        {"title": "Меморандум", "body": f"МИНСК, 3 марта (БЕЛТА). {WIRE}", "date": "2025-03-03",
         "source": "БЕЛТА", "source_url": "https://belta.example/a"},
        {"title": "Обмен студентами", "body": WIRE, "date": "2025-03-04",
         "source": "Минская правда", "source_url": "https://mp.example/b"},
    ]  # fmt: skip
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    call_command("import_articles", str(path), "--no-progress", verbosity=0)
    stories = set(Article.objects.values_list("story_id", flat=True))
    assert len(stories) == 1 and None not in stories


# --- The article page ------------------------------------------------------------------------


def test_the_article_page_lists_the_storys_versions_in_both_languages(
    client, wire_reprints, signing
):
    belta, reprint = wire_reprints
    russian, english = signing
    group_articles([belta.pk, reprint.pk])
    # The signing's Russian report is a reprint of the wire text too: one story of four.
    group_articles([russian.pk, english.pk])
    assert len({a.story_id for a in reload(belta, reprint, russian, english)}) == 1

    html = client.get(belta.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    also = html.split('id="versions-also"')[1].split("</section>")[0]
    assert reprint.get_absolute_url() in also and "Minsk Daily" in also
    assert "March 5, 2025" in also and "Russian" in also
    assert russian.get_absolute_url() in also
    in_english = html.split('id="versions-en"')[1].split("</section>")[0]
    assert ">In English</h2>" in html
    assert english.get_absolute_url() in in_english and "English" in in_english

    html = client.get(english.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert ">На русском</h2>" in html or ">In Russian</h2>" in html
    in_russian = html.split('id="versions-ru"')[1].split("</section>")[0]
    for article in (belta, reprint, russian):
        assert article.get_absolute_url() in in_russian
    assert 'id="versions-also"' not in html


def test_an_article_without_a_story_shows_no_versions(client, make_article):
    article = make_article(title="Одна", body=WIRE)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "versions-" not in html


def test_article_text_in_a_version_is_escaped(client, wire_reprints):
    belta, reprint = wire_reprints
    Article.objects.filter(pk=reprint.pk).update(title="<script>alert(1)</script>")
    group_articles([belta.pk, reprint.pk])
    html = client.get(belta.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_versions_are_not_listed_again_among_related_articles(client, signing):
    russian, english = signing
    group_articles([russian.pk, english.pk])
    html = client.get(russian.get_absolute_url()).content.decode()
    assert html.count(f'href="{english.get_absolute_url()}"') == 1
