"""Alerts: saved searches, the people who confirmed an e-mail digest of one, what they were sent.

A saved search is public (its token names its Atom feed); a subscription is private (its
address is never shown, and only its own unsubscribe token finds it). Subscriptions exist only
once confirmed: until then everything is carried in the signed link of the confirmation e-mail
(archive.alerts.signing), so an address nobody confirmed is never stored.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models.articles import Article


def new_token() -> str:
    """A public, unguessable name for a feed or an unsubscribe link (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A search, by its canonical query string (archive.alerts.searches), under a name."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    # The search page's parameters, validated and in canonical order ("q=…&pair=BY-CN");
    # no page, page size or sort: an alert lists new articles, newest first.
    query = models.TextField(_("search parameters"), blank=True)
    token = models.CharField(_("feed token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name or self.query or str(_("all articles"))

    def get_absolute_url(self):
        """The search page showing this search's results."""
        url = reverse("archive:search")
        return f"{url}?{self.query}" if self.query else url

    def feed_url(self):
        return reverse("archive:alert-feed", args=[self.token])


class Subscription(models.Model):
    """One confirmed address receiving a saved search's new matches by e-mail."""

    saved_search = models.ForeignKey(
        SavedSearch,
        models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("saved search"),
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    # The interface language the reader subscribed in: their digests speak it.
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    confirmed_at = models.DateTimeField(_("confirmed"))
    unsubscribe_token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    # Articles added up to this moment have been looked at for this subscription.
    checked_until = models.DateTimeField(_("checked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "email"], name="subscription_one_per_address"
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.saved_search}"

    def unsubscribe_path(self):
        return reverse("archive:alert-unsubscribe", args=[self.unsubscribe_token])


class Delivery(models.Model):
    """An article sent to a subscription: never sent to it again."""

    subscription = models.ForeignKey(
        Subscription, models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="+", verbose_name=_("article")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "article"], name="delivery_once_per_article"
            )
        ]

    def __str__(self):
        return f"{self.article_id} → {self.subscription_id}"
