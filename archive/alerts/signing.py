"""The confirmation link: an unconfirmed subscription travels in it, signed, and nowhere else.

Nothing is stored when someone asks for alerts; the link carries the address, the search, its
name and the reader's language, signed with the site's key and valid for
ALERT_CONFIRM_MAX_AGE seconds. Following it (and pressing the button) stores the subscription.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing

SALT = "concord.alerts.confirm"


@dataclass(frozen=True)
class Request:
    """What someone asked for: alerts for a search, at an address, in a language."""

    email: str
    query: str
    name: str = ""
    language: str = "en"


class BadLink(Exception):
    """The link was altered, or is older than its validity."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def token_for(request: Request) -> str:
    return signing.dumps(asdict(request), salt=SALT, compress=True)


def request_from(token: str) -> Request:
    """The request a token carries; BadLink when it was altered or has expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.ALERT_CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink(expired=False) from None
    try:
        return Request(**data)
    except TypeError:
        raise BadLink(expired=False) from None
