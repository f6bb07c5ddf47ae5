"""A saved search as a named Atom feed: `/alerts/<token>.atom`, the search feed under its name."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from archive.feeds import SearchFeed, xml_safe
from archive.models import SavedSearch


class SavedSearchFeed(SearchFeed):
    """The newest articles a saved search finds, titled with its name."""

    def __call__(self, request, token):
        saved = get_object_or_404(SavedSearch, token=token)
        return self.respond(request, QueryDict(saved.query, mutable=True), saved=saved)

    def get_object(self, request, ids, params, saved):
        subject = super().get_object(request, ids, params)
        if saved.name:
            subject.title = _("Concord: %(name)s") % {"name": xml_safe(saved.name)}
        return subject
