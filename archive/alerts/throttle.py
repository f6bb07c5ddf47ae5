"""How many confirmation e-mails one address, and one client, may ask for in an hour.

Counted in the cache (shared by every worker with Redis). Addresses are counted by a hash, so
the cache never holds one in plain text.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _count(key: str) -> int:
    """Add one to an hourly counter and return it."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def address_allowed(email: str) -> bool:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return _count(f"alerts:address:{digest}") <= settings.ALERT_REQUESTS_PER_ADDRESS


def client_allowed(ip: str | None) -> bool:
    return _count(f"alerts:client:{ip or 'unknown'}") <= settings.ALERT_REQUESTS_PER_CLIENT
