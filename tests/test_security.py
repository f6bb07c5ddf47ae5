"""What protects a served archive: the secret key, the security headers, the
Content-Security-Policy, and the admin's sign-in throttle."""

import datetime
import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation

BASE_DIR = settings.BASE_DIR
LOGIN = "/admin/login/"
PASSWORD = "the-right-password-42"


# --- The secret key ---------------------------------------------------------------------------


STARTED = ("-c", "import django; django.setup(); print('started')")


def start_django(*command, **env) -> subprocess.CompletedProcess:
    """Run `command` (by default: start Django and print "started") in a fresh process with
    `env` over the current environment (None unsets)."""
    command = command or STARTED
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    # This machine's own key file (var/secret-key, made by `make`) stands in for an unset key;
    # these tests are about a machine without one unless they say otherwise.
    environment["SECRET_KEY_FILE"] = str(BASE_DIR / "var" / "no-such-secret-key")
    environment.update({key: value for key, value in env.items() if value is not None})
    return subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "key",
    [None, "", "   ", "concord-local-development-key-not-for-production"],
    ids=["unset", "empty", "blank", "the-committed-development-key"],
)
def test_without_debug_the_archive_refuses_to_start_without_a_secret_key_of_its_own(key):
    result = start_django(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured: SECRET_KEY must be set to a secret value when DEBUG is off" in (
        result.stderr
    )
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_the_placeholder_key_of_the_example_environment_is_refused_too():
    result = start_django(DEBUG="0", SECRET_KEY="change-me-to-50-random-characters")
    assert result.returncode != 0
    assert "published in the repository" in result.stderr


def test_with_debug_on_the_archive_starts_with_a_development_key():
    result = start_django(DEBUG="1", SECRET_KEY=None)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_without_the_variable_the_machines_own_key_file_is_read(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("a-machine-key-nobody-else-has-" + "k3Vz" * 10 + "\n")
    result = start_django(DEBUG="0", SECRET_KEY=None, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_management_command_without_a_key_says_so_in_one_line():
    result = start_django("manage.py", "check", DEBUG="0", SECRET_KEY=None)
    assert result.returncode != 0
    assert result.stderr.startswith("Concord cannot start: SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


def test_without_debug_a_key_of_its_own_is_enough_to_start():
    result = start_django(DEBUG="0", SECRET_KEY="a-key-nobody-else-has-" + "x7Qp" * 10)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-" + "Zr4kWq9e" * 6,
    "ALLOWED_HOSTS": "concord.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_TLS_PROXY": "1",
}


def test_the_deployment_check_passes_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**environment, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_variables_turn_on_https_only_cookies_hsts_and_the_proxy_headers():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER]))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**environment, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "archive.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        True,
        True,
        31536000,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


