"""Old slugs of merged register entries, answered with a 301 to the entry that absorbed them.

One table for every kind of entry with a public slug page: an agreement's or an outlet's
page (and, later, an event's) keeps working after a merge. The target is held by id, not by
slug, so a redirect survives a later change of the survivor's slug; a kind names its model
in `KINDS`, so a new kind needs no migration.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# kind → model label. Events add "event" here when they get a page of their own.
KINDS = {"agreement": "archive.Agreement", "outlet": "archive.Outlet", "event": "archive.Event"}


class SlugRedirectQuerySet(models.QuerySet):
    def target(self, kind: str, slug: str):
        """The live entry an old slug of `kind` now points to, or None."""
        row = self.filter(kind=kind, old_slug=slug).only("target_id").first()
        if row is None or kind not in KINDS:
            return None
        return apps.get_model(KINDS[kind])._default_manager.filter(pk=row.target_id).first()

    def record_merge(self, kind: str, loser, survivor) -> None:
        """The loser's slug, and every slug that already pointed to it, point to the survivor:
        a chain of merges answers with one redirect, never two."""
        self.filter(kind=kind, target_id=loser.pk).update(target_id=survivor.pk)
        self.update_or_create(kind=kind, old_slug=loser.slug, defaults={"target_id": survivor.pk})
        # A live entry's own slug is never redirected away from it.
        self.filter(kind=kind, old_slug=survivor.slug).delete()


class SlugRedirect(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    old_slug = models.SlugField(_("old slug"), max_length=120)
    target_id = models.PositiveBigIntegerField(_("target id"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="slug_redirect_unique"),
        ]
        indexes = [models.Index(fields=["kind", "target_id"], name="slug_redirect_target")]

    def __str__(self):
        return f"{self.kind}: {self.old_slug} → {self.target_id}"
