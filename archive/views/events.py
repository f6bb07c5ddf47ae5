"""Events: the list of confirmed visits, summits and meetings, and a page per event."""

from django.db.models import OuterRef
from django.shortcuts import render

from archive.jsonld import script as jsonld_script
from archive.jsonld_events import event_jsonld
from archive.models import Article, CountryPair, Event, canonical_pair_code
from archive.models.shared import count_of
from archive.views.browsing import paginate
from archive.views.moved import moved_or_404


def with_counts(events):
    """Events with `document_count` and `article_count`, counted on their link tables."""
    documents = Event.agreements.through.objects.filter(event_id=OuterRef("pk"))
    articles = Event.articles.through.objects.filter(event_id=OuterRef("pk"))
    return events.annotate(document_count=count_of(documents), article_count=count_of(articles))


def event_list(request):
    """Confirmed events, newest first, optionally of one pair (`?pair=BY-CN`).

    A malformed pair code is reported on the page (status 400) and not applied.
    """
    errors = []
    events = with_counts(Event.objects.public()).prefetch_related("countries").newest()
    pair_code = request.GET.get("pair", "").strip()
    pair = None
    if pair_code:
        try:
            pair_code = canonical_pair_code(pair_code)
        except ValueError as error:
            errors.append(str(error))
            pair_code = ""
        else:
            events = events.for_pair(pair_code)
            # For the heading; a pair with events but no articles yet has no row.
            pair = CountryPair.objects.select_related("first", "second").filter(code=pair_code)
            pair = pair.first()
    page = paginate(request, events, per_page=20)
    context = {
        "page": page,
        "errors": errors,
        "pair_code": pair_code,
        "pair": pair,
        "pairs": pairs_with_events(),
    }
    return render(request, "archive/event_list.html", context, status=400 if errors else 200)


def pairs_with_events():
    """The pairs of countries that took part in one confirmed event together (the filter)."""
    links = Event.countries.through.objects.filter(event__status=Event.Status.CONFIRMED)
    by_event: dict[int, set[str]] = {}
    for event_id, code in links.values_list("event_id", "country__code"):
        by_event.setdefault(event_id, set()).add(code)
    codes = {
        f"{a}-{b}"
        for found in by_event.values()
        for a in sorted(found)
        for b in sorted(found)
        if a < b
    }
    return CountryPair.objects.filter(code__in=codes).select_related("first", "second")


def event_detail(request, slug):
    """A confirmed event: its dates, place, countries, documents and the articles on it.

    Editors (staff) also see proposed and rejected events, marked as hidden from readers,
    so the admin's "view on site" works before they confirm one.
    """
    events = Event.objects.all() if request.user.is_staff else Event.objects.public()
    event = (
        events.select_related("place_country").prefetch_related("countries").filter(slug=slug)
    ).first()
    if event is None:
        # An event merged into another: its old address leads to the survivor.
        return moved_or_404(request, "event", slug)
    agreements = event.agreements.prefetch_related("parties").order_by(
        "kind", "name_en", "name_ru", "pk"
    )
    articles = (
        Article.objects.filter(events=event)
        .newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")
    )
    page = paginate(request, articles, per_page=50)
    context = {
        "event": event,
        "agreements": agreements,
        "page": page,
        "pairs": event.pairs(),
        "jsonld": jsonld_script(
            event_jsonld(event, list(agreements), list(page.object_list), request)
        ),
    }
    return render(request, "archive/event_detail.html", context)
