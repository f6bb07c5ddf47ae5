"""Where each request reads: a replica for public pages, the primary for anything fresher.

Replicas lag the primary by a moment (more when they are busy), so a request reads the
primary when staleness would show: the admin (and the editors' paste page within it),
signed-in editors, any request that is not a plain read, and — for REPLICA_PIN_SECONDS — a
browser whose earlier request wrote something (an editor who saved and then signed out sees
the change on the public pages at once). Every other request reads one replica, chosen at
random, for all its queries: a search's statements then run on one server, under the time
budget its transaction set there.

A replica that cannot be reached when a request starts is skipped, and left alone for
RETRY_SECONDS, so readers are served from the primary rather than shown an error. A replica
that fails in the middle of a request fails that request only.
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from archive.db_router import PRIMARY, reads_from, replica_aliases, same_database

PIN_COOKIE = "concord_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# How long an unreachable replica is skipped before it is tried again (per worker process).
RETRY_SECONDS = 30

logger = logging.getLogger(__name__)

_skipped_until: dict[str, float] = {}
# Set while a request is served: did it save anything?
_writes: ContextVar[list | None] = ContextVar("concord_request_writes", default=None)


class ReadFromReplicas:
    """Chooses the database each request reads from and pins a writer's browser to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = [alias for alias in replica_aliases() if not same_database(alias)]
        if not replicas:
            return self.get_response(request)
        signed_in = request.user.is_authenticated
        alias = PRIMARY if self.needs_primary(request, signed_in) else reachable(replicas)
        writes = []
        read_token, writes_token = reads_from.set(alias), _writes.set(writes)
        try:
            response = self.get_response(request)
        finally:
            reads_from.reset(read_token)
            _writes.reset(writes_token)
        if writes or (signed_in and request.method not in SAFE_METHODS):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def needs_primary(request, signed_in: bool) -> bool:
        return (
            request.method not in SAFE_METHODS
            or signed_in
            or PIN_COOKIE in request.COOKIES
            or request.path.startswith(reverse("admin:index"))
        )


def reachable(replicas: list[str]) -> str:
    """A replica that accepts connections (tried in random order), else the primary."""
    now = time.monotonic()
    candidates = [alias for alias in replicas if _skipped_until.get(alias, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        connection = connections[alias]
        try:
            # The check Django makes on a replica connection's first use in a request anyway
            # (settings turn CONN_HEALTH_CHECKS on for replicas): a persistent connection the
            # replica dropped is replaced here, or the replica given up, before any query.
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError as error:
            _skipped_until[alias] = now + RETRY_SECONDS
            logger.warning(
                "Read replica %s is unreachable; reading from the primary for %s s: %s",
                alias,
                RETRY_SECONDS,
                error,
            )
            continue
        return alias
    return PRIMARY


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _note_write(**kwargs):
    """A request that saved reads the primary from then on, and pins its browser there."""
    writes = _writes.get()
    if writes is not None:
        writes.append(kwargs.get("sender"))
        reads_from.set(PRIMARY)
