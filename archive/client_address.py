"""The address a request comes from, as the admin's sign-in throttle counts it.

Behind a TLS proxy (BEHIND_TLS_PROXY) every connection comes from the proxy, which appends the
client's address to X-Forwarded-For; only that last entry is the proxy's word, the ones before
it are whatever the client sent. Without a proxy the header is the client's own and ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address: the proxy's last X-Forwarded-For entry, else the socket's."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        candidate = forwarded[-1].strip()
        if _is_ip(candidate):
            return candidate
    return request.META.get("REMOTE_ADDR")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
