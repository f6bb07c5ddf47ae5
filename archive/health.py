"""`/healthz`: whether this worker can serve, for load balancers and monitoring.

It checks what every page needs (the database, and Redis when the cache is shared through
it) and nothing else, so it stays cheap enough to be asked every few seconds. It is never
cached: a stored "ok" would hide an outage.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    # get() on a dead Redis raises; a value written and read back proves both ways work.
    cache.set("healthz", 1, 10)
    if cache.get("healthz") != 1:
        raise RuntimeError("the value written was not read back")


def checks() -> dict:
    """The checks that apply to this configuration, by name."""
    found = {"database": _check_database}
    if settings.CACHES["default"]["BACKEND"] == REDIS_BACKEND:
        found["cache"] = _check_cache
    return found


@never_cache
def healthz(request):
    """200 {"status": "ok", ...} when every check passes, else 503 naming what failed."""
    results = {}
    failed = []
    for name, check in checks().items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            results[name] = {"status": "error", "error": error.__class__.__name__}
            failed.append(name)
        else:
            results[name] = {"status": "ok"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    body = {"status": "error" if failed else "ok", "checks": results}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
