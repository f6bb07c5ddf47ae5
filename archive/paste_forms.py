"""Forms behind the admin's paste page: the raw text, then the importer's reading to correct.

They speak the ingest records (archive.ingest.records), so the page saves through the same
loader as `import_articles` and a pasted article ends up exactly as an imported one would.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _

from archive.admin_forms import DATE_REQUIRED, LANGUAGE_ERROR, clean_url
from archive.ingest.records import AgreementRecord, ArticleRecord
from archive.models import Agreement, Article, Country, canonical_pair_code


class PasteForm(forms.Form):
    """Step one of the paste page: the raw text, and a year for dates given without one."""

    text = forms.CharField(
        label=_("Article text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Paste the article’s text.")},
        help_text=_(
            "As saved from the site: a first line “ date YYYY-MM-DD title”, or a Markdown "
            "heading, the text, and a closing “**Source URL:**” line if there is one."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Completes a date the text gives without a year (“4 ноя”)."),
    )


def split_codes(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


class ReviewForm(forms.Form):
    """Step two: what the importer made of the paste, for the editor to correct and save."""

    title = forms.CharField(label=_("title"), max_length=500)
    lead = forms.CharField(
        label=_("lead"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(label=_("body"), widget=forms.Textarea(attrs={"rows": 14}))
    published_on = forms.DateField(
        label=_("publication date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": DATE_REQUIRED},
    )
    date_needs_review = forms.BooleanField(label=_("date needs review"), required=False)
    # Where the importer found the date and why it flagged it, kept while the editor decides.
    date_origin = forms.ChoiceField(
        choices=Article.DateOrigin.choices, required=False, widget=forms.HiddenInput
    )
    review_note = forms.CharField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(
        label=_("language"),
        choices=settings.ARTICLE_LANGUAGES,
        error_messages={"invalid_choice": LANGUAGE_ERROR, "required": LANGUAGE_ERROR},
    )
    source = forms.CharField(
        label=_("outlet"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "outlet-names"}),
        help_text=_("An outlet’s name; a name the archive does not know yet adds the outlet."),
    )
    source_url = forms.URLField(
        label=_("source URL"), max_length=1000, required=False, assume_scheme="https"
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("countries"), queryset=Country.objects.all(), required=False
    )
    pairs = forms.CharField(
        label=_("country pairs"),
        required=False,
        help_text=_("ISO codes, such as BY-CN, separated by commas; order does not matter."),
    )

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            # The admin's own country picker, fed by its autocomplete view.
            countries = self.fields["countries"]
            countries.widget = AutocompleteSelectMultiple(
                Article._meta.get_field("countries"), admin_site
            )
            countries.widget.choices = countries.choices

    @staticmethod
    def initial_from(record: ArticleRecord) -> dict:
        """Form values for a parsed record."""
        return {
            "title": record.title,
            "lead": record.lead,
            "body": record.body,
            "published_on": record.date,
            "date_needs_review": record.date_needs_review or record.date is None,
            "date_origin": record.date_origin,
            "review_note": "\n".join(record.review_notes),
            "language": record.language,
            "source": record.source or "",
            "source_url": record.source_url or "",
            "countries": list(
                Country.objects.filter(code__in=record.countries).values_list("pk", flat=True)
            ),
            "pairs": ", ".join(record.pairs),
        }

    def clean_source_url(self):
        url = self.cleaned_data.get("source_url")
        return clean_url(url) if url else None

    def clean_pairs(self):
        codes = []
        for value in split_codes(self.cleaned_data.get("pairs")):
            try:
                code = canonical_pair_code(value)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="pair") from error
            if code not in codes:
                codes.append(code)
        return codes

    def clean(self):
        cleaned = super().clean()
        chosen = {country.code for country in cleaned.get("countries") or []}
        errors = []
        for code in cleaned.get("pairs") or []:
            missing = sorted(set(code.split("-")) - chosen)
            if missing:
                errors.append(
                    _("Add %(countries)s to the countries, or remove the pair %(pair)s.")
                    % {"pair": code, "countries": ", ".join(missing)}
                )
        if errors:
            self.add_error("pairs", errors)
        return cleaned

    def to_record(self, agreements: list[AgreementRecord]) -> ArticleRecord:
        """The corrected article, ready for the loader."""
        data = self.cleaned_data
        flagged = data["date_needs_review"]
        origin = data["date_origin"] or Article.DateOrigin.GIVEN
        if not flagged and data["review_note"]:
            origin = Article.DateOrigin.EDITOR  # the importer's doubt, settled by the editor
        return ArticleRecord(
            title=data["title"],
            lead=data["lead"],
            body=data["body"],
            date=data["published_on"],
            date_needs_review=flagged,
            date_origin=origin,
            review_notes=data["review_note"].splitlines() if flagged else [],
            language=data["language"],
            source_url=data["source_url"],
            source=data["source"] or None,
            countries=sorted(country.code for country in data["countries"]),
            pairs=data["pairs"],
            agreements=agreements,
            origin="pasted",
        )


class AgreementProposalForm(forms.Form):
    """One agreement the importer proposes (or the editor adds), kept only when ticked."""

    keep = forms.BooleanField(label=_("keep"), required=False, initial=True)
    name = forms.CharField(label=_("name"), max_length=500, required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", "---------"), *Agreement.Kind.choices], required=False
    )
    signed_date = forms.DateField(
        label=_("signing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    parties = forms.CharField(
        label=_("parties"),
        required=False,
        help_text=_("ISO codes of the signing countries, separated by commas."),
    )
    organisations = forms.CharField(
        label=_("signatory organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    name_en = forms.CharField(required=False, widget=forms.HiddenInput)
    name_ru = forms.CharField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[("", ""), *Agreement.Status.choices], required=False, widget=forms.HiddenInput
    )

    @staticmethod
    def initial_from(agreement: AgreementRecord) -> dict:
        return {
            "keep": True,
            "name": agreement.name,
            "kind": agreement.kind or "",
            "signed_date": agreement.signed_date,
            "parties": ", ".join(agreement.parties),
            "organisations": "\n".join(agreement.organisations),
            "name_en": agreement.name_en,
            "name_ru": agreement.name_ru,
            "status": agreement.status or "",
        }

    def clean_parties(self):
        codes = [code.upper() for code in split_codes(self.cleaned_data.get("parties"))]
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)},
                code="unknown_country",
            )
        return list(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keep") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Give the agreement’s name, or untick “keep”."))
        return cleaned

    def to_record(self) -> AgreementRecord | None:
        data = self.cleaned_data
        if not data or not data.get("keep") or not data.get("name"):
            return None
        name = data["name"].strip()
        # An edited name replaces the language-specific one it was read as.
        name_en, name_ru = data["name_en"], data["name_ru"]
        if name not in (name_en, name_ru):
            name_en, name_ru = "", ""
        return AgreementRecord(
            name=name,
            kind=data["kind"] or None,
            signed_date=data["signed_date"],
            parties=data["parties"],
            organisations=[
                line.strip() for line in data["organisations"].splitlines() if line.strip()
            ],
            name_en=name_en,
            name_ru=name_ru,
            status=data["status"] or None,
        )


class BaseAgreementProposals(forms.BaseFormSet):
    def records(self) -> list[AgreementRecord]:
        """The ticked, named agreements, in order."""
        return [r for r in (form.to_record() for form in self.forms) if r is not None]


AgreementProposals = forms.formset_factory(
    AgreementProposalForm, formset=BaseAgreementProposals, extra=1, max_num=50
)
