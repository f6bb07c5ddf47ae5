"""Every parameter the search page and the API accept, parsed and validated in one place.

`ArticleFilterSet(request.GET, queryset=Article.objects.all())`: `.is_valid()` and `.errors`
name each bad parameter and why; `.qs` is the ordered result queryset; `.criteria` is what
the search engine needs for counts and facets.
"""

import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.models import Agreement, Article, Country, CountryPair, Outlet, canonical_pair_code
from archive.search import engine
from archive.search.query import MAX_QUERY_LENGTH

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class MultipleValuesField(forms.Field):
    """A repeatable parameter (`?pair=BY-CN&pair=CN-RU`), cleaned value by value."""

    widget = forms.MultipleHiddenInput

    def clean_one(self, value: str) -> str:
        return value

    def known(self, values: list[str]) -> set[str]:
        return set(values)

    def unknown_message(self, values: list[str]) -> str:
        raise NotImplementedError

    def to_python(self, value):
        if not value:
            return ()
        if isinstance(value, str):
            value = [value]
        cleaned, errors = [], []
        for raw in value:
            raw = (raw or "").strip()
            if not raw:
                continue
            try:
                cleaned.append(self.clean_one(raw))
            except (ValueError, ValidationError) as error:
                errors.append(str(getattr(error, "message", error)))
        if errors:
            raise ValidationError(errors)
        cleaned = list(dict.fromkeys(cleaned))
        missing = [v for v in cleaned if v not in self.known(cleaned)]
        if missing:
            raise ValidationError(self.unknown_message(missing))
        return tuple(cleaned)


class PairsField(MultipleValuesField):
    def clean_one(self, value):
        return canonical_pair_code(value)

    def known(self, values):
        return set(CountryPair.objects.filter(code__in=values).values_list("code", flat=True))

    def unknown_message(self, values):
        return _("No articles are tagged with the country pair %(pairs)s.") % {
            "pairs": ", ".join(values)
        }


class CountriesField(MultipleValuesField):
    def clean_one(self, value):
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ValidationError(
                _("“%(value)s” is not a country code; use two letters such as BY."),
                params={"value": value},
            )
        return value.upper()

    def known(self, values):
        return set(Country.objects.filter(code__in=values).values_list("code", flat=True))

    def unknown_message(self, values):
        return _("Unknown country code: %(codes)s.") % {"codes": ", ".join(values)}


class SlugOfField(forms.CharField):
    """The slug of an existing row (an outlet, an agreement)."""

    def __init__(self, *, model, message, **kwargs):
        self.model, self.message = model, message
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if value and not self.model.objects.filter(slug=value).exists():
            raise ValidationError(self.message, params={"value": value})
        return value


class LowerChoiceField(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).strip().lower()


class PlainFilter(django_filters.Filter):
    """A declared parameter; the filtering itself happens in `ArticleFilterSet.filter_queryset`."""

    def __init__(self, field_class, **kwargs):
        self.field_class = field_class
        super().__init__(**kwargs)


SORT_CHOICES = [
    ("relevance", _("relevance")),
    ("newest", _("newest first")),
    ("oldest", _("oldest first")),
]


class ArticleFilterSet(django_filters.FilterSet):
    q = PlainFilter(
        forms.CharField,
        label=_("Words or a quote"),
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
    exact = PlainFilter(forms.BooleanField, label=_("Exact quotes"))
    pair = PlainFilter(PairsField, label=_("Country pair"))
    country = PlainFilter(CountriesField, label=_("Country"))
    language = PlainFilter(
        LowerChoiceField, label=_("Language"), choices=[("", "")] + settings.ARTICLE_LANGUAGES
    )
    source = PlainFilter(
        SlugOfField,
        label=_("Outlet"),
        model=Outlet,
        message=_("There is no outlet “%(value)s”."),
    )
    agreement = PlainFilter(
        SlugOfField,
        label=_("Agreement"),
        model=Agreement,
        message=_("There is no agreement “%(value)s”."),
    )
    kind = PlainFilter(
        LowerChoiceField, label=_("Agreement kind"), choices=[("", "")] + Agreement.Kind.choices
    )
    date_from = PlainFilter(forms.DateField, label=_("Published from"), input_formats=["%Y-%m-%d"])
    date_to = PlainFilter(forms.DateField, label=_("Published until"), input_formats=["%Y-%m-%d"])
    year = PlainFilter(forms.IntegerField, label=_("Year"), min_value=1000, max_value=9999)
    sort = PlainFilter(LowerChoiceField, label=_("Sort"), choices=[("", "")] + SORT_CHOICES)
    page = PlainFilter(forms.IntegerField, label=_("Page"), min_value=1)
    page_size = PlainFilter(
        forms.IntegerField, label=_("Results per page"), min_value=1, max_value=MAX_PAGE_SIZE
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Article.objects.all()
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.clean = self._clean_form

    def _clean_form(self):
        data = self.form.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.form.add_error("date_to", _("The end date is before the start date."))
        return data

    @property
    def criteria(self) -> engine.Criteria:
        """What the search engine needs (only meaningful once the form is valid)."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return criteria_from(data)

    @property
    def page_number(self) -> int:
        return (self.is_valid() and self.form.cleaned_data.get("page")) or 1

    @property
    def per_page(self) -> int:
        return (self.is_valid() and self.form.cleaned_data.get("page_size")) or DEFAULT_PAGE_SIZE

    def filter_queryset(self, queryset):
        if self.is_bound and not self.is_valid():
            return queryset.none()
        return engine.ordered(queryset, self.criteria)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def error_messages(self) -> dict[str, list[str]]:
        """Each bad parameter with the reasons, as plain strings (for JSON and the page)."""
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def named_errors(self) -> list[dict]:
        """Each bad parameter as {"name", "label", "messages"}: the label names it in words."""
        fields = self.form.fields
        return [
            {
                "name": name,
                "label": str(fields[name].label) if name in fields else "",
                "messages": messages,
            }
            for name, messages in self.error_messages().items()
        ]


def criteria_from(data: dict) -> engine.Criteria:
    year = data.get("year")
    return engine.Criteria(
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
    )


__all__ = ["ArticleFilterSet", "criteria_from"]
