"""Gunicorn's settings for `make serve`: `gunicorn -c archive/gunicorn_conf.py archive.wsgi`.

HOST, PORT and WORKERS come from the environment. Each worker is one process serving one
request at a time with one database connection, kept between requests (CONN_MAX_AGE), so
the server never holds more than WORKERS connections to PostgreSQL.
"""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Gunicorn's own advice for synchronous workers: two per core, plus one.
workers = int(os.environ.get("WORKERS") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# Longer than the slowest search may run (SEARCH_STATEMENT_TIMEOUT_MS, 5 s by default).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A restart or deploy lets the requests in flight finish first.
graceful_timeout = 30
# Workers are replaced now and then (staggered by the jitter), so that no slow growth of
# memory lasts; the connection of a worker that leaves is closed with it.
max_requests = 5000
max_requests_jitter = 500
# Every request is already logged, as JSON, by the application ("concord.requests").
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Load the application before forking: workers share its memory and start at once.
preload_app = True
proc_name = "concord"
# The control socket sits at one path per user: a second server (a test, the load benchmark)
# would take it over. Nothing here uses it.
control_socket_disable = True


def post_fork(server, worker):
    """Each worker opens its own database connection; none may share the parent's."""
    from django.db import connections

    connections.close_all()


def pre_fork(server, worker):
    """Move what the loaded application holds out of the garbage collector's sight.

    A listing of 10,000 matches makes tens of thousands of tuples and lists; each of the
    collections they set off walked every object the application had loaded, 40–60 ms
    that landed in the middle of a search. Frozen objects are never walked again, and stay
    shared with the master (their counts untouched).
    """
    gc.freeze()


# A worker's full collections (of every generation) run between requests, one every this
# many, never inside one: once a worker has served a while, each walked 60,000-100,000
# objects made since the fork (the morphology dictionary, the shared tag querysets of
# archive/search/page.py) and took 15-50 ms in the middle of whichever search set it off,
# about one search in forty. The youngest generations are still collected as they fill.
FULL_COLLECTION_EVERY = 40
# CPython never starts a full collection itself below this many collections of the middle
# generation (its own default is 10).
NEVER = 1_000_000_000


def post_worker_init(worker):
    """Read what searches share before the first request (archive/search/warm.py), freeze
    it too, and leave full collections to `post_request`."""
    from archive.search.warm import warm

    warm()
    gc.collect()
    gc.freeze()
    youngest, middle, _oldest = gc.get_threshold()
    gc.set_threshold(youngest, middle, NEVER)
    worker.requests_since_collection = 0


def post_request(worker, req, environ, resp):
    """A full collection every FULL_COLLECTION_EVERY requests, once the response is sent."""
    worker.requests_since_collection += 1
    if worker.requests_since_collection >= FULL_COLLECTION_EVERY:
        worker.requests_since_collection = 0
        gc.collect()
