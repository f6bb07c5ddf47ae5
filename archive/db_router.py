"""Which database a query goes to: writes to the primary, public reads to a read replica.

With DATABASE_REPLICA_URLS set, settings add one alias per replica ("replica_1", …). The
middleware in `archive.replica_pin` chooses, at the start of each request, where that
request reads: one replica for a public page, the primary for editors, the admin, a write,
or a reader who has just saved something. Everything outside a request (management commands,
migrations, the shell) reads the primary, so a command never acts on a lagging copy.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"

# The alias this request reads from; the primary unless the middleware chose a replica.
reads_from: ContextVar[str] = ContextVar("concord_reads_from", default=PRIMARY)

# Sign-in and sessions are read where they are written: a session created a moment ago on
# the primary may not have reached a replica yet, and the editor would seem signed out.
PRIMARY_ONLY_APPS = {"auth", "sessions", "admin", "contenttypes", "axes"}


def replica_aliases() -> list[str]:
    """The configured replicas, in the order DATABASE_REPLICA_URLS lists them."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def same_database(alias: str) -> bool:
    """Does `alias` reach the primary's own data, so that reading it gains nothing?

    True for a replica configured with the primary's address, and under the test runner,
    where each replica is a mirror of the primary (TEST: MIRROR; the runner keeps an outbox of
    sent mail then): tests read through the primary's connection, which sees the rows a test's
    own transaction wrote, and need no replica server.
    """
    from django.core import mail

    replica = connections[alias].settings_dict
    if replica["TEST"].get("MIRROR") == PRIMARY and hasattr(mail, "outbox"):
        return True
    primary = connections[PRIMARY].settings_dict
    return all(replica.get(key) == primary.get(key) for key in ("HOST", "PORT", "NAME"))


class ReplicaRouter:
    """Routes reads to the alias the current request chose, and everything else to the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        return reads_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: an object read from a replica may be linked to
        # one about to be written to the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema by replication; migrating one directly would fail (a
        # hot standby is read-only) or, worse, fork it from the primary.
        return db not in replica_aliases()
