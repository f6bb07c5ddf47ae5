"""The browser suite: Debian's Chromium, driven by Playwright, against the real app.

One Chromium and one threaded WSGI server serve the whole suite. The seed articles are loaded
once with the real importer into the test database and removed again when the suite ends, so
the rest of the test run never sees them. Every test gets a fresh browser context (cookies,
language, viewport) and keeps screenshots under test-artifacts/screenshots/.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connections, transaction
from django.db.models import ProtectedError
from django.test import override_settings
from django.test.testcases import LiveServerThread

BASE_DIR = Path(settings.BASE_DIR)
CHROMIUM = Path("/usr/bin/chromium")
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "test-artifacts" / "screenshots"
SEEDS = BASE_DIR / "fixtures" / "seeds"
AGREEMENTS = BASE_DIR / "fixtures" / "agreements.json"
# The year the seeds' hand check established (one Sputnik dateline gives only "4 ноя").
SEED_YEAR = 2025
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 800}
# Impacts that fail a page; "moderate" and "minor" findings are left to review.
BLOCKING_IMPACTS = {"serious", "critical"}


def _require(path: Path, what: str):
    if not path.exists():
        pytest.fail(
            f"{what} is missing ({path}). Run `bash .ci/browser-deps` to install what the "
            "browser tests need.",
            pytrace=False,
        )


# --- Data: the seed articles, imported for real ----------------------------------------------


@dataclass
class SeedArticle:
    """What the tests need to know about one imported article, read before Chromium starts."""

    title: str
    url: str
    date: datetime.date
    language: str
    body: str
    outlet: tuple[str, str] | None  # (name, url)
    pairs: list[dict] = field(default_factory=list)  # {"code", "en", "ru", "url"}


@dataclass
class SeedData:
    """The imported seed articles and the agreements register, as plain data."""

    articles: list[SeedArticle]
    agreements: dict[str, dict]  # slug → {"en", "ru", "url"}

    def on(self, day: datetime.date) -> list[SeedArticle]:
        return [a for a in self.articles if a.date == day]


def _all_models():
    return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]


def _snapshot() -> dict:
    return {m: set(m._base_manager.values_list("pk", flat=True)) for m in _all_models()}


def _remove_rows_added_since(before: dict):
    """Delete every row created after `before`, retrying until foreign keys let go."""
    pending = [m for m in _all_models() if m in before]
    for _ in range(len(pending) + 1):
        blocked = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.exclude(pk__in=before[model]).delete()
            except (ProtectedError, IntegrityError):
                blocked.append(model)
        if not blocked:
            return
        pending = blocked
    raise RuntimeError(f"could not remove the browser suite's rows from {pending}")


def _describe_seeds() -> SeedData:
    from archive.models import Agreement, Article

    articles = []
    for article in Article.objects.select_related("outlet").prefetch_related(
        "pairs__first", "pairs__second"
    ):
        articles.append(
            SeedArticle(
                title=article.title,
                url=article.get_absolute_url(),
                date=article.published_on,
                language=article.language,
                body=article.body,
                outlet=(article.outlet.name, article.outlet.get_absolute_url())
                if article.outlet
                else None,
                pairs=[
                    {
                        "code": pair.code,
                        "en": pair.label("en"),
                        "ru": pair.label("ru"),
                        "url": pair.get_absolute_url(),
                    }
                    for pair in article.pairs.all()
                ],
            )
        )
    agreements = {
        a.slug: {"en": a.name("en"), "ru": a.name("ru"), "url": a.get_absolute_url()}
        for a in Agreement.objects.all()
    }
    return SeedData(articles=articles, agreements=agreements)


@pytest.fixture(scope="package")
def seed_data(django_db_setup, django_db_blocker):
    """The agreements register and the seed articles, imported into the test database."""
    with django_db_blocker.unblock():
        # pytest-django creates the test database only for tests marked django_db; without the
        # mark this would write into the real database (and its teardown delete from it).
        name = connections["default"].settings_dict["NAME"]
        if not name.startswith("test_"):
            pytest.fail(
                f"refusing to load the seeds into {name!r}, not a test database; mark the "
                "browser tests with pytest.mark.django_db",
                pytrace=False,
            )
        before = _snapshot()
        try:
            # The same two steps as `make seed`.
            call_command("loaddata", str(AGREEMENTS), verbosity=0)
            call_command("import_articles", str(SEEDS), "--year", str(SEED_YEAR), verbosity=0)
            data = _describe_seeds()
            assert data.articles, "the importer loaded no seed articles"
            yield data
        finally:
            _remove_rows_added_since(before)


# --- The server: the real WSGI app, static files through WhiteNoise as in production -------


@pytest.fixture(scope="package")
def live_url(seed_data, tmp_path_factory):
    """The base URL of a threaded server running the app over the seeded test database."""
    # Static files are collected afresh so the pages carry today's stylesheet, hashed and
    # served by WhiteNoise exactly as in production, whatever an earlier collectstatic left.
    static_root = tmp_path_factory.mktemp("static")
    overrides = override_settings(STATIC_ROOT=static_root)
    overrides.enable()
    server = None
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        # No static handler of Django's own: WhiteNoise (in MIDDLEWARE) serves /static/.
        server = LiveServerThread("127.0.0.1", static_handler=lambda app: app)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
    finally:
        if server is not None:
            server.terminate()
        overrides.disable()


# --- The browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser(live_url):
    """One headless Chromium for the whole suite (this package), started after data and server.

    Playwright's sync API keeps an asyncio loop in the main thread, and Django refuses database
    work in a thread with a running loop, which pytest-django's per-test transaction does. That
    loop only runs while a Playwright call is waiting, never during a query, so the guard is
    lifted (DJANGO_ALLOW_ASYNC_UNSAFE) exactly as long as Chromium runs, and restored after.
    Importing the seeds and removing them happen outside that window.
    """
    _require(CHROMIUM, "Debian's Chromium")
    _require(AXE, "axe-core")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
            # While the loop runs, Django keeps this thread's connection apart (asgiref's
            # context-local storage): close it now, or the test database cannot be dropped.
            connections.close_all()


@pytest.fixture
def interface_language():
    """The interface language a test's browser asks for; tests parametrize it."""
    return "en"


