"""Atom and RSS feeds: the newest articles, one country pair, one agreement, any search.

Every feed exists in both formats (`<Feed>()` is RSS 2.0, `<Feed>.atom()` Atom 1.0). Each
field is escaped as its format reads it: feed readers treat RSS descriptions (the channel's and
the items') and Atom summaries as HTML, so their text is HTML-escaped before the XML writer
escapes it again; titles, Atom subtitles, authors and categories are plain text, escaped once
by the XML writer. Characters XML 1.0 cannot carry (stray control characters in imported
texts) are dropped rather than failing the whole feed.

The feed speaks the reader's interface language (its titles, descriptions and category names,
and so `<language>` / `xml:lang`); the articles keep their own, which Atom marks on each entry.
"""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from archive.filters import SearchForm
from archive.models import Agreement, Article, CountryPair, canonical_pair_code
from archive.search import page as pages
from archive.search import results as search_results
from archive.text import interface_language

ITEMS = 50
SUMMARY_CHARS = 400
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A feed shows the newest items; paging through it is the search page's business.
NOT_FOR_FEEDS = ("page", "page_size")


def xml_safe(text: str) -> str:
    """The text without the characters an XML 1.0 document may not contain."""
    return NOT_IN_XML.sub("", text or "")


@dataclass
class Subject:
    """What a feed is about, worked out once per request."""

    title: str
    description: str
    link: str
    self_url: str
    articles: object = field(repr=False)


class EntryLanguageAtomFeed(Atom1Feed):
    """Atom 1.0 whose entries carry their article's language (`xml:lang`) when it is known."""

    def item_attributes(self, item):
        language = item.get("language")
        return {"xml:lang": language} if language else {}


class ArticleFeed(Feed):
    """The items every feed shares; subclasses say which articles and what to call them.

    `language` is left to Django, which takes the request's active language (set by
    LocaleMiddleware from the reader's cookie or Accept-Language, "en" or "ru"); a method
    of that name would be written into the feed as its repr.
    """

    feed_type = Rss201rev2Feed

    def title(self, subject):
        return xml_safe(subject.title)

    def description(self, subject):
        # RSS: read as HTML by feed readers, so a name with "&" or "<" must arrive as text.
        return escape(xml_safe(subject.description))

    def subtitle(self, subject):
        # Atom: a text construct (no type attribute), escaped once by the XML writer.
        return xml_safe(subject.description)

    def link(self, subject):
        return subject.link

    def feed_url(self, subject):
        return subject.self_url

    def items(self, subject):
        articles = subject.articles.select_related("outlet")
        return articles.prefetch_related("pairs__first", "pairs__second", "agreements")[:ITEMS]

    def item_extra_kwargs(self, article):
        return {"language": article.language}

    def item_title(self, article):
        return xml_safe(article.title)

    def item_description(self, article):
        text = article.lead or next(iter(article.paragraphs), "")
        return escape(xml_safe(Truncator(text).chars(SUMMARY_CHARS)))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return datetime.datetime.combine(
            article.published_on, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return xml_safe(article.outlet.name) if article.outlet_id else None

    def item_categories(self, article):
        # Pairs in words ("Belarus–China"), as the pages show them.
        language = interface_language()
        return [xml_safe(pair.label(language)) for pair in article.pairs.all()] + [
            xml_safe(agreement.name(language)) for agreement in article.agreements.all()
        ]

    @classmethod
    def atom(cls):
        """The same feed in Atom 1.0."""
        return type(f"{cls.__name__}Atom", (cls,), {"feed_type": EntryLanguageAtomFeed})()


def _tagged(**ids):
    """The newest articles with one tag, by its id on the article row (`pair_ids=[3]`)."""
    return Article.objects.with_tag_ids(**ids).newest()


def _feed_url(request) -> str:
    return request.build_absolute_uri(request.get_full_path())


class LatestFeed(ArticleFeed):
    """The newest articles of the whole archive."""

    def get_object(self, request):
        return Subject(
            title=_("Concord: newest articles"),
            description=_("The newest articles in the Concord archive."),
            link=reverse("archive:home"),
            self_url=_feed_url(request),
            articles=Article.objects.newest(),
        )


class PairFeed(ArticleFeed):
    """The newest articles on one country pair; `CN-BY` redirects to `BY-CN`."""

    def __call__(self, request, code):
        try:
            canonical = canonical_pair_code(code)
        except ValueError:
            raise Http404("Not a country pair.") from None
        if canonical != code:
            url = request.path.replace(f"/{code}.", f"/{canonical}.", 1)
            return HttpResponsePermanentRedirect(url)
        return super().__call__(request, code=code)

    def get_object(self, request, code):
        pair = get_object_or_404(CountryPair.objects.select_related("first", "second"), code=code)
        label = pair.label(interface_language())
        return Subject(
            title=_("Concord: %(pair)s") % {"pair": label},
            description=_("The newest articles on %(pair)s cooperation.") % {"pair": label},
            link=pair.get_absolute_url(),
            self_url=_feed_url(request),
            articles=_tagged(pair_ids=[pair.pk]),
        )


class AgreementFeed(ArticleFeed):
    """The newest articles mentioning one agreement."""

    def get_object(self, request, slug):
        agreement = get_object_or_404(Agreement, slug=slug)
        name = agreement.name(interface_language())
        return Subject(
            title=_("Concord: %(agreement)s") % {"agreement": name},
            description=_("The newest articles mentioning %(agreement)s.") % {"agreement": name},
            link=agreement.get_absolute_url(),
            self_url=_feed_url(request),
            articles=_tagged(agreement_ids=[agreement.pk]),
        )


class SearchFeed(ArticleFeed):
    """Any search, newest first unless the query string asks otherwise; bad parameters: 400."""

    def __call__(self, request):
        return self.respond(request, request.GET.copy())

    def respond(self, request, params: QueryDict, **extra):
        """The feed of the search these parameters make (a saved search passes its own)."""
        for name in NOT_FOR_FEEDS:
            params.pop(name, None)
        params.setdefault("sort", "newest")
        filterset = SearchForm(params)
        if not filterset.is_valid():
            # Each problem named in words, as the search page names it.
            problems = "\n".join(
                f"{error['label'] or error['name']}: {' '.join(error['messages'])}"
                for error in filterset.named_errors()
            )
            return HttpResponseBadRequest(
                _("This feed’s search parameters are not valid.") + "\n" + problems,
                content_type="text/plain; charset=utf-8",
            )
        try:
            ids = search_results.ordered_ids(filterset.criteria, ITEMS)
        except search_results.TooSlow:
            return HttpResponse(
                _("This search took too long to answer. Add a word or a filter, or sort by date."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        return super().__call__(request, ids=ids, params=params, **extra)

    def get_object(self, request, ids, params: QueryDict):
        query = params.get("q", "").strip()
        shown = params.copy()
        if shown.get("sort") == "newest" and "sort" not in request.GET:
            del shown["sort"]
        return Subject(
            title=(
                _("Concord: search for “%(query)s”") % {"query": query}
                if query
                else _("Concord: selected articles")
            ),
            description=_("The newest articles matching a search in the Concord archive."),
            link=f"{reverse('archive:search')}?{shown.urlencode()}",
            self_url=_feed_url(request),
            # The search's first ITEMS results, in its order.
            articles=pages.in_order(ids),
        )
