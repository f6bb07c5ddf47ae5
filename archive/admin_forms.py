"""Forms behind the editorial admin: the checks an editor sees as clear messages, not errors.

Each form validates what the database would otherwise refuse with an IntegrityError (a
duplicate source URL, a slug already taken that day, a pair that already exists), so a
mistake comes back as a message on the field instead of a server error.
"""

import re

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive.ingest.urls import clean_source_url, url_key
from archive.models import Agreement, Article, Country, CountryPair, Outlet, canonical_pair_code

LANGUAGE_ERROR = _("Choose the article’s language from the list.")
DATE_REQUIRED = _(
    "Give the publication date. If the source has no year, enter the likeliest one "
    "and tick “date needs review”."
)


def has_a_name(cleaned: dict) -> bool:
    """A name in Russian or in English (agreements and events may leave one blank)."""
    return bool((cleaned.get("name_ru") or "").strip() or (cleaned.get("name_en") or "").strip())


class LinesField(SimpleArrayField):
    """A list edited one item per line: blank lines and repeats are dropped, case is kept."""

    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, max_length: int, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(forms.CharField(max_length=max_length), delimiter="\n", **kwargs)

    def to_python(self, value):
        lines = value if isinstance(value, list) else (value or "").splitlines()
        seen = []
        for line in lines:
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return super().to_python(seen)


def existing_article_link(article: Article):
    """An editor-facing link to an article's admin page, its title escaped."""
    url = reverse("admin:archive_article_change", args=[article.pk])
    return format_html('<a href="{}">{}</a>', url, article.title)


def duplicate_url_message(article: Article):
    return format_html(
        "{} {}",
        _("Another article already has this source URL, or another address of the same page:"),
        existing_article_link(article),
    )


def same_page(url: str, exclude_pk=None) -> Article | None:
    """The article whose source URL names the same page as `url` (http/https, www., tracking
    parameters and AMP paths aside), if there is one."""
    return Article.objects.filter(url_key=url_key(url)).exclude(pk=exclude_pk).first()


def pair_country_errors(pairs, countries) -> list[str]:
    """Messages for each pair naming a country the article does not cover."""
    chosen = {country.pk for country in countries}
    errors = []
    for pair in pairs:
        missing = [c for c in (pair.first, pair.second) if c.pk not in chosen]
        if missing:
            errors.append(
                _("Add %(countries)s to the countries, or remove the pair %(pair)s.")
                % {"pair": pair.code, "countries": ", ".join(map(str, missing))}
            )
    return errors


def clean_url(url: str) -> str:
    """The source URL as it will be stored, or a form error saying why it cannot be stored."""
    try:
        return clean_source_url(url)
    except ValueError as error:
        raise forms.ValidationError(
            _("This address cannot be stored as a source URL (%(reason)s).") % {"reason": error},
            code="bad_url",
        ) from error


class ArticleAdminForm(forms.ModelForm):
    # Declared rather than generated so the form says which scheme a bare host gets.
    source_url = forms.URLField(
        label=_("source URL"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Stored as given; two articles cannot name the same page (http/https, www. and "
            "tracking parameters aside)."
        ),
    )

    archived_copy_url = forms.URLField(
        label=_("archived copy"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_("A copy of the source page in a web archive (such as web.archive.org)."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "lead",
            "body",
            "published_on",
            "date_needs_review",
            "language",
            "outlet",
            "source_url",
            "countries",
            "pairs",
            "agreements",
            "archived_copy_url",
        ]
        error_messages = {
            "published_on": {"required": DATE_REQUIRED},
            "language": {"invalid_choice": LANGUAGE_ERROR, "required": LANGUAGE_ERROR},
        }
        help_texts = {
            "slug": _("Left blank, it is made from the title."),
            "pairs": _("Each pair’s two countries must also be among the countries."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_archived_copy_url(self):
        return self.cleaned_data.get("archived_copy_url") or None

    def clean_source_url(self):
        url = self.cleaned_data.get("source_url")
        if not url:
            return None
        url = clean_url(url)
        duplicate = same_page(url, exclude_pk=self.instance.pk)
        if duplicate:
            raise forms.ValidationError(duplicate_url_message(duplicate), code="duplicate_url")
        return url

    def clean(self):
        cleaned = super().clean()
        errors = pair_country_errors(cleaned.get("pairs") or [], cleaned.get("countries") or [])
        if errors:
            self.add_error("pairs", errors)
        slug, published_on = cleaned.get("slug"), cleaned.get("published_on")
        if slug and published_on:
            taken = (
                Article.objects.filter(slug=slug, published_on=published_on)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if taken:
                self.add_error(
                    "slug",
                    forms.ValidationError(
                        format_html(
                            "{} {}",
                            _("An article of the same day already uses this slug:"),
                            existing_article_link(taken),
                        ),
                        code="slug_taken",
                    ),
                )
        return cleaned


class CountryAdminForm(forms.ModelForm):
    forms = LinesField(
        max_length=80,
        label=_("recognised forms"),
        help_text=_(
            "One per line. Lower case matches any case; “*” stands for any ending "
            "(белорус*); a form with capitals (РБ, КНР) matches only as written; “?” first: "
            "counts only when the country is also named otherwise (?Jordan); “!” first: a "
            "phrase that is not the country (!Gulf of Guinea)."
        ),
    )
    compound_stems = LinesField(
        max_length=40,
        label=_("compound stems"),
        help_text=_("One per line: first parts of compounds, as in «белорусско-китайский»."),
    )

    class Meta:
        model = Country
        fields = ["code", "name_en", "name_ru", "forms", "compound_stems"]

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise forms.ValidationError(
                _("Use the two-letter ISO 3166-1 code, such as BY."), code="iso"
            )
        return code


class OutletAdminForm(forms.ModelForm):
    aliases = LinesField(
        max_length=200,
        label=_("other names"),
        help_text=_(
            "One per line: how texts and datelines name the outlet (БЕЛТА, Синьхуа). The "
            "importer matches the name, then these, and only then the domain of the URL."
        ),
    )

    class Meta:
        model = Outlet
        fields = ["name", "slug", "domain", "country", "aliases"]
        help_texts = {"slug": _("Left blank, it is made from the name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_domain(self):
        # Editors paste whole addresses; the archive matches outlets by bare host name.
        domain = (self.cleaned_data.get("domain") or "").strip().lower()
        domain = re.sub(r"^[a-z][a-z0-9+.-]*://", "", domain)
        domain = domain.split("/", 1)[0].removeprefix("www.")
        return domain


class AgreementAdminForm(forms.ModelForm):
    aliases = LinesField(
        max_length=500,
        label=_("other names"),
        help_text=_("One per line: other wordings or grammatical cases the texts use."),
    )

    class Meta:
        model = Agreement
        fields = [
            "name_ru",
            "name_en",
            "slug",
            "kind",
            "status",
            "parties",
            "party_organisations",
            "signed_on",
            "signed_place",
            "aliases",
        ]
        help_texts = {"slug": _("Left blank, it is made from the name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not has_a_name(cleaned):
            raise forms.ValidationError(
                _("Give the agreement a name in Russian or in English."), code="no_name"
            )
        return cleaned


class CountryPairAdminForm(forms.ModelForm):
    class Meta:
        model = CountryPair
        fields = ["first", "second"]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first"), cleaned.get("second")
        if first and second:
            try:
                code = canonical_pair_code(first.code, second.code)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="pair") from error
            if CountryPair.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("The pair %(code)s already exists.") % {"code": code}, code="duplicate"
                )
        return cleaned
