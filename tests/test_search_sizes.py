"""The planner's estimates the search chooses its path from (archive/search/sizes.py)."""

from django.db import connection

from archive.search.guard import guarded
from archive.search.sizes import measure
from tests.searching import form_for


def test_words_typed_together_are_estimated_as_going_together(make_article):
    # Forty articles hold both words, a hundred and sixty neither: taken as independent,
    # the planner expects 40 × 40 / 200 = 8 articles with both. A listing planned from that
    # would be tried for sets that go together far past its limit («take time»: 19,800
    # planned, 70,000 found), so both words are estimated between that and the rarer word.
    for number in range(40):
        make_article(title=f"Сводка {number}", body=f"Логистика и таможня, выпуск {number}.")
    for number in range(160):
        make_article(title=f"Заметка {number}", body=f"Погода и спорт, выпуск {number}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    # Measured as every search measures, with its planner settings (no parallel plans).
    with guarded():
        alone = measure(form_for({"q": "логистика"}).criteria)
        together = measure(form_for({"q": "логистика таможня"}).criteria)
    assert alone.full * alone.full / alone.total < together.full <= alone.full
    assert together.full >= 2 * alone.full * alone.full // alone.total
