"""One JSON line per request for the operator; slow searches with their parameters."""

import json
import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache


@pytest.fixture
def request_lines(caplog, db):
    """The JSON lines logged on "concord.requests" (which does not propagate to the root)."""
    logger = logging.getLogger("concord.requests")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="concord.requests")
    cache.clear()
    yield lambda: [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "concord.requests"
    ]
    logger.removeHandler(caplog.handler)


@pytest.fixture
def search_warnings(caplog):
    logger = logging.getLogger("concord.search")
    logger.addHandler(caplog.handler)
    yield lambda: [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "concord.search" and r.levelno == logging.WARNING
    ]
    logger.removeHandler(caplog.handler)


def test_each_request_is_one_json_line_with_status_duration_and_reader(client, request_lines):
    client.get("/pairs/")
    client.get("/no-such-page/")
    lines = request_lines()
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/pairs/", 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert all(line["user"] == "anonymous" and line["ms"] >= 0 for line in lines)


def test_the_line_says_whether_the_page_cache_answered(client, request_lines):
    client.get("/pairs/")
    client.get("/pairs/")
    client.post("/pairs/")
    assert [line["cache"] for line in request_lines()] == ["miss", "hit", "skip"]


def test_a_signed_in_readers_name_is_logged(client, request_lines):
    client.force_login(User.objects.create_user("editor-anna", password="a-long-password-1"))
    client.get("/pairs/")
    assert request_lines()[-1]["user"] == "editor-anna"


def test_a_slow_search_is_a_warning_with_its_parameters(
    client, make_article, settings, search_warnings
):
    make_article(title="Меморандум о сотрудничестве", pairs=["BY-CN"])
    settings.SLOW_SEARCH_MS = 0  # every search counts as slow
    client.get("/search/?q=меморандум&pair=BY-CN")
    client.get("/pairs/")
    warnings = search_warnings()
    assert len(warnings) == 1
    assert warnings[0]["path"] == "/search/"
    assert warnings[0]["parameters"] == {"q": ["меморандум"], "pair": ["BY-CN"]}
    assert warnings[0]["status"] == 200


def test_a_search_within_the_limit_is_not_reported(client, db, settings, search_warnings):
    settings.SLOW_SEARCH_MS = 3_600_000
    client.get("/search/?q=меморандум")
    assert search_warnings() == []
