"""Moving through the site the way a reader does: by clicking the links a page shows."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_axe, check_fits_phone

# The narrowest viewport the walks use: at it and below, nothing may be wider than the screen.
PHONE_WIDTH = 390


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


def arrive(page, kind: str):
    """What every page of a walk must pass: its interface language, a screenshot, axe with no
    serious finding and, on a phone, nothing wider than the screen."""
    assert page.evaluate("document.documentElement.lang") == page.interface_language, page.url
    page.screenshots.take(kind)
    check_axe(page)
    if page.viewport_size["width"] <= PHONE_WIDTH:
        check_fits_phone(page)