# --- Security headers -------------------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # Without SECURE_HSTS_SECONDS a browser is not told to insist on HTTPS.
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_the_content_security_policy_allows_the_sites_own_files_only(client):
    directives = policy(client.get("/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    every_source = [source for sources in directives.values() for source in sources]
    assert not [s for s in every_source if "unsafe" in s or "nonce" in s]


@pytest.mark.django_db
def test_the_admins_sign_in_page_carries_the_policy_and_refuses_frames(client):
    response = client.get(LOGIN)
    assert policy(response)["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_cookies_are_https_only_when_configured(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(LOGIN, secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
    user = User.objects.create_user("secure-editor", password=PASSWORD, is_staff=True)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    DATA_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        runs = attributes.get("type") not in self.DATA_TYPES
        if tag == "script" and "src" not in attributes and runs:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in attributes:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} handler on <{tag}>" for name in attributes if name.startswith("on")]
        if any((value or "").startswith("javascript:") for value in attributes.values()):
            self.found.append(f"javascript: address on <{tag}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style(client, seeds):
    article = next(a for a in seeds if a.pairs.exists())
    pair = article.pairs.first()
    year = article.published_on.year
    word = article.title.split()[0]
    addresses = [
        "/",
        reverse("archive:archive-index"),
        reverse("archive:archive-year", args=[year]),
        reverse("archive:pairs"),
        pair.get_absolute_url(),
        reverse("archive:agreements"),
        # Results with the year histogram, and an article opened at its highlighted match.
        f"{reverse('archive:search')}?q={word}&year={year}",
        f"{reverse('archive:search')}?q={word}",
        f"{article.get_absolute_url()}?q={word}",
        LOGIN,
    ]
    pages = {}
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = response.content.decode()
        assert inline_code(pages[address]) == [], address
    # The pages that used to need inline code were among them: the histogram's bars and the
    # article's jump to its first match, now a script file.
    assert '<svg class="facet-share"' in pages[f"{reverse('archive:search')}?q={word}"]
    article_page = pages[f"{article.get_absolute_url()}?q={word}"]
    assert 'id="first-match"' in article_page and "first-match" in article_page.split("<script")[-1]


def test_the_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color: red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style> element",
        "style attribute on <p>",
        "onclick handler on <p>",
        "javascript: address on <a>",
    ]


# --- The admin's sign-in throttle -------------------------------------------------------------


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Throttle tests sign in dozens of times; counting them needs no slow hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="192.0.2.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def assert_locked_out(response):
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    page = response.content.decode()
    assert "Too many failed sign-in attempts for this account or from this address." in page
    assert f"Try again in {cool_off_minutes()} minutes." in page
    assert "_auth_user_id" not in response.wsgi_request.session


def test_a_wrong_password_below_the_limit_shows_the_usual_form(client, editor):
    response = sign_in(client, "editor", "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_an_account_guessed_from_many_addresses_is_locked_out(client, editor):
    for n in range(limit() - 1):
        assert (
            sign_in(client, "editor", f"guess-{n}", address=f"198.51.100.{n + 1}").status_code
            == 200
        )
    # The failure that reaches the limit is already answered with the lock-out page …
    assert_locked_out(sign_in(client, "editor", "guess-last", address="198.51.100.99"))
    # … and the right password, from an address never seen before, is refused.
    assert_locked_out(sign_in(client, "editor", PASSWORD, address="203.0.113.50"))


def test_an_address_guessing_many_accounts_is_locked_out(client, editor):
    for n in range(limit()):
        response = sign_in(client, f"someone-{n}", "guess", address="198.51.100.7")
    assert_locked_out(response)
    # Even the editor's right password is refused from that address …
    assert_locked_out(sign_in(client, "editor", PASSWORD, address="198.51.100.7"))
    # … while the editor, elsewhere, signs in.
    response = sign_in(client, "editor", PASSWORD, address="203.0.113.9")
    assert response.status_code == 302
    assert response.wsgi_request.user == editor


def test_a_successful_sign_in_clears_the_failures(client, editor):
    for n in range(limit() - 1):
        sign_in(client, "editor", f"typo-{n}")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    # A fresh allowance: as many typos again before the lock-out.
    for n in range(limit() - 1):
        assert sign_in(client, "editor", f"typo-again-{n}").status_code == 200
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_lock_out_ends_after_the_cool_off(client, editor):
    for n in range(limit()):
        sign_in(client, "editor", f"guess-{n}")
    assert_locked_out(sign_in(client, "editor", PASSWORD))
    # The cool-off has passed since the last attempt.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_lock_out_page_is_in_russian_for_a_russian_reader(client, editor):
    for n in range(limit()):
        response = sign_in(client, "editor", f"guess-{n}", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 429
    page = response.content.decode()
    with translation.override("ru"):
        message = translation.gettext(
            "Too many failed sign-in attempts for this account or from this address."
        )
    assert message != "Too many failed sign-in attempts for this account or from this address."
    assert message in page
    assert f"Повторите попытку через {cool_off_minutes()} минут." in page


def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    # The proxy appends the address it saw; what comes before is the client's own and varies.
    for n in range(limit()):
        response = sign_in(
            client,
            f"someone-{n}",
            "guess",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}, 198.51.100.7",
        )
    assert_locked_out(response)
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").count() == limit()
    # Another client behind the same proxy is not locked out.
    response = sign_in(
        client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forwarded_for_header_is_ignored(client, editor):
    for n in range(limit()):
        response = sign_in(
            client,
            f"someone-{n}",
            "guess",
            address="198.51.100.8",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
    assert_locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.8"}


def test_a_forged_proxy_header_that_is_not_an_address_falls_back_to_the_connection(
    client, editor, settings
):
    settings.BEHIND_TLS_PROXY = True
    response = sign_in(
        client, "nobody", "guess", address="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address"
    )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]
