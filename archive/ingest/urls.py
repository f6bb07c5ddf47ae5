"""Source URL normalisation: one spelling per article address, so uniqueness means something.

The rules, applied in order:
- only http and https URLs with a host are accepted; anything else is an error;
- scheme and host are lower-cased (they are case-insensitive; paths are not, so paths keep
  their case) and a default port (:80 for http, :443 for https) is dropped;
- the fragment (#…) is dropped: it addresses a place in the page, not another page;
- tracking parameters (utm_*, fbclid, gclid, yclid, _openstat) are dropped, the remaining query
  parameters keep their order and spelling, and an empty query disappears;
- an empty path becomes "/", and a trailing slash is dropped from any longer path
  (https://mpt.gov.by/node/10669/ and …/10669 are one page on every site we import from);
- the host keeps its "www.": some sites serve different things with and without it.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {"fbclid", "gclid", "yclid", "_openstat", "mc_cid", "mc_eid"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """The canonical spelling of an article URL; raises ValueError for a URL we cannot store."""
    url = (url or "").strip().strip("<>")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"not a valid URL: {url!r}") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username or parts.password:
        raise ValueError(f"a source URL must not carry a user name or password: {url!r}")
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def url_domain(url: str) -> str:
    """The host of a URL without "www.", as outlets store it."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
