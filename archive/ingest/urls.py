"""Source URLs: stored exactly as given, found again by a normalised key.

An article's address is a citation: the archive keeps it as the source wrote it. Finding the
same article again is another matter: `http://` and `https://` copies, `www.` or not, a
trailing slash, tracking parameters and AMP versions all name one page. `url_key` folds those
differences away; the key, not the address, is unique among articles.

The key, rule by rule:
- only http and https URLs with a host count; anything else is an error;
- the scheme is left out (http and https serve one page on every site we import from);
- the host is lower-cased, loses "www.", "m." and "amp." and a default port;
- the fragment (#…) goes: it addresses a place in the page, not another page;
- tracking parameters (utm_*, fbclid, gclid, yclid, ysclid, _openstat, mc_*, …) and AMP
  switches (amp=1, outputType=amp) go; the rest are sorted, so their order does not matter;
- an "/amp" path segment goes (…/news/123/amp, /amp/news/123), as do a trailing slash and
  "index.html"/"index.php";
- the path keeps its case (paths are case-sensitive) but percent-escapes are decoded to one
  spelling, so /новости and /%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8 are one page.
"""

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "yclid", "ysclid", "msclkid", "igshid", "_openstat",
    "mc_cid", "mc_eid", "_ga", "_gl", "amp", "outputtype", "ref_src", "spm",
}  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
HOST_PREFIXES = ("www.", "m.", "amp.")
INDEX_PAGE = re.compile(r"/index\.(?:html?|php|aspx?)$", re.IGNORECASE)
MAX_URL = 1000
SPACE = re.compile(r"\s")


def _parts(url: str):
    url = (url or "").strip()
    if url.startswith("<") and url.endswith(">"):  # <https://…>, as Markdown writes it
        url = url[1:-1].strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"not a valid URL: {url!r}") from error
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise ValueError(f"a source URL must not carry a user name or password: {url!r}")
    if SPACE.search(url):
        raise ValueError(f"a URL has no spaces: {url!r}")
    return url, parts, port


def clean_source_url(url: str) -> str:
    """The URL as given, checked: white space around it and Markdown's <…> taken off, nothing else.

    Raises ValueError, with a readable reason, for an address the archive cannot store.
    """
    url, _, _ = _parts(url)
    if len(url) > MAX_URL:
        raise ValueError(f"URL longer than {MAX_URL} characters")
    return url


def url_key(url: str) -> str:
    """The normalised key of an article URL (see the module's rules); ValueError when invalid."""
    _, parts, port = _parts(url)
    scheme = parts.scheme.lower()
    host = parts.hostname.lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")
    segments = [s for s in path.split("/") if s and s.lower() != "amp"]
    path = "/" + "/".join(segments)
    path = INDEX_PAGE.sub("", path) or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    key = host + (path if path != "/" else "")
    if query:
        key += "?" + urlencode(query)
    return key[:MAX_URL]


def url_domain(url: str) -> str:
    """The host of a URL without "www.", as outlets store it."""
    try:
        host = (urlsplit((url or "").strip().strip("<>")).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")
