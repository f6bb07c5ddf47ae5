"""What the models share: a count as a subquery, free slugs, a name in two languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.text import slugify_translit


def count_of(rows: models.QuerySet) -> models.Subquery:
    """The number of `rows` (a queryset that refers to its outer row) as an integer subquery."""
    # COUNT without GROUP BY: one row even when nothing links, so the count is 0, not NULL.
    return models.Subquery(
        rows.order_by().annotate(n=models.Func(models.Value(1), function="COUNT")).values("n"),
        output_field=models.IntegerField(),
    )


def unique_slug(model, text: str, pk=None, max_length: int = 100) -> str:
    """A slug from `text` no other row of `model` has: the text's own, else the first free
    "-2", "-3" … (read in one query, however many rows share the start)."""
    base = slugify_translit(text, max_length=max_length) or model._meta.model_name
    stem = base[: max_length - 4]
    taken = set(
        model.objects.filter(slug__startswith=stem).exclude(pk=pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{stem}-{n}"
        n += 1
    return slug


class BilingualName(models.Model):
    """A name in Russian and one in English, either of which may be blank (agreements and
    events); `name()` gives the reader's, or the other when that one is blank."""

    name_ru = models.CharField(_("name in Russian"), max_length=500, blank=True)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def name(self, language: str = "en") -> str:
        if language.startswith("ru"):
            return self.name_ru or self.name_en
        return self.name_en or self.name_ru
