"""Requests turned away before any view sees them."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _


class RejectNulBytes:
    """A NUL byte in the address (path or query string) answers 400.

    PostgreSQL's text cannot hold one: a lookup by such a value failed with a DataError and
    answered 500 (/countries/%00/). No address of the archive has one, so the request is
    wrong, whatever the view. The API answers in its own shape, naming the parameter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = ["path"] if "\x00" in request.path else []
        bad += [
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        ]
        if not bad:
            return self.get_response(request)
        message = _("The address holds a character no address of the archive has (NUL).")
        if request.path.startswith(reverse("archive:api-articles")):
            return JsonResponse({"errors": {name: [message] for name in bad}}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
