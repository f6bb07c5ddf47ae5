"""The page a locked-out sign-in gets: what happened and when to try again."""

import math

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext


def lockout_response(request, original_response=None, credentials=None):
    """Answer 429 with the wait in minutes (django-axes calls this on a locked-out sign-in).

    Every attempt while locked out restarts the cool-off, so the wait is counted from now.
    Editors sign in through the admin only, so the page wears the admin's header.
    """
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": gettext("Sign-in temporarily blocked"),
        "minutes": max(1, math.ceil(seconds / 60)),
    }
    response = render(request, "archive/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
