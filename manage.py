#!/usr/bin/env python
"""Django's command-line utility for Concord."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A setting the operator must give (the secret key) is said in one line, not buried in
    # the traceback of whichever command touched the settings first.
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings
    except ImproperlyConfigured as error:
        sys.exit(f"Concord cannot start: {error}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
