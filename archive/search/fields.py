"""Form fields for the search's parameters: each cleans the shape of its values.

Whether a value names a row that exists (a pair, an outlet…) is checked by the form for all
parameters at once, in one statement (archive.search.criteria.resolve_tags).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.models import canonical_pair_code


class MultipleValuesField(forms.Field):
    """A repeatable parameter (`?pair=BY-CN&pair=CN-RU`), cleaned value by value."""

    widget = forms.MultipleHiddenInput

    def clean_one(self, value: str) -> str:
        return value

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
        return tuple(dict.fromkeys(cleaned))


class PairsField(MultipleValuesField):
    def clean_one(self, value):
        return canonical_pair_code(value)


class CountriesField(MultipleValuesField):
    def clean_one(self, value):
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ValidationError(
                _("“%(value)s” is not a country code; use two letters such as BY."),
                params={"value": value},
            )
        return value.upper()


class LowerChoiceField(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).strip().lower()


class SlugField(forms.CharField):
    """The slug of a row (an outlet, an agreement); the form checks that it exists."""

    def clean(self, value):
        return (super().clean(value) or "").strip()
