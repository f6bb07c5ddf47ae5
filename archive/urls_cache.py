"""Addresses of the archive's tags (pairs, countries, outlets, agreements), reversed once.

A page of search results links some sixty of them, most several times (every article of a
pair links the pair), and Django's `reverse()` takes about 15 µs each. An address depends
only on the URL name, its arguments, the URLconf in force (the interface language's, see
archive/language_prefix.py, made once per process) and the script prefix, so those are the
key. Articles' own addresses are not kept: each is shown once or twice and never again.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=8192)
def _reversed(urlconf, script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def tag_url(name: str, *args) -> str:
    """`reverse(name, args=args)`, from the process's memory after the first time."""
    return _reversed(get_urlconf(), get_script_prefix(), name, args)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """Tests that swap the URLconf get addresses from the new one."""
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
