"""`/healthz`: what a load balancer asks before sending readers to this server."""

import socket
import uuid

import pytest

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def use_redis(settings, location):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


def test_a_healthy_server_answers_ok_with_the_database_checked(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"]["status"] == "ok"
    # Without Redis there is nothing else to check.
    assert set(response.json()["checks"]) == {"database"}


def test_the_answer_is_never_kept_by_a_cache_on_the_way(client, db):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_redis_is_checked_when_the_cache_lives_there(client, db, settings):
    if not redis_reachable():
        pytest.skip("no Redis server at 127.0.0.1:6379 to check")
    use_redis(settings, "redis://127.0.0.1:6379/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["status"] == "ok"


def test_an_unreachable_redis_answers_503_naming_the_cache(client, db, settings):
    # Port 9 (discard) has no Redis on this machine: the connection is refused.
    use_redis(settings, "redis://127.0.0.1:9/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["database"]["status"] == "ok"
