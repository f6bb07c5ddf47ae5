"""Helpers the models share: a count as a subquery, and free slugs."""

from django.db import models

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
