"""Moving through the site the way a reader does: by clicking the links a page shows."""

import re

import pytest
from playwright.sync_api import expect


def link_to(page, path: str):
    """The first visible link on the page to `path` (with or without a query string)."""
    links = page.locator(f'a[href^="{path}"]:visible')
    for i in range(links.count()):
        link = links.nth(i)
        href = link.get_attribute("href") or ""
        if href == path or href.startswith(path + "?") or href.startswith(path + "#"):
            return link
    pytest.fail(f"no visible link to {path} on {page.url}", pytrace=False)


def has_link_to(page, path: str) -> bool:
    """Whether the page shows a link to `path` (hidden ones, in closed details, do not count)."""
    links = page.locator(f'a[href^="{path}"]:visible')
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    return any(h == path or h.startswith((path + "?", path + "#")) for h in hrefs)


def follow(page, path: str):
    """Click the link to `path` and wait until the browser is there."""
    link_to(page, path).click()
    expect(page).to_have_url(re.compile(rf"^[^?#]*{re.escape(path)}([?#].*)?$"))
    # The URL changes when the new page starts arriving; reading it needs all of it.
    page.wait_for_load_state()


def path_of(href: str) -> str:
    """`/articles/…/slug/?q=x#m1` → `/articles/…/slug/`."""
    return re.sub(r"^https?://[^/]+", "", href).split("?")[0].split("#")[0]


def heading(page):
    return page.get_by_role("heading", level=1)
