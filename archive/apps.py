from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Stored pages are keyed by the archive's generation: any save shows at once.
        from archive import page_cache

        # Subscribers and what they were sent show on no page: send_alerts saving them must
        # not make every stored page stale.
        private = {"subscription", "delivery"}
        page_cache.connect_signals(
            [m for m in self.get_models() if m._meta.model_name not in private]
        )
