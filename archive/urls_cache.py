"""Addresses of the archive's tags (pairs, countries, outlets, agreements), reversed once.

A page of search results links some sixty of them, most several times (every article of a
pair links the pair), and Django's `reverse()` takes about 15 µs each. An address depends
only on the URL name, its arguments, the URLconf in force (the interface language's, see
archive/language_prefix.py, made once per process) and the script prefix, so those are the
key. Articles' own addresses are not kept (each is shown once or twice and never again), but
the part before an article's date is: `article_url()` writes the rest.
"""

import datetime
import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=8192)
def _reversed(urlconf, script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def tag_url(name: str, *args) -> str:
    """`reverse(name, args=args)`, from the process's memory after the first time."""
    return _reversed(get_urlconf(), get_script_prefix(), name, args)


# The article pattern's slug converter; anything else is left to reverse() (which refuses it).
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PROBE = ("2000", "01", "01", "a")


@functools.lru_cache(maxsize=64)
def _article_prefix(urlconf, script_prefix: str) -> str | None:
    """Everything an article's address holds before its year ("/ru/articles"), or None when
    the pattern is not <prefix>/year/month/day/slug/ (then every address is reversed)."""
    probe = reverse("archive:article", args=_PROBE, urlconf=urlconf)
    prefix, found, rest = probe.rpartition("/" + "/".join(_PROBE) + "/")
    return prefix if found and not rest else None


def article_url(day: datetime.date, slug: str) -> str:
    """An article's address, as reverse("archive:article", …) gives it: a page of twenty
    results reversed twenty of them (and their stories' versions) at about 50 µs each."""
    prefix = _article_prefix(get_urlconf(), get_script_prefix())
    if prefix is None or not _SLUG.fullmatch(slug):
        return reverse(
            "archive:article", args=[day.year, f"{day.month:02d}", f"{day.day:02d}", slug]
        )
    return f"{prefix}/{day.year}/{day.month:02d}/{day.day:02d}/{slug}/"


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """Tests that swap the URLconf get addresses from the new one."""
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _article_prefix.cache_clear()
