"""The register of names in the admin: editors add spellings, search and the importer use them."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin_forms import LinesField
from archive.models import Name
from archive.text import fold_yo


def _key(spelling: str) -> str:
    """One spelling as search compares spellings: case, ё and hyphens aside."""
    return " ".join(fold_yo(spelling.lower()).replace("-", " ").split())


class NameAdminForm(forms.ModelForm):
    variants = LinesField(
        max_length=150,
        label=_("other spellings"),
        help_text=Name._meta.get_field("variants").help_text,
    )

    class Meta:
        model = Name
        fields = ["canonical", "kind", "country", "variants"]

    def clean(self):
        """A spelling names one name: two names sharing one would make search guess."""
        cleaned = super().clean()
        spellings = [cleaned.get("canonical") or "", *(cleaned.get("variants") or [])]
        keys = {_key(s): s for s in spellings if s}
        others = Name.objects.exclude(pk=self.instance.pk).only("canonical", "variants")
        for other in others:
            for spelling in other.spellings:
                mine = keys.get(_key(spelling))
                if mine:
                    raise forms.ValidationError(
                        _("“%(spelling)s” is already a spelling of “%(name)s”."),
                        code="taken",
                        params={"spelling": mine, "name": other.canonical},
                    )
        return cleaned


@admin.register(Name)
class NameAdmin(admin.ModelAdmin):
    form = NameAdminForm
    list_display = ["canonical", "kind", "country", "spelling_list"]
    list_filter = ["kind"]
    search_fields = ["canonical", "variants__icontains"]
    autocomplete_fields = ["country"]
    ordering = ["canonical"]

    @admin.display(description=_("other spellings"))
    def spelling_list(self, name):
        return ", ".join(name.variants)
