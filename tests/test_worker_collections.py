"""A gunicorn worker runs its full garbage collections between requests, never inside one
(archive/gunicorn_conf.py): a collection that walks everything a worker has made since it
started takes tens of milliseconds, which a reader would wait for."""

import gc
import types

import pytest

from archive import gunicorn_conf

pytestmark = pytest.mark.django_db


def _busy_request(kept: list):
    """What a long request leaves behind: many objects that outlive it (caches, querysets)."""
    kept.append([[n] for n in range(400_000)])


@pytest.fixture
def full_collections():
    """The full collections started while the test runs, each tagged with what was going on."""
    started, state = [], {"now": "idle"}

    def watch(phase, info):
        if phase == "start" and info["generation"] == 2:
            started.append(state["now"])

    thresholds = gc.get_threshold()
    gc.callbacks.append(watch)
    try:
        yield started, state
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_a_full_collection_waits_until_the_response_is_sent(full_collections):
    started, state = full_collections
    kept: list = []
    # As CPython runs by itself, enough surviving objects set one off in the request.
    state["now"] = "request"
    for _ in range(3):
        _busy_request(kept)
    assert "request" in started
    kept.clear()
    gc.collect()
    started.clear()

    worker = types.SimpleNamespace()
    gunicorn_conf.post_worker_init(worker)
    started.clear()
    for _ in range(2 * gunicorn_conf.FULL_COLLECTION_EVERY):
        state["now"] = "request"
        if len(kept) < 3:
            _busy_request(kept)
        state["now"] = "after the response"
        gunicorn_conf.post_request(worker, None, {}, None)
    assert started == ["after the response"] * 2