@pytest.fixture
def viewport():
    """The window size of a test's browser; tests parametrize it with DESKTOP or PHONE."""
    return DESKTOP


@pytest.fixture
def javascript():
    """Whether the test's browser runs scripts; tests parametrize it to check pages without."""
    return True


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


class Screenshots:
    """Saves full-page screenshots named by test, interface language, width and step."""

    def __init__(self, page, test_name: str, language: str, width: int):
        self.page = page
        self.prefix = f"{_safe(test_name)}-{language}-{width}"
        self.count = 0
        # The folder keeps the latest run of each test, not a pile of older ones.
        for old in SCREENSHOTS.glob(f"{self.prefix}-*.png"):
            old.unlink()

    def take(self, step: str) -> Path:
        self.count += 1
        path = SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{_safe(step)}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


@pytest.fixture
def page(request, browser, live_url, interface_language, viewport, javascript):
    """A fresh tab in its own context, asking for `interface_language`, at `viewport` size.

    Broken responses (4xx/5xx for the page or its CSS) and uncaught script errors fail the
    test: a reader would see a broken page.
    """
    locale = {"en": "en-GB", "ru": "ru-RU"}[interface_language]
    context = browser.new_context(
        base_url=live_url,
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{interface_language};q=0.9"},
        viewport=viewport,
        color_scheme="light",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems = []
    # Chromium asks for /favicon.ico on its own; the archive has none, and no reader notices.
    tab.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    tab.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    tab.interface_language = interface_language
    tab.screenshots = Screenshots(
        tab, request.node.originalname, interface_language, viewport["width"]
    )
    try:
        yield tab
        if getattr(request.node, "browser_call_failed", False):
            tab.screenshots.take("failure")
    finally:
        context.close()
    if problems:
        pytest.fail("the browser met broken responses:\n" + "\n".join(problems), pytrace=False)


# --- Checks -----------------------------------------------------------------------------------


def check_axe(page):
    """Run axe-core on the page and fail listing every serious or critical violation."""
    # Evaluated by the browser's tooling, not added as an inline <script> tag: the pages'
    # Content-Security-Policy refuses inline scripts, and must stay on in these tests.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious or critical violation(s) on {page.url}:"]
        for v in blocking:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:5]:
                summary = " ".join((node["summary"] or "").split())
                lines.append(f"    {node['target']}: {node['html'][:160]}\n      {summary}")
            if len(v["nodes"]) > 5:
                lines.append(f"    … and {len(v['nodes']) - 5} more")
        pytest.fail("\n".join(lines), pytrace=False)


def check_fits_phone(page):
    """At phone width nothing may push the page sideways."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .slice(0, 8)
                .map(el => el.tagName.toLowerCase()
                           + (el.getAttribute("class") ? "." + el.getAttribute("class") : "")
                           + " right=" + Math.round(el.getBoundingClientRect().right))""",
            width,
        )
        pytest.fail(
            f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width}); "
            f"too wide: {wide}",
            pytrace=False,
        )
