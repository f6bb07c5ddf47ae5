"""Every parameter the search page, the API and the feeds accept, validated in one place.

The search: `SearchForm(request.GET)`: `.is_valid()` and `.errors` name each bad parameter and why;
`.criteria` is what `archive.search.results.search()` takes, with every tag value resolved
(one statement for all of them); `.page_number` and `.per_page` say which page.
The facets' parameters come from the facet registry (archive/search/registry.py).
The date archive: `ArchiveFilterSet(request.GET, queryset=…)`, whose `.qs` keeps the
articles of one pair and one language.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Agreement,
    Article,
    CountryPair,
    canonical_pair_code,
    unknown_pair_message,
)
from archive.search import registry
from archive.search.criteria import Criteria
from archive.search.fields import LowerChoiceField
from archive.search.query import MAX_QUERY_LENGTH
from archive.templatetags.concord import LANGUAGE_NAMES

ARTICLE_LANGUAGE_CODES = [code for code, _name in settings.ARTICLE_LANGUAGES]
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

SORT_CHOICES = [
    ("relevance", _("relevance")),
    ("newest", _("newest first")),
    ("oldest", _("oldest first")),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words or a quote"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        # Refused whole rather than cut: a cut query searches for something nobody typed.
        error_messages={
            "max_length": _(
                "A search may be at most %(limit_value)d characters long; "
                "this one has %(show_value)d."
            )
        },
    )
    exact = forms.BooleanField(label=_("Exact quotes"), required=False)
    kind = LowerChoiceField(
        label=_("Agreement kind"), required=False, choices=[("", "")] + Agreement.Kind.choices
    )
    date_from = forms.DateField(
        label=_("Published from"), required=False, input_formats=["%Y-%m-%d"]
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, input_formats=["%Y-%m-%d"]
    )
    sort = LowerChoiceField(label=_("Sort"), required=False, choices=[("", "")] + SORT_CHOICES)
    # Versions of one story (reprints, translations) are one result unless `fold=off`.
    fold = LowerChoiceField(
        label=_("Versions of one story"),
        required=False,
        choices=[("", ""), ("on", _("grouped")), ("off", _("each on its own"))],
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)
    page_size = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        for facet in registry.FACETS:
            self.fields[facet.name] = facet.field()
        # Parameters in the order they are named (errors, hidden fields): words, facets, the rest.
        self.order_fields(["q", "exact", *registry.NAMES, "kind", "date_from", "date_to"])
        self._criteria = Criteria()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        # Every valid value is resolved, so that an unknown one is reported beside the others.
        # The words' forms are read with the tags, in one statement: everything after finds
        # them known.
        criteria = _criteria_from(data).with_tags()
        self._report_unknown(criteria)
        if not self.errors:
            self._criteria = criteria
        return data

    def _report_unknown(self, criteria: Criteria):
        """A value that names no pair, country, outlet or agreement is an error of its own."""
        labels = criteria.tags.labels
        for facet in registry.FACETS:
            if facet.unknown is None:
                continue
            chosen = facet.chosen(criteria)
            missing = [v for v in chosen if v not in labels.get(facet.name, {})]
            if missing:
                self.add_error(facet.name, facet.unknown(missing))

    @property
    def criteria(self) -> Criteria:
        """What the search needs (only meaningful once the form is valid)."""
        return self._criteria if self.is_valid() else Criteria()

    @property
    def page_number(self) -> int:
        return (self.is_valid() and self.cleaned_data.get("page")) or 1

    @property
    def per_page(self) -> int:
        return (self.is_valid() and self.cleaned_data.get("page_size")) or DEFAULT_PAGE_SIZE

    def error_messages(self) -> dict[str, list[str]]:
        """Each bad parameter with the reasons, as plain strings (for JSON and the page)."""
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def named_errors(self) -> list[dict]:
        """Each bad parameter as {"name", "label", "messages"}: the label names it in words."""
        return [
            {
                "name": name,
                "label": str(self.fields[name].label) if name in self.fields else "",
                "messages": messages,
            }
            for name, messages in self.error_messages().items()
        ]


def _criteria_from(data: dict) -> Criteria:
    year = data.get("year")
    return Criteria(
        q=data.get("q") or "",
        exact=bool(data.get("exact")),
        pairs=tuple(data.get("pair") or ()),
        countries=tuple(data.get("country") or ()),
        language=data.get("language") or "",
        source=data.get("source") or "",
        agreement=data.get("agreement") or "",
        kind=data.get("kind") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        year=int(year) if year else None,
        sort=data.get("sort") or "",
        fold=data.get("fold") != "off",
    )


__all__ = [
    "ArchiveFilterSet",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "SORT_CHOICES",
    "SearchForm",
]


class ArchiveForm(forms.Form):
    """The date archive's parameters: one pair and one language, each checked with a message
    that says what is wrong (the same wording as the search's)."""

    def clean_pair(self):
        raw = (self.cleaned_data.get("pair") or "").strip()
        if not raw:
            return None
        try:
            code = canonical_pair_code(raw)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        pair = CountryPair.objects.select_related("first", "second").filter(code=code).first()
        if pair is None:
            raise forms.ValidationError(unknown_pair_message([code]))
        return pair

    def clean_language(self):
        raw = (self.cleaned_data.get("language") or "").strip().lower()
        if raw and raw not in ARTICLE_LANGUAGE_CODES:
            choices = ", ".join(
                f"{code} ({LANGUAGE_NAMES.get(code, code)})" for code in ARTICLE_LANGUAGE_CODES
            )
            raise forms.ValidationError(
                _("“%(value)s” is not an article language; use one of: %(choices)s.")
                % {"value": raw, "choices": choices}
            )
        return raw


class ArchiveFilterSet(django_filters.FilterSet):
    """`?pair=BY-CN` and `?language=ru` on the date archive: `.qs` is the articles they keep."""

    pair = django_filters.CharFilter(method="filter_pair", label=_("Country pair"))
    language = django_filters.CharFilter(method="filter_language", label=_("Language"))

    class Meta:
        model = Article
        fields = []
        form = ArchiveForm

    def filter_pair(self, queryset, _name, pair):
        return queryset.tagged(pairs=[pair.code]) if pair else queryset

    def filter_language(self, queryset, _name, language):
        return queryset.filter(language=language) if language else queryset

    @property
    def messages(self) -> list[str]:
        return [str(m) for messages in self.errors.values() for m in messages]

    def _cleaned(self, name):
        return self.form.cleaned_data.get(name) if self.is_valid() else None

    @property
    def chosen_pair(self):
        """The CountryPair chosen, or None."""
        return self._cleaned("pair")

    @property
    def pair_code(self) -> str:
        return self.chosen_pair.code if self.chosen_pair else ""

    @property
    def chosen_language(self) -> str:
        return self._cleaned("language") or ""

    @property
    def active(self) -> bool:
        return bool(self.chosen_pair or self.chosen_language)

    @property
    def query(self) -> str:
        """The filters as a query string to append to archive links ("?pair=BY-CN"), or ""."""
        params = {"pair": self.pair_code, "language": self.chosen_language}
        params = {key: value for key, value in params.items() if value}
        return "?" + urlencode(params) if params else ""
