"""How articles are asked for: by tag, by pair, by date, and counted."""

from django.db import models
from django.db.models.functions import TruncDay, TruncMonth, TruncYear

from archive.models import tags
from archive.models.countries import canonical_pair_code


class ArticleQuerySet(models.QuerySet):
    # --- Tags: on the row's id arrays, through their GIN indexes --------------------------------
    def tagged(self, *, pairs=(), countries=(), agreements=(), kinds=()):
        """Articles with any of the given values of each tag, and every tag given.

        Public values: pair codes in any order or case ("cn-by"), ISO country codes, agreement
        slugs, agreement kinds. An unknown value matches nothing; a malformed pair code raises
        ValueError. A tag given no values narrows nothing.
        """
        resolved = tags.resolve(
            pairs=pairs, countries=countries, agreements=agreements, kinds=kinds
        )
        qs = self
        for column, ids in resolved:
            qs = qs.with_tag_ids(**{column: ids})
        return qs

    def with_tag_ids(self, **ids_by_column):
        """Articles holding any of the ids given for each column (`pair_ids=[3, 7]`); an empty
        list matches nothing."""
        if any(not ids for ids in ids_by_column.values()):
            return self.none()
        return self.filter(*(tags.holding_any(c, ids) for c, ids in ids_by_column.items()))

    def for_pair(self, a: str, b: str | None = None):
        """Articles on one pair, given as two codes or one ("CN-BY"); ValueError if malformed."""
        return self.tagged(pairs=[canonical_pair_code(a, b)])

    def newest(self):
        return self.order_by("-published_on", "-id")

    def about_country(self, code: str):
        """Articles tagged with the country itself or with any pair it belongs to."""
        country = tags.country_ids([code])
        pairs = tags.pairs_with_country_ids(code)
        if not (country or pairs):
            return self.none()
        return self.filter(
            tags.holding_any("country_ids", country) | tags.holding_any("pair_ids", pairs)
        )

    def counts_by(self, period: str) -> list[tuple]:
        """(first day of the period, article count) for each "year", "month" or "day", oldest first."""
        trunc = {"year": TruncYear, "month": TruncMonth, "day": TruncDay}[period]
        return list(
            self.order_by()
            .annotate(period=trunc("published_on"))
            .values("period")
            .annotate(n=models.Count("pk"))
            .order_by("period")
            .values_list("period", "n")
        )

    def coverage(self) -> list[tuple]:
        """(first day of month, language, outlet id, article count) rows, from one pass.

        A hub page sums these into its chart, language and outlet counts rather than scanning
        the same articles three times.
        """
        return list(
            self.order_by()
            .annotate(month=TruncMonth("published_on"))
            .values("month", "language", "outlet_id")
            .annotate(n=models.Count("pk"))
            .values_list("month", "language", "outlet_id", "n")
        )

    def counts_of(self, field: str) -> list[tuple]:
        """(value, article count) for one field such as "language", most frequent first."""
        return list(
            self.order_by()
            .values(field)
            .annotate(n=models.Count("pk"))
            .order_by("-n", field)
            .values_list(field, "n")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles without their stored search vectors, which nothing displays.

    The two vectors are several kilobytes each, stored apart; loading them with every
    article read them for nothing (20 results: 40 vectors).
    The search reads them inside PostgreSQL; `.only()` or `.defer(None)` still load them.
    """

    def get_queryset(self):
        return super().get_queryset().defer("search_vector", "search_exact")
